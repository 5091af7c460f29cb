package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;

/**
 * The merging of one word of a {@link Bpe} (Rust {@code merge_word}, {@code models/bpe/model.rs}):
 * its initial symbols — a token per character, else its byte-fallback tokens, else the unk token
 * (consecutive ones fused with fuse_unk), else nothing — and the merge rules applied to them.
 * Immutable and thread-safe; each call builds its own {@link BpeWord} or fills the caller's.
 */
final class BpeMerger {
    /** Words of up to this many symbols are merged by {@link BpeWord#mergeByScan}, longer ones through a priority queue. */
    private static final int SCAN_LIMIT = 64;

    private final BpeAlphabet alphabet;
    private final MergeTable merges;
    private final boolean byteFallback;
    private final String unkToken;
    private final int unkId;
    private final String unkTokenLocation;
    private final boolean fuseUnk;
    /** 0 means no dropout. */
    private final float dropout;
    /** Whether short words may be merged by scanning: plain merges (see {@link BpeWord#mergeByScan}) and no dropout. */
    private final boolean scan;

    /**
     * {@code unkId} is the unk token's id, or -1 when it is not in the vocabulary (an error only
     * once it is needed, as in Rust); {@code unkTokenLocation} names the model in that error.
     */
    BpeMerger(BpeAlphabet alphabet, MergeTable merges, boolean plainMerges, float dropout, boolean byteFallback,
              String unkToken, int unkId, String unkTokenLocation, boolean fuseUnk) {
        this.alphabet = alphabet;
        this.merges = merges;
        this.byteFallback = byteFallback;
        this.unkToken = unkToken;
        this.unkId = unkId;
        this.unkTokenLocation = unkTokenLocation;
        this.fuseUnk = fuseUnk;
        this.dropout = dropout;
        this.scan = plainMerges && dropout == 0f;
    }

    /** Whether the character {@code cp} is never dropped: it has a token, its bytes do, or there is an unk token. */
    boolean keeps(int cp) {
        return unkToken != null || byteFallback && alphabet.hasBytes(cp);
    }

    /** Rust's {@code merge_word} on the word {@code text[from, to)}: its initial symbols, merged. */
    BpeWord merge(char[] text, int from, int to) {
        return merge(text, from, to, new BpeWord(to - from));
    }

    /**
     * {@link #merge(char[], int, int)} into {@code word}, emptied first: the caller's scratch (see
     * {@link WordTokens#word}), valid until its next use.
     */
    BpeWord merge(char[] text, int from, int to, BpeWord word) {
        word.reset(to - from);
        boolean hasUnk = false;
        int pendingUnkId = -1;
        int pendingUnkLen = 0;
        int i = from;
        while (i < to) {
            int cp = Character.codePointAt(text, i, to);
            int next = i + Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) cp = 0xFFFD;
            boolean first = i == from;
            boolean last = next == to;
            int byteLen = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            int id = alphabet.id(cp, first, last);
            if (id >= 0) {
                if (hasUnk) {
                    word.add(pendingUnkId, pendingUnkLen);
                    hasUnk = false;
                }
                word.add(id, byteLen);
            } else if (byteFallback && alphabet.addBytes(word, cp, first, last)) {
                // Rust leaves a pending unk pending here: it is added after these bytes.
            } else if (unkToken != null) {
                if (hasUnk && fuseUnk) {
                    pendingUnkLen += byteLen;
                } else {
                    if (hasUnk) word.add(pendingUnkId, pendingUnkLen);
                    if (unkId < 0) {
                        // Rust loads such a model and fails here, when the unk token is first needed.
                        throw new TokenizerException(unkTokenLocation + ": unk_token \"" + unkToken
                                + "\" is not in the vocabulary, but is needed for " + describe(cp));
                    }
                    pendingUnkId = unkId;
                    pendingUnkLen = byteLen;
                    hasUnk = true;
                }
            }
            // else: no unk token, the character is dropped (and, as in Rust, its bytes are not counted).
            i = next;
        }
        if (hasUnk) word.add(pendingUnkId, pendingUnkLen);
        if (scan && word.size() <= SCAN_LIMIT) word.mergeByScan(merges);
        else word.mergeAll(merges, dropout);
        return word;
    }

    private static String describe(int cp) {
        return String.format("the unknown character U+%04X", cp);
    }
}
