package dev.ferrite.tokenizers.pretokenizers;

import java.util.Arrays;

/**
 * The character classes the split regexes of GPT-2, cl100k/llama3, qwen and o200k are written in,
 * as bits, looked up in one table of a byte per BMP character, each worked out from
 * {@link Character#getType} (what java.util.regex's {@code \p{L}} etc. read, so the same Unicode
 * 16.0 data as {@link OnigRegex} and Oniguruma 6.9.10) the first time text holds it: the whole BMP
 * at once took ~25 ms of a byte-level tokenizer's first encode. Used by the {@link FastRegex}
 * scanners.
 */
final class ScanClasses {
    /** {@code \p{L}}: Lu, Ll, Lt, Lm, Lo. */
    static final int L = 1;
    /** {@code \p{N}}: Nd, Nl, No. */
    static final int N = 2;
    /** Oniguruma's {@code \s}: the White_Space property (not Java's {@link Character#isWhitespace}). */
    static final int S = 4;
    /** {@code [\r\n]}. */
    static final int RN = 8;
    /** o200k's {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
    static final int U = 16;
    /** o200k's {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
    static final int W = 32;
    /** Only in the table: a high surrogate, whose class depends on the character after it. */
    static final int HIGH = 64;
    /**
     * Only in the table: a character not worked out yet. It has {@link #HIGH} and none of the class
     * bits, so the scanners' test for a surrogate sends it to {@link #beyondTable}.
     */
    static final byte UNKNOWN = (byte) (0x80 | HIGH);
    /** Only in what {@link #at} returns: the character there is a surrogate pair (two UTF-16 units). */
    static final int WIDE = 256;

    /**
     * The class bits of every BMP character, {@link #HIGH} for high surrogates, {@link #UNKNOWN} for a
     * character not met yet; read it directly in a hot loop (any char indexes it) and call
     * {@link #beyondTable} on {@link #HIGH}. Read and written without a lock: an entry only ever
     * changes from UNKNOWN to its one final value, and a byte is written whole.
     */
    static final byte[] BMP = new byte[0x10000];

    static {
        forget();
    }

    private ScanClasses() {
    }

    /**
     * The class bits of the character at UTF-16 index {@code i} of {@code s} ({@code i < len}, len
     * being {@code s.length()}), with {@link #WIDE} when it is a surrogate pair. A lone surrogate is
     * a character of category Cs: none of the bits, as java.util.regex sees it.
     */
    static int at(char[] s, int i, int len) {
        int b = BMP[s[i]];
        return (b & HIGH) == 0 ? b : beyondTable(s, i, len);
    }

    /** Marks every BMP character as not worked out (the table's first state; tests call it to start from there). */
    static void forget() {
        Arrays.fill(BMP, UNKNOWN);
    }

    /** The table entry of {@code c}, worked out and stored now if it was {@link #UNKNOWN}. */
    static int entry(char c) {
        int b = BMP[c];
        if (b != UNKNOWN) return b;
        b = Character.isHighSurrogate(c) ? HIGH : ofCodePoint(c);
        BMP[c] = (byte) b;
        return b;
    }

    /** The number of UTF-16 units of a character whose bits {@link #at} returned. */
    static int width(int bits) {
        return 1 + (bits >>> 8);
    }

    /**
     * {@link #at} for a character whose table entry has {@link #HIGH}: a high surrogate's pair's
     * bits with {@link #WIDE}, 0 when it is alone; a character not worked out yet, its bits.
     */
    static int beyondTable(char[] s, int i, int len) {
        int b = entry(s[i]);
        if (b != HIGH) return b;
        if (i + 1 < len) {
            char lo = s[i + 1];
            if (Character.isLowSurrogate(lo)) return ofCodePoint(Character.toCodePoint(s[i], lo)) | WIDE;
        }
        return 0;
    }

    /** The class bits of one code point (never {@link #WIDE}). */
    static int ofCodePoint(int cp) {
        int bits = switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER -> L | U;
            case Character.LOWERCASE_LETTER -> L | W;
            case Character.MODIFIER_LETTER, Character.OTHER_LETTER -> L | U | W;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> U | W;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> N;
            default -> 0;
        };
        if (isWhiteSpace(cp)) bits |= S;
        if (cp == '\r' || cp == '\n') bits |= RN;
        return bits;
    }

    /**
     * Unicode's White_Space property, the set Oniguruma's {@code \s} and {@code \p{Space}} match:
     * Zs, Zl, Zp, U+0009..U+000D and U+0085 (java.util.regex's {@code \p{IsWhite_Space}} says the same).
     */
    static boolean isWhiteSpace(int cp) {
        int t = Character.getType(cp);
        return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
                || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85;
    }
}
