package dev.ferrite.tokenizers.models;

import java.util.Arrays;
import java.util.Map;

/**
 * A read-only map from strings to ids for lookups on the hot path: slots {@code hash << 32 | index}
 * in one long array (open addressing, at most half full), so that a string that is absent — the
 * usual answer when a BPE model with ignore_merges asks whether a whole word is a token — costs one
 * memory read, and one that is present costs one more to compare it. Also answers for a word given
 * as characters, without building a string. Thread-safe once built.
 */
final class StringIdTable {
    private static final long EMPTY = -1L;

    private final long[] slots;
    private final int mask;
    private final String[] keys;
    private final int[] ids;

    StringIdTable(Map<String, Integer> map) {
        int n = map.size();
        keys = new String[n];
        ids = new int[n];
        int capacity = Integer.highestOneBit(Math.max(4, 2 * n - 1)) << 1;
        slots = new long[capacity];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
        int index = 0;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            keys[index] = e.getKey();
            ids[index] = e.getValue();
            int h = e.getKey().hashCode();
            int i = spread(h) & mask;
            while (slots[i] != EMPTY) i = (i + 1) & mask;
            slots[i] = ((long) h << 32) | index;
            index++;
        }
    }

    /** The id of {@code s}, or -1. */
    int get(String s) {
        int h = s.hashCode();
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            long e = slots[i];
            if (e == EMPTY) return -1;
            if ((int) (e >>> 32) == h && keys[(int) e].equals(s)) return ids[(int) e];
        }
    }

    /** The id of the string {@code chars[0, length)}, whose {@link String#hashCode} is {@code hash}, or -1. */
    int get(char[] chars, int length, int hash) {
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            long e = slots[i];
            if (e == EMPTY) return -1;
            if ((int) (e >>> 32) == hash && sameChars(keys[(int) e], chars, length)) return ids[(int) e];
        }
    }

    private static boolean sameChars(String key, char[] chars, int length) {
        if (key.length() != length) return false;
        for (int k = 0; k < length; k++) if (key.charAt(k) != chars[k]) return false;
        return true;
    }

    private static int spread(int h) {
        // String hashes of short words differ mostly in low bits; mix the high ones in.
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
