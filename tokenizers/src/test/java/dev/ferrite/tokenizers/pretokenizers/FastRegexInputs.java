package dev.ferrite.tokenizers.pretokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test helper: random strings for the {@link FastRegex} scanners, built from characters their regexes treat specially. */
final class FastRegexInputs {
    private FastRegexInputs() {
    }

    /** Characters (some of them surrogate pairs) grouped by what the regexes see in them. */
    private static final String[][] ALPHABET = {
            // whole contractions, case-folded ones and near misses
            {"'s", "'S", "'ſ", "'ß", "'t", "'T", "'re", "'RE", "'rE", "'ve", "'Ve", "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D", "'x",
                    "'r", "'l"},
            // apostrophes and the letters of the contractions, with the characters that fold to them or nearly
            {"'", "'", "'", "’", "s", "S", "ſ", "ß", "ẞ", "t", "T", "r", "R", "e", "E", "v", "V", "m", "M", "l", "L", "d", "D",
                    "\u212A", "ﬆ", "ﬅ", "İ", "ı"},
            // spaces of many kinds: White_Space and look-alikes that are not (U+180E, U+200B, U+FEFF)
            {" ", " ", " ", " ", "\t", "\u000B", "\f", "\u00A0", "\u1680", "\u2003", "\u202F", "\u205F", "\u3000", "\u0085",
                    "\u2028", "\u2029", "\u180E", "\u200B", "\uFEFF", "\u001C"},
            {"\r", "\n", "\n", "\r\n"},
            // numbers: ASCII, Arabic-Indic, Devanagari, mathematical bold (supplementary), Nl, No
            {"0", "1", "7", "9", "١", "٣", "४", "\uD835\uDFCE", "Ⅻ", "½", "²", "①", "\uD800\uDD07"},
            // marks: Mn, Mc, Me
            {"\u0301", "\u0308", "\u0903", "\u20DD", "\u064B", "\uD834\uDD65"},
            // Lu, Ll, Lt, Lm, Lo, in the BMP and beyond
            {"a", "b", "z", "x", "A", "B", "Z", "é", "É", "σ", "ς", "Σ", "ǅ", "ǈ", "ʰ", "ー", "ㅤ", "漢", "あ", "א", "ب", "ก",
                    "\uD835\uDC00", "\uD835\uDC1A", "\uD801\uDC00", "\uD801\uDC28", "\uD840\uDC00", "\uD835\uDD6C"},
            // punctuation, symbols, '/', U+FFFD and an emoji
            {".", ",", "!", "?", "(", ")", "/", "/", "-", "\"", "—", "…", "«", "$", "+", "_", "\uFFFD", "\uD83D\uDE00", "\u00AD"},
    };

    /** Group weights: letters and spaces most often, so that words and runs of spaces form. */
    private static final int[] WEIGHTS = {1, 2, 4, 2, 2, 1, 6, 2};

    /** {@code count} strings of up to {@code maxLength} characters, the same for the same seed. */
    static List<String> random(long seed, int count, int maxLength) {
        SplittableRandom random = new SplittableRandom(seed);
        int total = 0;
        for (int w : WEIGHTS) total += w;
        List<String> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = random.nextInt(maxLength + 1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int r = random.nextInt(total);
                int g = 0;
                while (r >= WEIGHTS[g]) r -= WEIGHTS[g++];
                String[] group = ALPHABET[g];
                b.append(group[random.nextInt(group.length)]);
            }
            out.add(b.toString());
        }
        return out;
    }

    /**
     * Like {@link #random}, with lone high and low surrogates mixed in (which the Rust library
     * cannot receive: for comparisons with {@link OnigRegex} only).
     */
    static List<String> randomWithLoneSurrogates(long seed, int count, int maxLength) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<String> out = new ArrayList<>(count);
        for (String s : random(seed, count, maxLength)) {
            StringBuilder b = new StringBuilder(s);
            int lone = random.nextInt(3);
            for (int k = 0; k < lone; k++) {
                int at = random.nextInt(b.length() + 1);
                if (at > 0 && at < b.length() && Character.isLowSurrogate(b.charAt(at))) at++; // keep pairs whole
                b.insert(at, random.nextBoolean() ? '\uD83D' : '\uDE00');
            }
            out.add(b.toString());
        }
        return out;
    }
}
