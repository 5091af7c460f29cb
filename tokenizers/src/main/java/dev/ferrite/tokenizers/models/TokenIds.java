package dev.ferrite.tokenizers.models;

import java.util.Map;

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

    /** The table of {@code vocab}'s entries (a map: no token twice). */
    TokenIds(Map<String, Integer> vocab) {
        int bits = Math.max(2, 33 - Integer.numberOfLeadingZeros(Math.max(1, vocab.size())));  // at most half full
        keys = new String[1 << bits];
        hashes = new int[1 << bits];
        ids = new int[1 << bits];
        shift = 32 - bits;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) put(e.getKey(), e.getValue());
    }

    private void put(String token, int id) {
        int h = token.hashCode();
        int mask = keys.length - 1;
        int i = slot(h);
        while (keys[i] != null) i = (i + 1) & mask;
        keys[i] = token;
        hashes[i] = h;
        ids[i] = id;
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        int h = token.hashCode();
        int mask = keys.length - 1;
        for (int i = slot(h); keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(token)) return ids[i];
        }
        return -1;
    }

    /** The id of {@code left + right.substring(from)}, or -1. */
    int id(String left, String right, int from) {
        int h = left.hashCode();
        for (int k = from; k < right.length(); k++) h = 31 * h + right.charAt(k);
        int length = left.length() + right.length() - from;
        int mask = keys.length - 1;
        for (int i = slot(h); keys[i] != null; i = (i + 1) & mask) {
            String key = keys[i];
            if (hashes[i] == h && key.length() == length && key.startsWith(left)
                    && key.regionMatches(left.length(), right, from, right.length() - from)) {
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
