package dev.ferrite.tokenizers.decoders;

/**
 * UTF-8 decoding with Rust's rules. {@link #decodeLossy} matches {@code String::from_utf8_lossy}:
 * each maximal prefix of a valid sequence that is then cut short (or a lone invalid byte) becomes
 * one U+FFFD. The JDK's decoder agrees on most inputs but is not specified to, so the decoders do
 * not rely on it.
 */
final class Utf8 {
    private Utf8() {
    }

    static String decodeLossy(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xFF;
            int n = validLength(bytes, i, length);
            if (n > 0) {
                appendCodePoint(out, bytes, i, n);
                i += n;
            } else {
                // An invalid chunk: the lead byte and the continuation bytes that were still valid.
                i += 1 + validContinuations(bytes, i, length, b);
                out.append('\uFFFD');
            }
        }
        return out.toString();
    }

    /** The decoded string, or null if {@code bytes[0..length)} is not valid UTF-8 ({@code String::from_utf8}). */
    static String decodeStrict(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int n = validLength(bytes, i, length);
            if (n == 0) return null;
            appendCodePoint(out, bytes, i, n);
            i += n;
        }
        return out.toString();
    }

    /** Length of the valid UTF-8 sequence starting at {@code i}, or 0 if there is none. */
    private static int validLength(byte[] s, int i, int length) {
        int b = s[i] & 0xFF;
        if (b < 0x80) return 1;
        int width = width(b);
        if (width == 0) return 0;
        return validContinuations(s, i, length, b) == width - 1 ? width : 0;
    }

    /**
     * How many bytes after the lead byte {@code b} at {@code i} continue it validly (stopping at the
     * first that does not), as in {@code core::str::lossy::Utf8Chunks}: the second byte's range
     * depends on the lead byte (no overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private static int validContinuations(byte[] s, int i, int length, int b) {
        int width = width(b);
        if (width < 2) return 0;
        int second = i + 1 < length ? s[i + 1] & 0xFF : 0;
        boolean secondOk = switch (width) {
            case 2 -> (second & 0xC0) == 0x80;
            case 3 -> switch (b) {
                case 0xE0 -> second >= 0xA0 && second <= 0xBF;
                case 0xED -> second >= 0x80 && second <= 0x9F;
                default -> second >= 0x80 && second <= 0xBF;
            };
            default -> switch (b) {
                case 0xF0 -> second >= 0x90 && second <= 0xBF;
                case 0xF4 -> second >= 0x80 && second <= 0x8F;
                default -> second >= 0x80 && second <= 0xBF;
            };
        };
        if (!secondOk) return 0;
        int n = 1;
        while (n < width - 1) {
            int k = i + 1 + n;
            if (k >= length || (s[k] & 0xC0) != 0x80) break;
            n++;
        }
        return n;
    }

    private static int width(int b) {
        if (b < 0x80) return 1;
        if (b < 0xC2) return 0;
        if (b < 0xE0) return 2;
        if (b < 0xF0) return 3;
        if (b < 0xF5) return 4;
        return 0;
    }

    private static void appendCodePoint(StringBuilder out, byte[] s, int i, int n) {
        int b = s[i] & 0xFF;
        int cp = switch (n) {
            case 1 -> b;
            case 2 -> (b & 0x1F) << 6 | (s[i + 1] & 0x3F);
            case 3 -> (b & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            default -> (b & 0x07) << 18 | (s[i + 1] & 0x3F) << 12 | (s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
        };
        out.appendCodePoint(cp);
    }
}
