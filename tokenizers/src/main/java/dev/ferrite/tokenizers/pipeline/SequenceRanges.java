package dev.ferrite.tokenizers.pipeline;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The token range of a sequence in a {@link RawEncoding}, packed in a long ({@code start << 32 |
 * end}, {@link #NONE} when no range is recorded), and what the reference derives from the ranges of
 * sequences 0 and 1: its {@code sequence_ranges} map holds at most those two here, and a map with
 * arrays per encoding was a measurable share of encoding a short line.
 */
final class SequenceRanges {
    /** No range recorded. */
    static final long NONE = -1L;

    private SequenceRanges() {
    }

    /** The range {@code [start, end)} of tokens. */
    static long of(int start, int end) {
        if (start < 0 || end < start) throw new IllegalArgumentException("sequence range " + start + ".." + end);
        return (long) start << 32 | end;
    }

    static int start(long range) {
        return (int) (range >>> 32);
    }

    static int end(long range) {
        return (int) range;
    }

    /** {@code range} moved {@code count} tokens on, or {@link #NONE} if it is. */
    static long shift(long range, int count) {
        return range == NONE ? NONE : of(start(range) + count, end(range) + count);
    }

    /**
     * Per token of an encoding of {@code size} tokens, the sequence it belongs to, or -1. As in the
     * reference's {@code get_sequence_ids}: with k ranges recorded, sequences 0..k-1 are looked up
     * and one without a range covers the whole encoding (so an encoding never marked belongs wholly
     * to sequence 0, and so does one marked only as sequence 1).
     */
    static int[] ids(int size, long range0, long range1) {
        int[] out = new int[size];
        Arrays.fill(out, -1);
        int n = Math.max(1, (range0 == NONE ? 0 : 1) + (range1 == NONE ? 0 : 1));
        for (int seq = 0; seq < n; seq++) {
            long r = seq == 0 ? range0 : range1;
            int from = r == NONE ? 0 : start(r);
            int to = r == NONE ? size : Math.min(end(r), size);
            for (int i = from; i < to; i++) out[i] = seq;
        }
        return out;
    }

    /** The ranges recorded, sequence id -> {start, end}. */
    static Map<Integer, int[]> asMap(long range0, long range1) {
        Map<Integer, int[]> out = new TreeMap<>();
        if (range0 != NONE) out.put(0, new int[] {start(range0), end(range0)});
        if (range1 != NONE) out.put(1, new int[] {start(range1), end(range1)});
        return out;
    }
}
