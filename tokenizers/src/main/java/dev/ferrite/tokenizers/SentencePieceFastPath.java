package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Bpe;
import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.models.WordTokens;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.normalizers.Replace;
import dev.ferrite.tokenizers.normalizers.Sequence;
import dev.ferrite.tokenizers.pipeline.Pattern;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pipeline.Token;
import dev.ferrite.tokenizers.pretokenizers.LiteralPattern;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.Split;

import java.util.List;
import java.util.function.IntFunction;

/**
 * SentencePiece-style BPE pipelines (Llama 2, Gemma...) after normalization, fused into one pass:
 * the model sees the whole normalized text as one word (no pre-tokenizer, or a {@link Split} that
 * finds nothing to split in it, as Gemma's split on spaces once spaces have become {@code '▁'}),
 * and {@link Bpe} tokenizes it (cutting it where its merge rules allow, each piece from its word
 * cache). The general pipeline would build a pre-tokenized string, its split and its token list
 * around the same call.
 *
 * <p>Token offsets are those of the general pipeline: the word is the normalized string's slice
 * over all of it, whose offsets into the original are its alignments (see {@link BertFastPath}). Texts with
 * an added token, or that the split would cut, go to the general pipeline.
 *
 * <p>Immutable and thread-safe; the buffers of a call are its thread's {@link EncodeScratch}.
 */
final class SentencePieceFastPath implements FusedPath {
    private final Normalizer normalizer;
    /** The pattern of the Split pre-tokenizer and its inversion, or null without pre-tokenizer. */
    private final Pattern split;
    private final boolean invert;
    /**
     * The one unit the split looks for when its pattern is that literal and not inverted (Gemma's
     * split on " "), else -1: a text without it is one piece, found by a scan of the units
     * instead of a string and a list of segments per call.
     */
    private final int splitUnit;
    private final Bpe model;
    private final AddedVocabulary addedVocabulary;
    /** The model's token names, which the encodings look up only when their tokens are read. */
    private final IntFunction<String> names;

    private SentencePieceFastPath(Normalizer normalizer, Pattern split, boolean invert, Bpe model, AddedVocabulary added) {
        this.normalizer = normalizer;
        this.split = split;
        this.invert = invert;
        this.splitUnit = !invert && split instanceof LiteralPattern(String literal) && literal.length() == 1 ? literal.charAt(0) : -1;
        this.model = model;
        this.addedVocabulary = added;
        this.names = model::idToToken;
    }

    /** The fused pass for this pipeline, or null when it is not the one this class covers. */
    static SentencePieceFastPath of(Normalizer normalizer, PreTokenizer preTokenizer, Model model, AddedVocabulary added) {
        if (!(model instanceof Bpe bpe)) return null;
        if (preTokenizer == null) return new SentencePieceFastPath(normalizer, null, false, bpe, added);
        if (!(preTokenizer instanceof Split s)) return null;
        // Gemma's split on " " after its normalizer turned every " " into "▁": it never splits,
        // so the pass is the one without pre-tokenizer (no scan of the units for a " " per call).
        boolean neverSplits = !s.invert() && s.pattern() instanceof LiteralPattern(String literal) && literal.length() == 1
                && leavesNo(normalizer, literal.charAt(0));
        if (neverSplits) return new SentencePieceFastPath(normalizer, null, false, bpe, added);
        return new SentencePieceFastPath(normalizer, s.pattern(), s.invert(), bpe, added);
    }

    /** Whether text out of {@code normalizer} (null for none) never holds {@code unit}. */
    private static boolean leavesNo(Normalizer normalizer, char unit) {
        return switch (normalizer) {
            case Replace r -> r.leavesNo(unit);
            case Sequence(List<Normalizer> steps) -> !steps.isEmpty() && leavesNo(steps.getLast(), unit);
            case null, default -> false;
        };
    }

    /** Whether {@code chars[0, n)} does not hold {@code unit}. */
    private static boolean lacks(char[] chars, int n, char unit) {
        for (int i = 0; i < n; i++) if (chars[i] == unit) return false;
        return true;
    }

    @Override
    public RawEncoding encode(String text, int typeId, EncodeScratch scratch) {
        NormalizedUnits normalized = FusedPath.normalizeWithoutAddedTokens(text, normalizer, addedVocabulary, scratch);
        if (normalized == null) return null;
        int n = normalized.length();
        if (n == 0) return new RawEncoding(2);
        if (split != null && !(splitUnit >= 0 && lacks(normalized.chars(), n, (char) splitUnit))) {
            // Whatever its delimiter behaviour, a split whose pattern finds one non-match segment
            // over the whole text leaves the text as one piece.
            List<Pattern.Match> segments = split.findMatches(normalized.text());
            if (segments.size() != 1 || segments.get(0).isMatch() != invert) return null;
        }
        // Offsets as PreTokenizedString.toEncoding maps a token of the one piece (the whole text).
        // Ids and offsets without token objects when ids name their tokens; else the tokens themselves.
        WordTokens packed = null;
        List<Token> tokens = null;
        int count;
        if (model.hasUniqueIds()) {
            // Room for a token per two units (it grows if needed): a token per unit is rare. A
            // holder kept from earlier calls usually has it already.
            packed = scratch.tokens(n / 2 + 8);
            model.tokenize(normalized.chars(), n, packed);
            count = packed.count();
        } else {
            tokens = model.tokenize(normalized.text());
            count = tokens.size();
        }
        RawEncoding out = RawEncoding.borrowing(typeId, names);
        if (packed != null && normalized.unitForUnit()) {
            // Unit i came from original unit i - shift alone (prepended units from unit 0): the
            // alignments below, done by arithmetic.
            int shift = normalized.shift();
            for (int k = 0; k < count; k++) {
                int ts = packed.start(k);
                int te = packed.end(k);
                if (ts < te && ts >= 0 && te <= n) {
                    ts = Math.max(ts - shift, 0);
                    te = Math.max(te - 1 - shift, 0) + 1;
                }
                out.addModelToken(packed.id(k), ts, te, 0, typeId);
            }
            return out;
        }
        for (int k = 0; k < count; k++) {
            int id = packed != null ? packed.id(k) : tokens.get(k).id();
            int ts = packed != null ? packed.start(k) : tokens.get(k).start();
            int te = packed != null ? packed.end(k) : tokens.get(k).end();
            if (ts == te) {
                ts = te = normalized.alignStart(0) + ts;
            } else if (ts < te && ts >= 0 && te <= n) {
                int os = normalized.alignStart(ts);
                te = normalized.alignEnd(te - 1);
                ts = os;
            }
            if (packed != null) {
                out.addModelToken(id, ts, te, 0, typeId);
            } else {
                out.add(id, tokens.get(k).value(), ts, te, 0, typeId, 0, 1);
            }
        }
        return out;
    }
}
