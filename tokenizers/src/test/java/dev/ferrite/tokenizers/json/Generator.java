package dev.ferrite.tokenizers.json;

import java.util.List;
import java.util.Random;

/**
 * Random JSON documents for {@link JsonReaderVsJacksonTest}, shaped like a tokenizer.json (an object
 * of components, vocabularies of numbers, merges as strings or pairs) and salted with what is hard
 * to read: every escape, escaped surrogate pairs and lone surrogates, raw UTF-8 of 2, 3 and 4 bytes
 * (U+FFFD and U+FEFF included), duplicate names, numbers of every form (a few out of f64's range),
 * and random white space between all tokens.
 */
final class Generator {
    private static final String WHITESPACE = " \t\n\r";
    private static final List<String> NAMES = List.of("type", "vocab", "merges", "a", "b", "", "\u00e9", "\ud83d\ude00", "dup", "k");
    private static final List<String> SIMPLE_ESCAPES = List.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t");
    private static final List<String> SPECIAL_NUMBERS = List.of("0", "-0", "0.0", "-0.0", "0e0", "-0E-0", "1E+2", "9007199254740993",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
            "18446744073709551616", "-18446744073709551616", "184467440737095516150", "1.7976931348623157e308", "4.9e-324",
            "2.2250738585072014e-308", "1e-400", "-1e-400", "0e999999999999", "0.000000000000000000000000000001", "123456789012345",
            "1234567890123456", "-12.345678901234567", "-3.4028234663852886e38", "0.1", "1e22", "1e23");
    private static final List<String> OUT_OF_RANGE = List.of("1e309", "-1e400", "2e308", "18446744073709551615e300", "1e99999999999", "1.8e308");

    private final Random r;

    Generator(Random r) {
        this.r = r;
    }

    String document() {
        StringBuilder b = new StringBuilder();
        ws(b);
        if (r.nextInt(10) == 0) value(b, 0);
        else object(b, 0);
        ws(b);
        return b.toString();
    }

    private void ws(StringBuilder b) {
        if (r.nextBoolean()) return;
        for (int n = 1 + r.nextInt(3); n > 0; n--) b.append(WHITESPACE.charAt(r.nextInt(4)));
    }

    private void value(StringBuilder b, int depth) {
        int kind = depth >= 5 ? 5 + r.nextInt(5) : r.nextInt(10);
        switch (kind) {
            case 0 -> object(b, depth);
            case 1 -> vocabulary(b);
            case 2 -> array(b, depth);
            case 3 -> stringsOrPairs(b, depth);
            case 4 -> array(b, depth);
            case 5, 6 -> string(b);
            case 7, 8 -> number(b);
            default -> b.append(List.of("true", "false", "null").get(r.nextInt(3)));
        }
    }

    private void object(StringBuilder b, int depth) {
        object(b, r.nextInt(6), () -> value(b, depth + 1));
    }

    /** An object of numbers only, mostly ids, sometimes with a name twice. */
    private void vocabulary(StringBuilder b) {
        object(b, 1 + r.nextInt(12), () -> {
            if (r.nextInt(4) == 0) number(b);
            else b.append(r.nextInt(r.nextBoolean() ? 100 : 1_000_000));
        });
    }

