package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Bpe;
import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.models.WordTokens;
import dev.ferrite.tokenizers.normalizers.Nfc;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.Pattern;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;
import dev.ferrite.tokenizers.pretokenizers.ByteLevel;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.Sequence;
import dev.ferrite.tokenizers.pretokenizers.Split;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The byte-level BPE pipeline of GPT-style tokenizers (Llama 3, Qwen, GPT-4o...) fused into one
 * pass: no normalizer (or NFC over text that is already NFC), a regex {@link Split} that isolates
 * the pieces (or removes the delimiters, possibly inverted), {@link ByteLevel} without prefix
 * space or regex, and a {@link Bpe} model without dropout whose ids name their tokens (no two
 * share one). The general pipeline builds a normalized string, a slice per piece, a byte-level copy
 * of it with alignment arrays, a split record and a token list, then maps every token back through
 * the alignments; here each piece is written as byte-level characters into one reused buffer, the
 * model's word cache is asked with that buffer (its answer: ids and offsets, no objects), and token
 * offsets are mapped to the text directly.
 *
 * <p>The result is the general pipeline's, by construction: the same pieces, the same words for the
 * model, and the offsets that alignments would give (every byte of a character carries that
 * character's range, see {@link ByteLevel}). Texts the fused pass does not cover — an added token
 * somewhere in the text, or text that NFC would change — are left to the general pipeline
 * ({@link #encode} returns null).
 *
 * <p>Immutable and thread-safe. The buffers of a call (the text's characters, the piece as
 * byte-level characters, the model's answer) are its thread's {@link EncodeScratch}: they were a
 * third of what encoding a short line allocated, and allocation is a large share of its cost.
 */
final class ByteLevelFastPath implements FusedPath {
    private static final char[] BYTE_TO_CHAR = new char[256];

    static {
        for (int b = 0; b < 256; b++) BYTE_TO_CHAR[b] = ByteLevel.byteToChar(b);
    }

    private final Pattern pattern;
    /** Segments that are matches (after {@code invert}) are dropped, not pieces: Split's REMOVED behaviour. */
    private final boolean invert;
    private final boolean dropMatches;
    private final Bpe model;
    private final boolean nfc;
    private final AddedVocabulary addedVocabulary;
    /** The model's token names, which the encodings look up only when their tokens are read. */
    private final IntFunction<String> names;

    private ByteLevelFastPath(Pattern pattern, boolean invert, boolean dropMatches, Bpe model, boolean nfc,
                              AddedVocabulary addedVocabulary) {
        this.pattern = pattern;
        this.invert = invert;
        this.dropMatches = dropMatches;
        this.model = model;
        this.nfc = nfc;
        this.addedVocabulary = addedVocabulary;
        this.names = model::idToToken;
    }

    /** The fused pass for this pipeline, or null when it is not the one this class covers. */
    static ByteLevelFastPath of(Normalizer normalizer, PreTokenizer preTokenizer, Model model, AddedVocabulary added) {
        if (normalizer != null && !(normalizer instanceof Nfc)) return null;
        if (!(model instanceof Bpe bpe) || bpe.dropout() > 0f || !bpe.hasUniqueIds()) return null;
        if (!(preTokenizer instanceof Sequence(List<PreTokenizer> steps)) || steps.size() != 2) return null;
        if (!(steps.get(0) instanceof Split split)) return null;
        SplitDelimiterBehavior behavior = split.behavior();
        if (behavior != SplitDelimiterBehavior.ISOLATED && behavior != SplitDelimiterBehavior.REMOVED) return null;
        if (!(steps.get(1) instanceof ByteLevel byteLevel) || byteLevel.addPrefixSpace() || byteLevel.useRegex()) return null;
        // Pieces: every segment (ISOLATED), or those that are not matches once inversion is applied (REMOVED).
        boolean dropMatches = behavior == SplitDelimiterBehavior.REMOVED;
        return new ByteLevelFastPath(split.pattern(), split.invert(), dropMatches, bpe, normalizer != null, added);
    }

    /**
     * Whether {@code text} is in NFC. Every character below U+0300 is NFC_Quick_Check Yes with combining
     * class 0, so text of such characters alone is NFC without asking the JDK's normalizer (whose data
     * loads on its first call, a few ms of a first encode).
     */
    private static boolean isNfc(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x300) return java.text.Normalizer.isNormalized(text, java.text.Normalizer.Form.NFC);
        }
        return true;
    }

    /**
     * The encoding of one sequence (before post-processing), as {@code Tokenizer.encodeSequence}
     * would build it; null when this text needs the general pipeline.
     */
    @Override
    public RawEncoding encode(String text, int typeId, EncodeScratch scratch) {
        if (nfc && !isNfc(text)) return null;
        if (addedVocabulary.mayMatch(text)) return null;
        int n = text.length();
        RawEncoding out = RawEncoding.borrowing(typeId, names);
        if (n == 0) return out;
        // Contiguous matches are all pieces, or all removed: a match of an inverted pattern is a
        // non-match, which REMOVED keeps; a plain match it drops.
        if (pattern instanceof Pattern.Contiguous && dropMatches && !invert) return out;
        char[] chars = scratch.text(text);
        int words = 0;
        if (pattern instanceof Pattern.Contiguous contiguous) {
            for (int i = 0, e; i < n; i = e) {
                e = contiguous.matchEnd(chars, i, n);
                piece(chars, i, e, words++, typeId, out, scratch);
            }
        } else {
            List<Pattern.Match> pieces = pattern.findMatches(text);
            for (int p = 0, count = pieces.size(); p < count; p++) {
                Pattern.Match piece = pieces.get(p);
                if (piece.start() == piece.end()) continue; // empty pieces are dropped, as PreTokenizedString.split does
                if (dropMatches && piece.isMatch() != invert) continue;
                piece(chars, piece.start(), piece.end(), words++, typeId, out, scratch);
            }
        }
        return out;
    }

    /** Adds the tokens of the piece {@code text[start, end)} (not empty), word {@code wordIndex} of the text, to {@code out}. */
    private void piece(char[] text, int start, int end, int wordIndex, int typeId, RawEncoding out, EncodeScratch scratch) {
        int len = end - start;
        char[] word = scratch.word(3 * len); // a piece of k UTF-16 units has at most 3k bytes
        int[] charRanges = null;  // per byte-level character of a non-ASCII piece: its character's range in the piece
        // Byte-level characters and their hash (String.hashCode of the word), in one pass.
        int k = 0;
        int hash = 0;
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            char b = BYTE_TO_CHAR[c];
            word[k++] = b;
            hash = 31 * hash + b;
        }
        if (!ascii) {
            k = 0;
            hash = 0;
            charRanges = scratch.ints(6 * len);
            for (int i = start; i < end; ) {
                int c = text[i];
                int units = 1;
                if (Character.isHighSurrogate((char) c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                    c = Character.toCodePoint((char) c, text[i + 1]);
                    units = 2;
                }
                int from = k;
                if (c < 0x80) {
                    word[k++] = BYTE_TO_CHAR[c];
                } else if (c < 0x800) {
                    word[k++] = BYTE_TO_CHAR[0xC0 | (c >> 6)];
                    word[k++] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                } else if (c < 0x10000) {
                    word[k++] = BYTE_TO_CHAR[0xE0 | (c >> 12)];
                    word[k++] = BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)];
                    word[k++] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                } else {
                    word[k++] = BYTE_TO_CHAR[0xF0 | (c >> 18)];
                    word[k++] = BYTE_TO_CHAR[0x80 | ((c >> 12) & 0x3F)];
                    word[k++] = BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)];
                    word[k++] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                }
                // Every byte of the character aligns to the whole character (relative to the piece).
                for (int j = from; j < k; j++) {
                    charRanges[2 * j] = i - start;
                    charRanges[2 * j + 1] = i - start + units;
                    hash = 31 * hash + word[j];
                }
                i += units;
            }
        }
        WordTokens tokens = scratch.tokens();
        model.tokenize(word, k, hash, tokens);
        for (int t = 0, tn = tokens.count(); t < tn; t++) {
            int id = tokens.id(t);
            int ts = tokens.start(t);
            int te = tokens.end(t);
            // NormalizedString.normalizedToOriginal on the byte-level piece, then the piece's shift:
            // an empty range maps to itself, an invalid one stays as the model gave it.
            if (ts == te) {
                ts += start;
                te += start;
            } else if (ts < te && ts >= 0 && te <= k) {
                if (ascii) {
                    ts += start;
                    te += start;
                } else {
                    int os = charRanges[2 * ts];
                    te = start + charRanges[2 * (te - 1) + 1];
                    ts = start + os;
                }
            }
            out.addModelToken(id, ts, te, wordIndex, typeId);
        }
    }
}
