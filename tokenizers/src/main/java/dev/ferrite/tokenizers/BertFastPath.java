package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.models.WordPiece;
import dev.ferrite.tokenizers.models.WordTokens;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pretokenizers.BertPreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;

/**
 * BERT's pipeline (MiniLM, BGE, ...) after normalization, fused into one pass: the
 * {@link BertPreTokenizer} pieces (runs of characters that are neither white space nor
 * punctuation, and each punctuation character alone) are found by one scan of the normalized text,
 * each is given to {@link WordPiece} as characters (its word cache answers with ids and offsets),
 * and token offsets go through the normalized string's alignments directly. The general pipeline
 * would build two rounds of slices, pattern matches, split records and token lists for the same
 * result.
 *
 * <p>The offsets are those of the general pipeline: a slice's offsets are its parent's minus the
 * start of the slice's original range, and the slice's shift adds that start back, so a token
 * covering normalized units {@code [s, e)} of the whole text gets {@code [alignStart(s),
 * alignEnd(e - 1))} whatever slices lie between. Texts with an added token go to the general
 * pipeline ({@link #encode} returns null).
 *
 * <p>Immutable and thread-safe; buffers live in each call.
 */
final class BertFastPath implements FusedPath {
    /** ASCII classes: 1 for white space, 2 for punctuation (Rust's is_whitespace, Bert's punctuation). */
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            if (CharClasses.isWhitespace(c)) ASCII[c] = 1;
            else if (BertPreTokenizer.isPunctuation(c)) ASCII[c] = 2;
        }
    }

    private final Normalizer normalizer;
    private final WordPiece model;
    private final AddedVocabulary addedVocabulary;

    private BertFastPath(Normalizer normalizer, WordPiece model, AddedVocabulary addedVocabulary) {
        this.normalizer = normalizer;
        this.model = model;
        this.addedVocabulary = addedVocabulary;
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
    public RawEncoding encode(String text, int typeId) {
        if (addedVocabulary.mayMatchRaw(text)) return null;
        NormalizedString normalized = new NormalizedString(text);
        if (normalizer != null) normalizer.normalize(normalized);
        String t = normalized.get();
        if (addedVocabulary.mayMatchNormalized(t)) return null;
        int n = t.length();
        RawEncoding out = new RawEncoding(n / 4 + 4);
        char[] word = new char[Math.min(n, 64)];
        WordTokens tokens = new WordTokens();
        int wordIndex = 0;
        int i = 0;
        while (i < n) {
            int c = t.charAt(i);
            int units = 1;
            int kind;
            if (c < 0x80) {
                kind = ASCII[c];
            } else {
                if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(t.charAt(i + 1))) {
                    c = Character.toCodePoint((char) c, t.charAt(i + 1));
                    units = 2;
                }
                kind = CharClasses.isWhitespace(c) ? 1 : BertPreTokenizer.isPunctuation(c) ? 2 : 0;
            }
            if (kind == 1) {
                i += units;
                continue;
            }
            int start = i;
            i += units;
            if (kind == 0) {
                // The rest of the run of ordinary characters.
                while (i < n) {
                    int d = t.charAt(i);
                    if (d < 0x80) {
                        if (ASCII[d] != 0) break;
                        i++;
                        continue;
                    }
                    int u = 1;
                    if (Character.isHighSurrogate((char) d) && i + 1 < n && Character.isLowSurrogate(t.charAt(i + 1))) {
                        d = Character.toCodePoint((char) d, t.charAt(i + 1));
                        u = 2;
                    }
                    if (CharClasses.isWhitespace(d) || BertPreTokenizer.isPunctuation(d)) break;
                    i += u;
                }
            }
            int len = i - start;
            if (word.length < len) word = new char[Math.max(len, 2 * word.length)];
            int hash = 0;
            for (int k = 0; k < len; k++) {
                char ch = t.charAt(start + k);
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
                    ts = te = normalized.originalShift() + normalized.alignStart(start) + ts;
                } else if (ts < te && ts >= 0 && te <= len) {
                    int os = normalized.alignStart(start + ts);
                    te = normalized.originalShift() + normalized.alignEnd(start + te - 1);
                    ts = normalized.originalShift() + os;
                }
                out.add(id, model.idToToken(id), ts, te, wordIndex, typeId, 0, 1);
            }
            wordIndex++;
        }
        return out;
    }
}
