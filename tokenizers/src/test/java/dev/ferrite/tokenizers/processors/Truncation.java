package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

/**
 * The Rust library's {@code truncate_encodings} (utils/truncation.rs), for the reference tests of
 * this package: truncation itself belongs to the core, the tests only need the same inputs.
 */
final class Truncation {
    private Truncation() {
    }

    /**
     * Truncates {@code a} and {@code b} to {@code max} tokens in all with {@code stride}. Returns false,
     * leaving the encodings in an unspecified state, where the reference would fail or panic.
     */
    static boolean apply(RawEncoding a, RawEncoding b, String strategy, int max, int stride) {
        if (max <= 0) return false;
        int total = a.size() + b.size();
        if (total <= max) return true;
        int toRemove = total - max;
        switch (strategy) {
            case "longest_first" -> {
                int n1 = a.size();
                int n2 = b.size();
                boolean swap = n1 > n2;
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                n2 = n1 > max ? n1 : Math.max(n1, max - n1);
                if (n1 + n2 > max) {
                    n1 = max / 2;
                    n2 = n1 + max % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                if ((n1 < a.size() && stride >= n1) || (n2 < b.size() && stride >= n2)) return false;
                a.truncate(n1, stride, false);
                b.truncate(n2, stride, false);
            }
            case "only_first", "only_second" -> {
                RawEncoding target = strategy.equals("only_first") ? a : b;
                if (target.size() <= toRemove || stride >= target.size() - toRemove) return false;
                target.truncate(target.size() - toRemove, stride, false);
            }
            default -> throw new IllegalArgumentException(strategy);
        }
        return true;
    }
}
