package dev.ferrite.tokenizers.pretokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The punctuation test of {@code BertPreTokenizer} and {@code Punctuation} (pre_tokenizers/bert.rs,
 * punctuation.rs): {@code char::is_ascii_punctuation} or {@code is_punctuation} of the crate
 * {@code unicode_categories} 0.1.1. That crate's tables date from an old Unicode version (about
 * 8.0), so they are loaded from a copy of its data ({@code rust-punctuation.txt}) rather than
 * taken from the JDK: U+2E43 is not punctuation there, U+166D is.
 */
final class RustPunctuation {
    private static final int[] FIRST;
    private static final int[] LAST;

    static {
        List<int[]> ranges = new ArrayList<>();
        OnigUnicode.lines("rust-punctuation.txt", line -> {
            String[] p = line.split(" ");
            ranges.add(new int[] {Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16)});
        });
        FIRST = ranges.stream().mapToInt(r -> r[0]).toArray();
        LAST = ranges.stream().mapToInt(r -> r[1]).toArray();
    }

    private RustPunctuation() {
    }

    /** {@code is_ascii_punctuation(c) || is_punctuation(c)}, the test both pre-tokenizers use. */
    static boolean isBertPunctuation(int c) {
        if (c < 0x80) return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
        int i = Arrays.binarySearch(FIRST, c);
        if (i >= 0) return true;
        int r = -i - 2;
        return r >= 0 && c <= LAST[r];
    }
}
