package dev.ferrite.tokenizers.models;

/**
 * A read-only token to id table for resolving BPE merge rules at load ({@link Bpe}): open addressing
 * over the tokens' {@link String#hashCode}s kept beside them, so a lookup touches two arrays rather
 * than a hash map's node, key and boxed id, and the merged token {@code left + right} is looked up
 * without making that string (its hash code follows from the parts). Tens or hundreds of thousands
 * of rules make three lookups each.
 */
final class TokenIds {
    private final String[] keys;
    private final int[] hashes;
    private final int[] ids;
    private final int shift;

    /** An empty table for up to {@code size} tokens, to {@link #put}. */
    TokenIds(int size) {
        int bits = Math.max(2, 33 - Integer.numberOfLeadingZeros(Math.max(1, size)));  // at most half full
        keys = new String[1 << bits];
        hashes = new int[1 << bits];
        ids = new int[1 << bits];
        shift = 32 - bits;
    }

    /** Adds {@code token}, which is not in the table yet. */
    void put(String token, int id) {
        int h = token.hashCode();
        int mask = keys.length - 1;
        int i = slot(h);
        while (keys[i] != null) i = (i + 1) & mask;
        keys[i] = token;
        hashes[i] = h;
        ids[i] = id;
    }

    /** The id of {@code s.substring(from, to)}, or -1. */
    int id(String s, int from, int to) {
        return id(s, from, to, "", 0, 0);
    }

    /**
     * The id of {@code a.substring(aFrom, aTo) + b.substring(bFrom, bTo)}, or -1: a token of a merge
     * rule (a region of its line) or the token the rule makes, looked up without making it.
     */
    int id(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        int h = 0;  // String.hashCode of the concatenation
        for (int k = aFrom; k < aTo; k++) h = 31 * h + a.charAt(k);
        for (int k = bFrom; k < bTo; k++) h = 31 * h + b.charAt(k);
        int aLength = aTo - aFrom;
        int length = aLength + bTo - bFrom;
        int mask = keys.length - 1;
        for (int i = slot(h); keys[i] != null; i = (i + 1) & mask) {
            String key = keys[i];
            if (hashes[i] == h && key.length() == length && key.regionMatches(0, a, aFrom, aLength)
                    && key.regionMatches(aLength, b, bFrom, bTo - bFrom)) {
                return ids[i];
            }
        }
        return -1;
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on all of the hash code's bits.
        return (hash * 0x9E3779B9) >>> shift;
    }
}
