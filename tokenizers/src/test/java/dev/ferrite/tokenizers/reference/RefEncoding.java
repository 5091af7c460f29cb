package dev.ferrite.tokenizers.reference;

import java.util.List;

/**
 * One encoding as the Rust library returned it through DJL's JNI layer, copied into Java arrays.
 * Parallel arrays, one entry per token.
 *
 * @param ids               token ids
 * @param tokens            token strings
 * @param typeIds           type (segment) ids
 * @param wordIds           word index per token; -1 where Rust has {@code None}
 * @param sequenceIds       sequence index per token; -1 where Rust has {@code None}
 * @param attentionMask     1 for real tokens, 0 for padding
 * @param specialTokensMask 1 for special and padding tokens
 * @param charSpans         {@code {start, end}} in Unicode code points into the token's own sequence,
 *                          or {@code null} for a token that belongs to no sequence (see
 *                          {@link RustReference} on {@code getTokenCharSpans})
 * @param overflowing       the pieces truncation cut off, each a full encoding
 */
public record RefEncoding(int[] ids, String[] tokens, int[] typeIds, int[] wordIds, int[] sequenceIds,
                          int[] attentionMask, int[] specialTokensMask, int[][] charSpans,
                          List<RefEncoding> overflowing) {
    public int length() {
        return ids.length;
    }
}