    /** An object of {@code n} fields, each value written by {@code value}. */
    private void object(StringBuilder b, int n, Runnable value) {
        b.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            ws(b);
            name(b);
            ws(b);
            b.append(':');
            ws(b);
            value.run();
            ws(b);
        }
        if (n == 0) ws(b);
        b.append('}');
    }

    private void array(StringBuilder b, int depth) {
        b.append('[');
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            ws(b);
            value(b, depth + 1);
            ws(b);
        }
        if (n == 0) ws(b);
        b.append(']');
    }

    /** Merges-like: strings, pairs of strings, or such a run broken by another item (or a triple). */
    private void stringsOrPairs(StringBuilder b, int depth) {
        boolean pairs = r.nextBoolean();
        b.append('[');
        int n = 1 + r.nextInt(8);
        int odd = r.nextInt(3) == 0 ? r.nextInt(n) : -1;
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            ws(b);
            if (i == odd) {
                if (r.nextBoolean()) value(b, depth + 1);
                else b.append(pairs ? "[\"x\",\"y\",\"z\"]" : "[\"x\"]");
            } else if (pairs) {
                b.append('[');
                ws(b);
                string(b);
                ws(b);
                b.append(',');
                ws(b);
                string(b);
                ws(b);
                b.append(']');
            } else {
                string(b);
            }
            ws(b);
        }
        b.append(']');
    }

    private void name(StringBuilder b) {
        if (r.nextInt(3) == 0) string(b);
        else b.append('"').append(NAMES.get(r.nextInt(NAMES.size()))).append('"');
    }

    private void string(StringBuilder b) {
        b.append('"');
        for (int n = r.nextInt(r.nextInt(4) == 0 ? 20 : 5); n > 0; n--) piece(b);
        b.append('"');
    }

    private void piece(StringBuilder b) {
        switch (r.nextInt(14)) {
            case 0, 1, 2, 3 -> {
                char ch = (char) (0x20 + r.nextInt(0x60)); // printable ASCII and DEL
                if (ch == '"' || ch == '\\') ch = '?';
                b.append(ch);
            }
            case 4 -> b.append(SIMPLE_ESCAPES.get(r.nextInt(SIMPLE_ESCAPES.size())));
            case 5 -> {
                int ch = r.nextInt(4) == 0 ? r.nextInt(0x20) : r.nextInt(0x10000);
                if (ch >= 0xD800 && ch < 0xE000) ch = 0xFFFD;
                escape(b, ch);
            }
            case 6 -> { // an escaped surrogate pair
                int cp = 0x10000 + r.nextInt(0x100000);
                escape(b, Character.highSurrogate(cp));
                escape(b, Character.lowSurrogate(cp));
            }
            case 7 -> { // escaped lone surrogates: a high alone, a low alone, a high then not a low, a low then a high
                switch (r.nextInt(4)) {
                    case 0 -> escape(b, 0xD800 + r.nextInt(0x400));
                    case 1 -> escape(b, 0xDC00 + r.nextInt(0x400));
                    case 2 -> {
                        escape(b, 0xD800 + r.nextInt(0x400));
                        escape(b, 'A');
                    }
                    default -> {
                        escape(b, 0xDC00 + r.nextInt(0x400));
                        escape(b, 0xD800 + r.nextInt(0x400));
                    }
                }
            }
            case 8 -> b.append((char) (0x80 + r.nextInt(0x780)));
            case 9 -> {
                int ch = 0x800 + r.nextInt(0xF800);
                if (ch >= 0xD800 && ch < 0xE000) ch = List.of(0xFFFD, 0xFEFF, 0x2581, 0xFFFF).get(r.nextInt(4));
                b.append((char) ch);
            }
            case 10 -> b.appendCodePoint(0x10000 + r.nextInt(0x100000));
            case 11 -> b.append(List.of("\u00e9", "\u20ac", "\ufffd", "\ud83d\ude00", "\u2581", "\u4e2d", "?").get(r.nextInt(7)));
            case 12 -> b.append("\u0120");
            default -> b.append("ab");
        }
    }

    private void escape(StringBuilder b, int ch) {
        String hex = String.format("%04x", ch);
        if (r.nextBoolean()) hex = hex.toUpperCase();
        b.append("\\u").append(hex);
    }

    private void number(StringBuilder b) {
        switch (r.nextInt(12)) {
            case 0 -> b.append(r.nextInt(100_000));
            case 1 -> b.append(-r.nextInt(100_000));
            case 2 -> b.append(SPECIAL_NUMBERS.get(r.nextInt(SPECIAL_NUMBERS.size())));
            case 3 -> b.append(r.nextInt(200) == 0 ? OUT_OF_RANGE.get(r.nextInt(OUT_OF_RANGE.size())) : "1e308");
            case 4 -> { // long integers, around 2^63 and 2^64 and far past
                if (r.nextBoolean()) b.append('-');
                digits(b, 1 + r.nextInt(r.nextInt(8) == 0 ? 400 : 25));
            }
            case 5, 6 -> { // fractions, as the scores of a Unigram vocabulary
                if (r.nextBoolean()) b.append('-');
                digits(b, 1 + r.nextInt(3));
                b.append('.');
                fraction(b, 1 + r.nextInt(r.nextInt(8) == 0 ? 60 : 20));
            }
            default -> { // exponents (positive ones small enough to stay in range)
                if (r.nextBoolean()) b.append('-');
                digits(b, 1 + r.nextInt(20));
                if (r.nextBoolean()) {
                    b.append('.');
                    fraction(b, 1 + r.nextInt(20));
                }
                b.append(r.nextBoolean() ? 'e' : 'E');
                int sign = r.nextInt(3);
                if (sign < 2) b.append(sign == 0 ? '+' : '-');
                int exp = sign == 1 ? r.nextInt(r.nextBoolean() ? 30 : 500) : r.nextInt(280);
                if (r.nextInt(4) == 0) b.append("0".repeat(r.nextInt(3)));
                b.append(exp);
            }
        }
    }

    /** {@code n} digits with no leading zero (one zero alone is fine). */
    private void digits(StringBuilder b, int n) {
        if (n == 1) {
            b.append(r.nextInt(10));
            return;
        }
        b.append(1 + r.nextInt(9));
        fraction(b, n - 1);
    }

    private void fraction(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) b.append(r.nextInt(10));
    }
}
