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
        return id(s, from, to, hash(s, from, to));
    }

    /** The id of {@code s.substring(from, to)}, whose {@link #hash} is {@code hash}, or -1. */
    int id(String s, int from, int to, int hash) {
        return id(s, from, to, "", 0, 0, hash);
    }

    /**
     * The id of {@code a.substring(aFrom, aTo) + b.substring(bFrom, bTo)}, or -1: a token of a merge
     * rule (a region of its line) or the token the rule makes, looked up without making it.
     */
    int id(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        return id(a, aFrom, aTo, b, bFrom, bTo, joinedHash(hash(a, aFrom, aTo), hash(b, bFrom, bTo), bTo - bFrom));
    }

    /** As {@link #id(String, int, int, String, int, int)}, given the hash code of the concatenation. */
    int id(String a, int aFrom, int aTo, String b, int bFrom, int bTo, int hash) {
        int aLength = aTo - aFrom;
        int length = aLength + bTo - bFrom;
        int mask = keys.length - 1;
        for (int i = slot(hash); keys[i] != null; i = (i + 1) & mask) {
            String key = keys[i];
            if (hashes[i] == hash && key.length() == length && key.regionMatches(0, a, aFrom, aLength)
                    && key.regionMatches(aLength, b, bFrom, bTo - bFrom)) {
                return ids[i];
            }
        }
        return -1;
    }

    /**
     * {@link String#hashCode} of {@code s.substring(from, to)}: of a whole string its own (computed
     * by compiled JDK code and cached), so that pairs of strings (merges as {@code ["a", "b"]}) cost
     * no loop of ours.
     */
    static int hash(String s, int from, int to) {
        if (from == 0 && to == s.length()) return s.hashCode();
        int h = 0;
        for (int k = from; k < to; k++) h = 31 * h + s.charAt(k);
        return h;
    }

    /**
     * The hash code of a string of hash {@code aHash} followed by one of hash {@code bHash} and
     * {@code bLength} units: a merged token's from its two parts', without reading them again.
     */
    static int joinedHash(int aHash, int bHash, int bLength) {
        return aHash * pow31(bLength) + bHash;
    }

    private static int pow31(int n) {
        if (n < POW31.length) return POW31[n];
        int p = 1;
        for (int i = 0; i < n; i++) p *= 31;
        return p;
    }

    /** 31 to the power of the index, for tokens up to this long (nearly all). */
    private static final int[] POW31 = new int[32];

    static {
        POW31[0] = 1;
        for (int i = 1; i < POW31.length; i++) POW31[i] = 31 * POW31[i - 1];
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on all of the hash code's bits.
        return (hash * 0x9E3779B9) >>> shift;
    }
}
