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
 * byte-level characters, the model's answer) are kept per thread and reused by the next call: they
 * were a third of what encoding a short line allocated, and allocation is a large share of its cost.
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
    /** This thread's buffers, shared by every tokenizer that the thread runs (a call never calls another). */
    private static final ThreadLocal<Pass> PASSES = ThreadLocal.withInitial(Pass::new);

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
     * The encoding of one sequence (before post-processing), as {@code Tokenizer.encodeSequence}
     * would build it; null when this text needs the general pipeline.
     */
    @Override
    public RawEncoding encode(String text, int typeId) {
        if (nfc && !java.text.Normalizer.isNormalized(text, java.text.Normalizer.Form.NFC)) return null;
        if (addedVocabulary.mayMatch(text)) return null;
        int n = text.length();
        RawEncoding out = RawEncoding.borrowing(typeId, names);
        if (n == 0) return out;
        // Contiguous matches are all pieces, or all removed: a match of an inverted pattern is a
        // non-match, which REMOVED keeps; a plain match it drops.
        if (pattern instanceof Pattern.Contiguous && dropMatches && !invert) return out;
        Pass pass = PASSES.get();
        char[] chars = pass.begin(text, model, out, typeId);
        try {
            if (pattern instanceof Pattern.Contiguous contiguous) {
                for (int i = 0, e; i < n; i = e) {
                    e = contiguous.matchEnd(chars, i, n);
                    pass.piece(i, e);
                }
            } else {
                List<Pattern.Match> pieces = pattern.findMatches(text);
                for (int p = 0, count = pieces.size(); p < count; p++) {
                    Pattern.Match piece = pieces.get(p);
                    if (piece.start() == piece.end()) continue; // empty pieces are dropped, as PreTokenizedString.split does
                    if (dropMatches && piece.isMatch() != invert) continue;
                    pass.piece(piece.start(), piece.end());
                }
            }
        } finally {
            pass.end(); // also after an error: the thread's pass must not keep the encoding
        }
        return out;
    }

    /**
     * One encode call at a time on one thread: the text, the model, the encoding being built, and the
     * buffers reused from piece to piece and from call to call.
     */
    private static final class Pass {
        /** Buffers grown past this many chars are dropped after the call, so that one long text does not keep its megabytes. */
        private static final int KEEP = 1 << 16;
        private static final char[] NO_UNITS = {};

        // Buffers start empty and grow to what the thread's calls need: a virtual thread (the
        // server's request) that encodes once allocates what a call without reuse would.
        private char[] text = NO_UNITS;
        private Bpe model;
        private RawEncoding out;
        private int typeId;
        private final WordTokens tokens = new WordTokens();
        /** The piece as byte-level characters; a piece of k UTF-16 units has at most 3k bytes. */
        private char[] word = NO_UNITS;
        /** Per byte-level character of a non-ASCII piece: its character's range in the piece. */
        private int[] charStart;
        private int[] charEnd;
        private int wordIndex;

        /** Starts a call on {@code source} (not empty); returns its characters, in a buffer that may be longer. */
        char[] begin(String source, Bpe model, RawEncoding out, int typeId) {
            int n = source.length();
            if (text.length < n) text = new char[Math.max(n, 2 * text.length)];
            source.getChars(0, n, text, 0);
            this.model = model;
            this.out = out;
            this.typeId = typeId;
            wordIndex = 0;
            return text;
        }

        /** Ends the call: lets go of the encoding and of buffers that one long text made large. */
        void end() {
            out = null;
            if (text.length > KEEP) text = NO_UNITS;
            if (word.length > 3 * KEEP) word = NO_UNITS;
            if (charStart != null && charStart.length > 3 * KEEP) charStart = charEnd = null;
            tokens.trim(3 * KEEP); // more than KEEP tokens, or the merge scratch of a very long piece
        }

        /** Encodes the piece {@code text[start, end)} (not empty). */
        void piece(int start, int end) {
            char[] text = this.text;
            int len = end - start;
            if (word.length < 3 * len) word = new char[Math.max(3 * len, 2 * word.length)];
            char[] word = this.word;
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
                if (charStart == null || charStart.length < 3 * len) {
                    charStart = new int[Math.max(3 * len, 64)];
                    charEnd = new int[charStart.length];
                }
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
                        charStart[j] = i - start;
                        charEnd[j] = i - start + units;
                        hash = 31 * hash + word[j];
                    }
                    i += units;
                }
            }
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
                        int os = charStart[ts];
                        te = start + charEnd[te - 1];
                        ts = start + os;
                    }
                }
                out.addModelToken(id, ts, te, wordIndex, typeId);
            }
            wordIndex++;
        }
    }
}
