package dev.ferrite.tokenizers.models;

import java.util.Arrays;

/**
 * The BPE merge rules on token ids: for a pair (left id, right id) its rank (the lower, the earlier
 * it applies) and the id of the merged token. Mirrors the {@code MergeMap} of Rust
 * {@code models/bpe/model.rs}: when the same pair is listed twice, the later rank wins, as it does
 * when Rust collects the rules into a {@code HashMap}.
 *
 * <p>An open-addressing table whose slots hold the pair and its rule side by side (two longs, in one
 * cache line), so a lookup — the merge loop does millions per second, in a table of megabytes —
 * costs one memory access where key and value arrays of their own would cost two.
 */
final class MergeTable {
    /** Returned by {@link #find} when no rule merges the pair. */
    static final long NONE = Long.MAX_VALUE;
    private static final long EMPTY = -1L;

    /** {@code table[2i]}: the pair {@code left << 32 | right}; {@code table[2i + 1]}: {@code rank << 32 | mergedId}. */
    private final long[] table;
    private final int mask;
    /** {@code newIds[rank]}: the merged token of the rule with that rank. */
    private final int[] newIds;
    private int size;

    MergeTable(int ruleCount) {
        int capacity = Integer.highestOneBit(Math.max(4, ruleCount * 2 - 1)) << 1;
        table = new long[capacity * 2];
        Arrays.fill(table, EMPTY);
        mask = capacity - 1;
        newIds = new int[ruleCount];
    }

    /** Records rule number {@code rank}: {@code left right -> merged}; ids are non-negative. */
    void put(int rank, int left, int right, int merged) {
        long key = pack(left, right);
        int i = slot(key);
        while (table[2 * i] != EMPTY && table[2 * i] != key) i = (i + 1) & mask;
        if (table[2 * i] == EMPTY) size++;
        table[2 * i] = key;
        table[2 * i + 1] = (long) rank << 32 | merged;
        newIds[rank] = merged;
    }

    /**
     * The rule merging {@code left} and {@code right} as {@code rank << 32 | mergedId}, or
     * {@link #NONE}. Ordering these values orders the rules by rank: equal ranks are the same rule.
     */
    long find(int left, int right) {
        long key = pack(left, right);
        long[] t = table;
        int i = slot(key);
        while (true) {
            long k = t[2 * i];
            if (k == key) return t[2 * i + 1];
            if (k == EMPTY) return NONE;
            i = (i + 1) & mask;
        }
    }

    /** The rank of the rule merging {@code left} and {@code right}, or -1 if there is none. */
    int rank(int left, int right) {
        long r = find(left, right);
        return r == NONE ? -1 : (int) (r >>> 32);
    }

    /** The id that the rule of rank {@code rank} produces. */
    int newId(int rank) {
        return newIds[rank];
    }

    /** Number of distinct pairs (duplicates in the rule list count once). */
    int size() {
        return size;
    }

    private static long pack(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        // Pairs of small ids differ only in low bits of each half: Fibonacci hashing spreads them over the table.
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
