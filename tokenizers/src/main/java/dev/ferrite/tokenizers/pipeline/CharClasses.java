package dev.ferrite.tokenizers.pipeline;

/**
 * Character classes with the exact meaning Rust's {@code char} methods give them, which is what
 * the reference library uses. Java's own {@link Character} predicates differ on a few code points
 * (for instance {@code Character.isWhitespace} rejects U+00A0 and accepts U+001C..U+001F).
 */
public final class CharClasses {
    private CharClasses() {
    }

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
    public static boolean isWhitespace(int c) {
        if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
        if (c < 0x85) return false;
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Rust {@code char::is_alphabetic}: the Unicode Alphabetic property. */
    public static boolean isAlphabetic(int c) {
        return Character.isAlphabetic(c);
    }

    /** Rust {@code char::is_numeric}: general categories Nd, Nl and No. */
    public static boolean isNumeric(int c) {
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Rust {@code char::is_alphanumeric}. */
    public static boolean isAlphanumeric(int c) {
        return isAlphabetic(c) || isNumeric(c);
    }

    /** Rust {@code char::is_control}: general category Cc. */
    public static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL;
    }
}
