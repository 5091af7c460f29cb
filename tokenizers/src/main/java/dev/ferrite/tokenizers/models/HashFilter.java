package dev.ferrite.tokenizers.models;

import java.util.Collection;

/**
 * A one-hash Bloom filter over {@link String#hashCode} values: whether a string may be one of a set
 * of strings, answered from one bit. With ignore_merges, BPE asks whether each word it has not
 * cached is a token of the vocabulary; most words, at least in varied text, are not, and a clear
 * bit tells so without a look into the vocabulary's hash map (a walk through a table, a node, a
 * string and its bytes, each likely a cache miss in a map of 128,000 tokens).
 *
 * <p>Sixteen bits per string: about 6% of the strings outside the set still find their bit set.
 * Immutable and thread-safe.
 */
final class HashFilter {
    private final long[] bits;
    /** {@code 32 - log2(bit count)}: the top bits of the mixed hash pick the bit. */
    private final int shift;

    HashFilter(Collection<String> strings) {
        int log2 = Math.max(6, 32 - Integer.numberOfLeadingZeros(Math.max(1, 16 * strings.size() - 1)));
        bits = new long[1 << (log2 - 6)];
        shift = 32 - log2;
        for (String s : strings) {
            int b = bit(s.hashCode());
            bits[b >>> 6] |= 1L << b;
        }
    }

    private int bit(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** False when no string of the set has hash {@code hash}; true when one may have it. */
    boolean mayContain(int hash) {
        int b = bit(hash);
        return (bits[b >>> 6] & 1L << b) != 0;
    }
}
