package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.models.WordPiece;
import dev.ferrite.tokenizers.models.WordTokens;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pretokenizers.BertPreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;

import java.util.function.IntFunction;

/**
 * BERT's pipeline (MiniLM, BGE, ...) after normalization, fused into one pass: the
 * {@link BertPreTokenizer} pieces (runs of characters that are neither white space nor
 * punctuation, and each punctuation character alone) are found by one scan of the normalized text,
 * each is given to {@link WordPiece} as characters (its word cache answers with ids and offsets;
 * a piece of one unit, such as a CJK ideograph, takes one trie probe), and token offsets go through
 * the normalized string's alignments directly. The general pipeline
 * would build two rounds of slices, pattern matches, split records and token lists for the same
 * result.
 *
 * <p>The offsets are those of the general pipeline: a slice's offsets are its parent's minus the
 * start of the slice's original range, and the slice's shift adds that start back, so a token
 * covering normalized units {@code [s, e)} of the whole text gets {@code [alignStart(s),
 * alignEnd(e - 1))} whatever slices lie between. Texts with an added token go to the general
 * pipeline ({@link #encode} returns null).
 *
 * <p>Immutable and thread-safe; the buffers of a call are its thread's {@link EncodeScratch}.
 */
final class BertFastPath implements FusedPath {
    private final Normalizer normalizer;
    private final WordPiece model;
    private final AddedVocabulary addedVocabulary;
    /** The model's token names, which the encodings look up only when their tokens are read. */
    private final IntFunction<String> names;
    private BertFastPath(Normalizer normalizer, WordPiece model, AddedVocabulary addedVocabulary) {
        this.normalizer = normalizer;
        this.model = model;
        this.addedVocabulary = addedVocabulary;
        this.names = model::idToToken;
    }

    /** The fused pass for this pipeline, or null when it is not the one this class covers. */
    static BertFastPath of(Normalizer normalizer, PreTokenizer preTokenizer, Model model, AddedVocabulary added) {
        if (!(preTokenizer instanceof BertPreTokenizer)) return null;
        if (!(model instanceof WordPiece wordPiece) || !wordPiece.hasUniqueIds()) return null;
        return new BertFastPath(normalizer, wordPiece, added);
    }

    /**
     * The encoding of one sequence (before post-processing), as {@code Tokenizer.encodeSequence}
     * would build it; null when this text needs the general pipeline.
     */
    @Override
    public RawEncoding encode(String text, int typeId, EncodeScratch scratch) {
        NormalizedUnits normalized = FusedPath.normalizeWithoutAddedTokens(text, normalizer, addedVocabulary, scratch);
        if (normalized == null) return null;
        char[] t = normalized.chars();
        int n = normalized.length();
        RawEncoding out = RawEncoding.borrowing(typeId, names);
        char[] word = scratch.word(Math.min(n, 64));
        WordTokens tokens = scratch.tokens();
        int wordIndex = 0;
        int i = 0;
        while (i < n) {
            int units = units(t, i, n);
            byte kind = BertPreTokenizer.charClass(units == 1 ? t[i] : Character.codePointAt(t, i));
            if (kind == BertPreTokenizer.SPACE) {
                i += units;
                continue;
            }
            int start = i;
            i += units;
            if (kind == BertPreTokenizer.OTHER) {
                // The rest of the run of ordinary characters.
                while (i < n) {
                    units = units(t, i, n);
                    if (BertPreTokenizer.charClass(units == 1 ? t[i] : Character.codePointAt(t, i)) != BertPreTokenizer.OTHER) break;
                    i += units;
                }
            }
            int len = i - start;
            if (len == 1 && !Character.isSurrogate(t[start])) {
                // A word of one unit (an ideograph, a punctuation mark): no cache needed.
                int id = model.singleUnitId(t[start]);
                if (id >= 0) {
                    out.addModelToken(id, normalized.alignStart(start), normalized.alignEnd(start), wordIndex, typeId);
                    wordIndex++;
                    continue;
                }
            }
            if (word.length < len) word = scratch.word(len);
            int hash = 0;
            for (int k = 0; k < len; k++) {
                char ch = t[start + k];
                word[k] = ch;
                hash = 31 * hash + ch;
            }
            model.tokenize(word, len, hash, tokens);
            for (int k = 0, count = tokens.count(); k < count; k++) {
                int id = tokens.id(k);
                int ts = tokens.start(k);
                int te = tokens.end(k);
                // As PreTokenizedString.toEncoding maps a token through its piece (see above).
                if (ts == te) {
                    ts = te = normalized.alignStart(start) + ts;
                } else if (ts < te && ts >= 0 && te <= len) {
                    int os = normalized.alignStart(start + ts);
                    te = normalized.alignEnd(start + te - 1);
                    ts = os;
                }
                out.addModelToken(id, ts, te, wordIndex, typeId);
            }
            wordIndex++;
        }
        return out;
    }

    /** 2 at a surrogate pair, else 1 (a lone surrogate is a character of its own, as Rust reads U+FFFD). */
    private static int units(char[] t, int i, int n) {
        return Character.isHighSurrogate(t[i]) && i + 1 < n && Character.isLowSurrogate(t[i + 1]) ? 2 : 1;
    }
}
