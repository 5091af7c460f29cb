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
public final class TemplateProcessing implements PostProcessor {
    private final List<Piece> single;
    private final List<Piece> pair;
    private final Map<String, SpecialToken> specialTokens;
    /**
     * The single template's special tokens laid out once, for {@link #processSingleInPlace}; null
     * when that template does not qualify. Each encode looked the pieces' special tokens up in the
     * map again (twice), a few percent of encoding a short line.
     */
    private final SingleLayout singleLayout;

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

    public TemplateProcessing(List<Piece> single, List<Piece> pair, Map<String, SpecialToken> specialTokens) {
        this.single = List.copyOf(single);
        this.pair = List.copyOf(pair);
        this.specialTokens = Map.copyOf(specialTokens);
        this.singleLayout = SingleLayout.of(this.single, this.specialTokens);
    }

    public List<Piece> single() {
        return single;
    }

    public List<Piece> pair() {
        return pair;
    }

    public Map<String, SpecialToken> specialTokens() {
        return specialTokens;
    }

    // Value semantics as the record this was, and as the other post-processors (records) have:
    // equal templates are equal processors, whatever was laid out from them.
    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateProcessing t && single.equals(t.single) && pair.equals(t.pair)
                && specialTokens.equals(t.specialTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(single, pair, specialTokens);
    }

    @Override
    public String toString() {
        return "TemplateProcessing[single=" + single + ", pair=" + pair + ", specialTokens=" + specialTokens + "]";
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

    /**
     * As {@link PostProcessor#process}; a single sequence without overflowing pieces (nearly every
     * call) gets its special tokens in place, which gives the same encoding as laying the pieces out
     * and merging them, without an encoding per special token and a copy of the whole.
     */
    @Override
    public RawEncoding process(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens) {
        if (pair == null && singleLayout != null && encoding.overflowing().isEmpty()) {
            return singleLayout.apply(encoding, addSpecialTokens);
        }
        return PostProcessor.super.process(encoding, pair, addSpecialTokens);
    }

    /**
     * The single template laid out for an encoding changed in place, when it uses {@code $A} once
     * and names only known special tokens (else the general path fails or keeps the quirks): the
     * special tokens before and after {@code $A}, flattened. {@link #apply} gives what
     * {@link #processEncodings} and the merge give: the encoding's type ids those of {@code $A},
     * sequence 0 over its tokens, the special tokens with offsets (0, 0), no word, masks 1.
     */
    private record SingleLayout(int sequenceTypeId, int before, int[] ids, String[] tokens, int[] typeIds) {
        static SingleLayout of(List<Piece> single, Map<String, SpecialToken> specialTokens) {
            int sequenceAt = -1;
            int count = 0;
            int before = 0;
            for (int k = 0; k < single.size(); k++) {
                switch (single.get(k)) {
                    case SequencePiece s -> {
                        if (s.pair() || sequenceAt >= 0) return null;
                        sequenceAt = k;
                        before = count;
                    }
                    case SpecialTokenPiece p -> {
                        SpecialToken t = specialTokens.get(p.id());
                        if (t == null) return null;
                        count += t.ids().size();
                    }
                }
            }
            if (sequenceAt < 0) return null;
            // No streams or method references: classes to spin at a cold load.
            int[] ids = new int[count];
            String[] tokens = new String[count];
            int[] typeIds = new int[count];
            int at = 0;
            for (Piece piece : single) {
                if (!(piece instanceof SpecialTokenPiece p)) continue;
                SpecialToken t = specialTokens.get(p.id());
                for (int j = 0; j < t.ids().size(); j++, at++) {
                    ids[at] = t.ids().get(j);
                    tokens[at] = t.tokens().get(j);
                    typeIds[at] = p.typeId();
                }
            }
            return new SingleLayout(single.get(sequenceAt).typeId(), before, ids, tokens, typeIds);
        }

        RawEncoding apply(RawEncoding e, boolean addSpecialTokens) {
            e.setTypeIds(sequenceTypeId);
            e.setSequenceId(0);
            if (!addSpecialTokens) return e;
            e.insertFront(before);
            for (int j = 0; j < before; j++) e.set(j, ids[j], tokens[j], 0, 0, -1, typeIds[j], 1, 1);
            for (int j = before; j < ids.length; j++) e.add(ids[j], tokens[j], 0, 0, -1, typeIds[j], 1, 1);
            return e;
        }
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
