package dev.ferrite.tokenizers.models;

import java.util.Arrays;

/**
 * The BPE merge rules on token ids: for a pair (left id, right id) its rank (the lower, the earlier
 * it applies) and the id of the merged token. Mirrors the {@code MergeMap} of Rust
 * {@code models/bpe/model.rs}: when the same pair is listed twice, the later rank wins, as it does
 * when Rust collects the rules into a {@code HashMap}.
 *
 * <p>The merge loop looks pairs up millions of times per second in tables of several megabytes, so
 * each lookup is a cache miss; when ids and ranks are small enough (they are for every real
 * vocabulary: ids below 2^21, fewer than 2^22 rules) pair and rank are packed into one {@code long}
 * per slot, one miss per probe. Otherwise a {@link LongIntMap} holds them. Read-only once built.
 */
final class MergeTable {
    private static final int ID_BITS = 21;
    private static final int RANK_BITS = 22;
    private static final long RANK_MASK = (1L << RANK_BITS) - 1;
    /** No packed entry is all ones: that would need the id 2^21 - 1, which packing excludes. */
    private static final long EMPTY = -1L;

    /** Packed table, {@code (left << 21 | right) << 22 | rank} per slot, or null. */
    private final long[] packed;
    private final int shift;
    private final int mask;
    private int packedSize;
    /** Used instead when ids or ranks do not fit the packed form. */
    private final LongIntMap ranks;
    /** {@code newIds[rank]}: the merged token of the rule with that rank. */
    private final int[] newIds;

    /** A table for {@code ruleCount} rules over ids up to {@code maxId}. */
    MergeTable(int ruleCount, int maxId) {
        newIds = new int[ruleCount];
        if (maxId < (1 << ID_BITS) - 1 && ruleCount <= RANK_MASK) {
            // About half full (a third to two thirds): linear probes stay within a cache line or
            // two, and the table is half the size of a sparser one, so more of it stays in cache.
            int capacity = Integer.highestOneBit(Math.max(4, ruleCount + ruleCount / 2 - 1)) << 1;
            packed = new long[capacity];
            Arrays.fill(packed, EMPTY);
            mask = capacity - 1;
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
            ranks = null;
        } else {
            packed = null;
            mask = 0;
            shift = 0;
            ranks = new LongIntMap(ruleCount);
        }
    }

    /** Records rule number {@code rank}: {@code left right -> merged}. Ids must be in 0..maxId. */
    void put(int rank, int left, int right, int merged) {
        newIds[rank] = merged;
        if (packed == null) {
            ranks.put(((long) left << 32) | (right & 0xFFFFFFFFL), rank);
            return;
        }
        long key = pairKey(left, right);
        int i = slot(key);
        while (true) {
            long e = packed[i];
            if (e == EMPTY) {
                packed[i] = key << RANK_BITS | rank;
                packedSize++;
                return;
            }
            if (e >>> RANK_BITS == key) {
                packed[i] = key << RANK_BITS | rank;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** The rank of the rule merging {@code left} and {@code right}, or -1 if there is none. */
    int rank(int left, int right) {
        if (packed == null) return ranks.get(((long) left << 32) | (right & 0xFFFFFFFFL));
        long key = pairKey(left, right);
        int i = slot(key);
        while (true) {
            long e = packed[i];
            if (e >>> RANK_BITS == key) return (int) (e & RANK_MASK);
            if (e == EMPTY) return -1;
            i = (i + 1) & mask;
        }
    }

    /** The id that the rule of rank {@code rank} produces. */
    int newId(int rank) {
        return newIds[rank];
    }

    /** Number of distinct pairs (duplicates in the rule list count once). */
    int size() {
        return packed == null ? ranks.size() : packedSize;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << ID_BITS) | right;
    }

    private int slot(long key) {
        // Fibonacci hashing: the top bits of the product depend on every bit of the key.
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
