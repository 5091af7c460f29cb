package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lays the sequences and special tokens out as a template says, one template for a single
 * sequence and one for a pair: for BERT {@code [CLS]:0 $A:0 [SEP]:0} and
 * {@code [CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1}, each piece with the type id its tokens get. A special
 * token piece names an entry of {@code specialTokens}, which may expand to several tokens. Port of
 * {@code processors/template.rs}.
 *
 * <p>Quirks kept from the reference: a sequence piece sets the type ids of its sequence but not of
 * that sequence's overflowing pieces (they keep 0 or 1); a sequence may appear twice; a pair
 * template may leave a sequence out. A template piece naming a special token that is not in
 * {@code specialTokens} counts for nothing in {@link #addedTokens} and makes encoding with special
 * tokens fail (the Rust library panics); a single template using {@code $B} fails likewise.
 */
public record TemplateProcessing(List<Piece> single, List<Piece> pair, Map<String, SpecialToken> specialTokens)
        implements PostProcessor {

    /** One element of a template. */
    public sealed interface Piece permits SequencePiece, SpecialTokenPiece {
        int typeId();
    }

    /** {@code $A} ({@code pair == false}) or {@code $B}: the tokens of that sequence, with {@code typeId}. */
    public record SequencePiece(boolean pair, int typeId) implements Piece {
    }

    /** The special token registered under {@code id} in the special tokens map, with {@code typeId}. */
    public record SpecialTokenPiece(String id, int typeId) implements Piece {
        public SpecialTokenPiece {
            Objects.requireNonNull(id, "id");
        }
    }

    /** What a special token id expands to: parallel lists of ids and token strings. */
    public record SpecialToken(String id, List<Integer> ids, List<String> tokens) {
        public SpecialToken {
            Objects.requireNonNull(id, "id");
            ids = List.copyOf(ids);
            tokens = List.copyOf(tokens);
            if (ids.size() != tokens.size()) {
                throw new IllegalArgumentException("special token " + id + ": " + ids.size() + " ids but " + tokens.size() + " tokens");
            }
        }
    }

    public TemplateProcessing {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        specialTokens = Map.copyOf(specialTokens);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof SpecialTokenPiece s) {
                SpecialToken t = specialTokens.get(s.id());
                if (t != null) n += t.ids().size();
            }
        }
        return n;
    }

    @Override
    public List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens) {
        List<Piece> template = encodings.size() == 2 ? pair : single;
        String which = encodings.size() == 2 ? "pair" : "single";
        // Each sequence piece in Rust clones its encoding; all uses but the last get a copy here.
        int[] lastUse = {-1, -1};
        for (int k = 0; k < template.size(); k++) {
            if (template.get(k) instanceof SequencePiece s) lastUse[s.pair() ? 1 : 0] = k;
        }
        List<RawEncoding> out = new ArrayList<>(template.size());
        for (int k = 0; k < template.size(); k++) {
            switch (template.get(k)) {
                case SequencePiece s -> {
                    int i = s.pair() ? 1 : 0;
                    if (i >= encodings.size()) {
                        throw new TokenizerException("TemplateProcessing: the " + which + " template uses $B, but there is no pair sequence");
                    }
                    RawEncoding e = encodings.get(i);
                    e.setTypeIds(s.typeId());
                    e.setSequenceId(i);
                    out.add(k == lastUse[i] ? e : e.copy());
                }
                case SpecialTokenPiece p -> {
                    if (!addSpecialTokens) continue;
                    SpecialToken t = specialTokens.get(p.id());
                    if (t == null) {
                        throw new TokenizerException("TemplateProcessing: the " + which + " template names special token \""
                                + p.id() + "\", which is not in special_tokens " + specialTokens.keySet());
                    }
                    RawEncoding e = new RawEncoding(t.ids().size());
                    for (int j = 0; j < t.ids().size(); j++) e.add(t.ids().get(j), t.tokens().get(j), 0, 0, -1, p.typeId(), 1, 1);
                    out.add(e);
                }
            }
        }
        return out;
    }
}
