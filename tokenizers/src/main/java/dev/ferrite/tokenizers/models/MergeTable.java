package dev.ferrite.tokenizers.models;

import java.util.Arrays;

/**
 * The BPE merge rules on token ids: for a pair (left id, right id) its rank (the lower, the earlier
 * it applies) and the id of the merged token. Mirrors the {@code MergeMap} of Rust
 * {@code models/bpe/model.rs}: when the same pair is listed twice, the later rank wins, as it does
 * when Rust collects the rules into a {@code HashMap}.
 *
 * <p>The merge loop looks pairs up millions of times per second in a table of megabytes, and most
 * lookups are cache misses; so a slot is one {@code long} holding the pair and its rank, one miss
 * per probe and half the memory of separate keys and values. That needs ids below 2^21 - 1 and fewer
 * than 2^22 rules, which every real vocabulary has; otherwise a slot is two longs side by side (pair,
 * rank), still one cache line. The merged id is read from {@link #newId} only for the merges done.
 */
final class MergeTable {
    /** Returned by {@link #rank} when no rule merges the pair. */
    static final int NONE = -1;

    private static final int ID_BITS = 21;
    private static final int RANK_BITS = 22;
    private static final long RANK_MASK = (1L << RANK_BITS) - 1;
    /** An empty slot. No packed slot is all ones (that needs the id 2^21 - 1), no wide key is negative. */
    private static final long EMPTY = -1L;

    /** Packed slots {@code (left << 21 | right) << 22 | rank}, or wide ones: {@code [2i]} the pair {@code left << 32 | right}, {@code [2i + 1]} the rank. */
    private final long[] table;
    private final boolean packed;
    private final int mask;
    /** {@code newIds[rank]}: the merged token of the rule with that rank. */
    private final int[] newIds;
    private int size;

    /** A table for {@code ruleCount} rules over ids from 0 to {@code maxId}. */
    MergeTable(int ruleCount, int maxId) {
        int capacity = Integer.highestOneBit(Math.max(4, ruleCount * 2 - 1)) << 1;
        packed = maxId < (1 << ID_BITS) - 1 && ruleCount <= RANK_MASK;
        table = new long[packed ? capacity : 2 * capacity];
        Arrays.fill(table, EMPTY);
        mask = capacity - 1;
        newIds = new int[ruleCount];
    }

    /** Records rule number {@code rank}: {@code left right -> merged}; ids between 0 and maxId. */
    void put(int rank, int left, int right, int merged) {
        newIds[rank] = merged;
        long key = key(left, right);
        int i = slot(key);
        if (packed) {
            while (table[i] != EMPTY && table[i] >>> RANK_BITS != key) i = (i + 1) & mask;
            if (table[i] == EMPTY) size++;
            table[i] = key << RANK_BITS | rank;
        } else {
            while (table[2 * i] != EMPTY && table[2 * i] != key) i = (i + 1) & mask;
            if (table[2 * i] == EMPTY) size++;
            table[2 * i] = key;
            table[2 * i + 1] = rank;
        }
    }

    /** The rank of the rule merging {@code left} and {@code right}, or {@link #NONE}. */
    int rank(int left, int right) {
        long key = key(left, right);
        long[] t = table;
        int i = slot(key);
        if (packed) {
            while (true) {
                long e = t[i];
                if (e >>> RANK_BITS == key) return (int) (e & RANK_MASK);
                if (e == EMPTY) return NONE;
                i = (i + 1) & mask;
            }
        }
        while (true) {
            long k = t[2 * i];
            if (k == key) return (int) t[2 * i + 1];
            if (k == EMPTY) return NONE;
            i = (i + 1) & mask;
        }
    }

    /** The id that the rule of rank {@code rank} produces. */
    int newId(int rank) {
        return newIds[rank];
    }

    /** Number of distinct pairs (duplicates in the rule list count once). */
    int size() {
        return size;
    }

    private long key(int left, int right) {
        return packed ? (long) left << ID_BITS | right : (long) left << 32 | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        // Pairs of small ids differ only in low bits of each half: Fibonacci hashing spreads them over the table.
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
