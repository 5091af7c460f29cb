package dev.ferrite.tokenizers.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of {@link RawEncoding} that make and combine overflowing pieces: truncation into
 * windows that each repeat {@code stride} tokens of the previous one, and the merge of encodings
 * whose overflowing pieces are combined pairwise. Port of {@code Encoding::truncate},
 * {@code Encoding::merge} and {@code Encoding::merge_with} in the Rust library's
 * {@code tokenizer/encoding.rs}.
 */
final class OverflowingPieces {
    private OverflowingPieces() {
    }

    /** See {@link RawEncoding#truncate}. */
    static void truncate(RawEncoding e, int maxLength, int stride, boolean fromLeft) {
        int len = e.size();
        if (maxLength >= len) return;
        if (maxLength == 0) {
            RawEncoding whole = e.copy();
            List<RawEncoding> over = new ArrayList<>();
            over.add(whole);
            e.reset(null, over);
            return;
        }
        if (stride >= maxLength) {
            throw new IllegalArgumentException("stride (" + stride + ") must be strictly less than max length (" + maxLength
                    + "); the max length excludes the special tokens the post-processor adds");
        }
        int step = maxLength - stride;
        List<int[]> parts = new ArrayList<>();
        if (!fromLeft) {
            for (int start = 0; start < len; start += step) {
                int stop = Math.min(start + maxLength, len);
                parts.add(new int[] {start, stop});
                if (stop == len) break;
            }
        } else {
            for (int s = len - 1; s >= 0; s -= step) {
                int stop = s + 1;
                int start = stop < maxLength ? 0 : stop - maxLength;
                if (start < stop) {
                    parts.add(new int[] {start, stop});
                    if (start == 0) break;
                }
            }
        }
        RawEncoding first = e.copyRange(parts.get(0)[0], parts.get(0)[1]);
        List<RawEncoding> over = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) over.add(e.copyRange(parts.get(i)[0], parts.get(i)[1]));
        e.reset(first, over);
    }

    /** See {@link RawEncoding#merge}. */
    static RawEncoding merge(List<RawEncoding> encodings, boolean growingOffsets) {
        if (encodings.size() == 1 && encodings.get(0).overflowing().isEmpty()) {
            // Merging one encoding into an empty one copies it field for field (its sequence
            // ranges shifted by 0): hand the encoding itself back, the caller owns it anyway.
            return encodings.get(0);
        }
        int total = 0;
        for (RawEncoding sub : encodings) total += sub.size();
        RawEncoding e = new RawEncoding(total);
        for (RawEncoding sub : encodings) mergeWith(e, sub, growingOffsets);
        return e;
    }

    /** See {@link RawEncoding#mergeWith}. */
    static void mergeWith(RawEncoding e, RawEncoding pair, boolean growingOffsets) {
        List<RawEncoding> own = e.overflowing();
        List<RawEncoding> theirs = pair.overflowing();
        List<RawEncoding> overflowings = own.isEmpty() && theirs.isEmpty() ? List.of() : new ArrayList<>();
        for (RawEncoding selfO : own) {
            RawEncoding n = selfO.copy();
            mergeWith(n, pair.copy(), growingOffsets);
            overflowings.add(n);
            for (RawEncoding otherO : theirs) {
                RawEncoding m = selfO.copy();
                mergeWith(m, otherO.copy(), growingOffsets);
                overflowings.add(m);
            }
        }
        for (RawEncoding otherO : theirs) {
            RawEncoding n = e.copy();
            mergeWith(n, otherO.copy(), growingOffsets);
            overflowings.add(n);
        }
        e.append(pair, growingOffsets);
        e.setOverflowing(overflowings);
    }
}
