package dev.ferrite.tokenizers.pretokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The punctuation test of {@code BertPreTokenizer} and {@code Punctuation} (pre_tokenizers/bert.rs,
 * punctuation.rs): {@code char::is_ascii_punctuation} or {@code is_punctuation} of the crate
 * {@code unicode_categories} 0.1.1. That crate's tables date from an old Unicode version (about
 * 8.0), so they are loaded from a copy of its data ({@code rust-punctuation.txt}) rather than
 * taken from the JDK: U+2E43 is not punctuation there, U+166D is.
 */
final class RustPunctuation {
    private RustPunctuation() {
    }

    /** {@code is_ascii_punctuation(c) || is_punctuation(c)}, the test both pre-tokenizers use. */
    static boolean isBertPunctuation(int c) {
        if (c < 0x80) return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
        return Ranges.contains(c);
    }

    /**
     * The crate's ranges, read when a first character past ASCII asks (ASCII text, a first encode's
     * usual text, never reads them).
     */
    private static final class Ranges {
        private static final int[] FIRST;
        private static final int[] LAST;

        static {
            List<int[]> ranges = new ArrayList<>();
            OnigUnicode.lines("rust-punctuation.txt", new Consumer<>() { // not a lambda: see EncodingScratch.SLOTS
                @Override
                public void accept(String line) {
                    String[] p = line.split(" ");
                    ranges.add(new int[] {Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16)});
                }
            });
            FIRST = new int[ranges.size()];
            LAST = new int[ranges.size()];
            for (int i = 0; i < FIRST.length; i++) {
                FIRST[i] = ranges.get(i)[0];
                LAST[i] = ranges.get(i)[1];
            }
        }

        static boolean contains(int c) {
            int i = Arrays.binarySearch(FIRST, c);
            if (i >= 0) return true;
            int r = -i - 2;
            return r >= 0 && c <= LAST[r];
        }
    }
}
