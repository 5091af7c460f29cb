package dev.ferrite.runtime.embed;

import dev.ferrite.tokenizers.Encoding;
import java.util.Arrays;
import java.util.List;

/**
 * Sequences of token ids packed end to end, without padding: the unit of work the server's batcher
 * hands to an {@link Encoder}. Sequence {@code i} is {@code ids[starts[i], starts[i + 1])}; its
 * token type ids sit at the same indices of {@code typeIds}.
 *
 * <p>The arrays are owned by the batch once given to it; nobody writes them afterwards.
 *
 * @param ids     token ids of every sequence, one after the other
 * @param typeIds token type (segment) ids, parallel to {@code ids}
 * @param starts  cumulative sequence lengths: {@code starts[0] == 0}, non-decreasing,
 *                {@code starts[size()] == ids.length}
 */
public record TokenBatch(int[] ids, int[] typeIds, int[] starts) {
    public TokenBatch {
        if (starts.length == 0 || starts[0] != 0 || starts[starts.length - 1] != ids.length || typeIds.length != ids.length) {
            throw new IllegalArgumentException("inconsistent batch: " + ids.length + " ids, " + typeIds.length
                    + " type ids, sequence starts " + Arrays.toString(Arrays.copyOf(starts, Math.min(starts.length, 8))));
        }
        for (int i = 1; i < starts.length; i++) {
            if (starts[i] < starts[i - 1]) {
                throw new IllegalArgumentException("sequence starts decrease at " + i + ": " + starts[i - 1] + " > " + starts[i]);
            }
        }
    }

    /** The encodings' ids and type ids packed in order (their padding, if any, included as given). */
    public static TokenBatch of(List<Encoding> encodings) {
        int[] starts = new int[encodings.size() + 1];
        for (int i = 0; i < encodings.size(); i++) {
            starts[i + 1] = starts[i] + encodings.get(i).ids().length;
        }
        int[] ids = new int[starts[encodings.size()]];
        int[] typeIds = new int[ids.length];
        for (int i = 0; i < encodings.size(); i++) {
            Encoding e = encodings.get(i);
            System.arraycopy(e.ids(), 0, ids, starts[i], e.ids().length);
            System.arraycopy(e.typeIds(), 0, typeIds, starts[i], e.typeIds().length);
        }
        return new TokenBatch(ids, typeIds, starts);
    }

    /** Number of sequences. */
    public int size() {
        return starts.length - 1;
    }

    /** Total number of tokens over all sequences. */
    public int tokens() {
        return ids.length;
    }

    /** Tokens of sequence {@code i}. */
    public int length(int i) {
        return starts[i + 1] - starts[i];
    }

    /** The longest sequence's length (0 for an empty batch). */
    public int maxLength() {
        int max = 0;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, length(i));
        }
        return max;
    }
}
