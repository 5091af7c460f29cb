package dev.ferrite.tokenizers.models;

/**
 * The BPE merge rules on token ids: for a pair (left id, right id) its rank (the lower, the earlier
 * it applies) and the id of the merged token. Mirrors the {@code MergeMap} of Rust
 * {@code models/bpe/model.rs}: when the same pair is listed twice, the later rank wins, as it does
 * when Rust collects the rules into a {@code HashMap}.
 */
final class MergeTable {
    private final LongIntMap ranks;
    /** {@code newIds[rank]}: the merged token of the rule with that rank. */
    private final int[] newIds;

    MergeTable(int ruleCount) {
        ranks = new LongIntMap(ruleCount);
        newIds = new int[ruleCount];
    }

    /** Records rule number {@code rank}: {@code left right -> merged}. */
    void put(int rank, int left, int right, int merged) {
        ranks.put(pack(left, right), rank);
        newIds[rank] = merged;
    }

    /** The rank of the rule merging {@code left} and {@code right}, or -1 if there is none. */
    int rank(int left, int right) {
        return ranks.get(pack(left, right));
    }

    /** The id that the rule of rank {@code rank} produces. */
    int newId(int rank) {
        return newIds[rank];
    }

    /** Number of distinct pairs (duplicates in the rule list count once). */
    int size() {
        return ranks.size();
    }

    private static long pack(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
