package dev.ferrite.tokenizers.models;

import java.util.Map;

/**
 * A vocabulary's tokens as a compact read-only table, asked whether a whole word (UTF-16 units in
 * a buffer, with its {@link String#hashCode}) is a token, and its id. The models ask it first when a
 * word in the vocabulary is its own one token: WordPiece's longest match from the start of a word
 * is the word itself when the vocabulary has it, and BPE with {@code ignore_merges} takes such a
 * word whole. Most English words are tokens of MiniLM's or Llama 3's vocabulary.
 *
 * <p>Why not the word cache or the vocabulary's hash map: a hit in the cache reads a tag and a
 * slot of two cache lines, with a version check on either side; the hash map reads a node, a key
 * string and its bytes. Here a slot is eight ints (hash, id, where the token's units start in one
 * shared array, length, the first eight units) side by side: a hit on a word of up to eight units
 * reads the slot alone, and the table of a 30,000-token vocabulary (2 MB) fits the processor's L2
 * cache. Immutable and thread-safe.
 */
final class VocabWords {
    /**
     * A slot: hash, id, start in {@link #units}, length + 1 (0: an empty slot), then the first
     * {@value #INLINE} units two per int (zeros after the token's end): most words are this short,
     * and are compared without reading {@link #units}.
     */
    private static final int SLOT = 8;
    private static final int INLINE = 8;
    private final int[] slots;
    private final char[] units;
    /** {@code 32 - log2(slot count)}: the top bits of the mixed hash pick the slot. */
    private final int shift;
    /**
     * Sixteen bits per token (a few tens of kilobytes, in the L1 cache): most words that are not
     * tokens are told so without a probe of the table (BGE-small-zh, a Chinese vocabulary, has
     * under half of the English words).
     */
    private final HashFilter filter;

    /** The table of {@code vocab}'s tokens (token to id). */
    VocabWords(Map<String, Integer> vocab) {
        int bits = Math.max(2, 33 - Integer.numberOfLeadingZeros(Math.max(1, vocab.size()))); // at most half full
        slots = new int[SLOT << bits];
        shift = 32 - bits;
        int total = 0;
        for (String token : vocab.keySet()) total += token.length();
        units = new char[total];
        int at = 0;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) at = add(e.getKey(), e.getValue(), at);
        filter = new HashFilter(vocab.keySet());
    }

    /** Puts {@code token} (not in the table yet), its units at {@code at}; returns where the next units go. */
    private int add(String token, int id, int at) {
        int mask = (slots.length / SLOT) - 1;
        int hash = token.hashCode();
        int i = slot(hash);
        while (slots[SLOT * i + 3] != 0) i = (i + 1) & mask;
        int n = token.length();
        token.getChars(0, n, units, at);
        slots[SLOT * i] = hash;
        slots[SLOT * i + 1] = id;
        slots[SLOT * i + 2] = at;
        slots[SLOT * i + 3] = n + 1;
        for (int k = 0; k < Math.min(n, INLINE); k++) slots[SLOT * i + 4 + (k >> 1)] |= token.charAt(k) << ((k & 1) << 4);
        return at + n;
    }

    /**
     * The id of the token {@code w[from, from + length)}, whose {@link String#hashCode} is
     * {@code hash}, or -1 when the vocabulary has no such token.
     */
    int id(char[] w, int from, int length, int hash) {
        if (!filter.mayContain(hash)) return -1;
        int[] s = slots;
        int mask = (s.length / SLOT) - 1;
        for (int i = slot(hash); ; i = (i + 1) & mask) {
            int b = SLOT * i;
            int stored = s[b + 3];
            if (stored == 0) return -1;
            if (s[b] == hash && stored == length + 1 && sameInline(s, b + 4, w, from, length)
                    && (length <= INLINE || sameUnits(s[b + 2] + INLINE, w, from + INLINE, length - INLINE))) {
                return s[b + 1];
            }
        }
    }

    /** Whether the first {@value #INLINE} units of the word (or all, if fewer) are those packed at {@code s[at]}. */
    private static boolean sameInline(int[] s, int at, char[] w, int from, int length) {
        int k = 0;
        for (int end = Math.min(length, INLINE) - 1; k < end; k += 2) {
            if (s[at + (k >> 1)] != (w[from + k] | w[from + k + 1] << 16)) return false;
        }
        // An odd last unit: the other half of its int is zero.
        return k >= Math.min(length, INLINE) || s[at + (k >> 1)] == w[from + k];
    }

    private boolean sameUnits(int at, char[] w, int from, int length) {
        char[] u = units;
        for (int k = 0; k < length; k++) if (u[at + k] != w[from + k]) return false;
        return true;
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on all of the hash code's bits.
        return (hash * 0x9E3779B9) >>> shift;
    }
}
