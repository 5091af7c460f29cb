package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

/** Cuts a sequence, or a pair of sequences, down to a token budget as the Rust library does. */
final class Truncator {
    private Truncator() {
    }

    /** Truncates in place; {@code params.maxLength()} already excludes the special tokens to come. */
    static void truncate(RawEncoding encoding, RawEncoding pair, Truncation params) {
        boolean left = params.direction() == Truncation.Direction.LEFT;
        int max = params.maxLength();
        int stride = params.stride();
        if (max == 0) {
            encoding.truncate(0, stride, left);
            if (pair != null) pair.truncate(0, stride, left);
            return;
        }
        int total = encoding.size() + (pair == null ? 0 : pair.size());
        if (total <= max) return;
        int toRemove = total - max;
        switch (params.strategy()) {
            case LONGEST_FIRST -> {
                if (pair == null) {
                    checkStride(stride, max);
                    encoding.truncate(max, stride, left);
                    return;
                }
                int n1 = encoding.size();
                int n2 = pair.size();
                boolean swap = n1 > n2;
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                if (n1 > max) {
                    n2 = n1;
                } else {
                    n2 = Math.max(n1, max - n1);
                }
                if (n1 + n2 > max) {
                    n1 = max / 2;
                    n2 = n1 + max % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                if (n1 < encoding.size()) checkStride(stride, n1);
                if (n2 < pair.size()) checkStride(stride, n2);
                encoding.truncate(n1, stride, left);
                pair.truncate(n2, stride, left);
            }
            case ONLY_FIRST, ONLY_SECOND -> {
                RawEncoding target = params.strategy() == Truncation.Strategy.ONLY_FIRST ? encoding : pair;
                if (target == null) {
                    throw new TokenizerException("truncation strategy only_second needs a pair of sequences");
                }
                if (target.size() <= toRemove) {
                    throw new TokenizerException("truncation: the " + (target == encoding ? "first" : "second")
                            + " sequence has " + target.size() + " tokens, too few to remove the " + toRemove
                            + " that exceed max_length");
                }
                checkStride(stride, target.size() - toRemove);
                target.truncate(target.size() - toRemove, stride, left);
            }
        }
    }

    private static void checkStride(int stride, int maxLength) {
        if (maxLength > 0 && stride >= maxLength) {
            throw new TokenizerException("truncation stride " + stride + " must be less than the length a sequence is cut to ("
                    + maxLength + ", special tokens excluded)");
        }
    }
}
