package dev.ferrite.server;

/**
 * One sequence to compute: what a request hands the {@link Batcher} per input.
 *
 * @param ids     token ids, special tokens included; already cut to the model's limit
 * @param typeIds token type ids, parallel to {@code ids}
 * @param output  what the request wants back for it
 */
public record Job(int[] ids, int[] typeIds, Output output) {
    public Job {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + typeIds.length + " type ids");
        }
    }

    /** A job of the given ids with type ids all 0. */
    public static Job of(int[] ids, Output output) {
        return new Job(ids, new int[ids.length], output);
    }

    public int tokens() {
        return ids.length;
    }

    /** What a job yields. */
    public enum Output {
        /** The pooled vector, scaled to unit length: {@code float[hidden]}. */
        POOLED_NORMALIZED,
        /** The pooled vector as pooled: {@code float[hidden]}. */
        POOLED,
        /** Every token's last hidden state, row by row: {@code float[tokens * hidden]}. */
        TOKENS
    }
}
