package dev.ferrite.tokenizers.pretokenizers;

/**
 * A reading position over the code points of an Oniguruma pattern, with the escapes that stand
 * for a single code point or a property ({@code fetch_escaped_value}, hexadecimal, octal and
 * {@code \p{..}} escapes in regparse.c). Shared by {@link OnigTranslator} and
 * {@link OnigClass}; errors are IllegalArgumentExceptions naming the position.
 */
abstract class OnigScanner {
    final int[] cps;
    int pos;

    OnigScanner(String pattern) {
        this.cps = pattern.codePoints().toArray();
    }

    /** Parses {@code {Name}}, {@code {^Name}} after \p or \P; returns a java.util.regex set expression. */
    String property(boolean negated) {
        expect('{');
        if (more() && peek() == '^') {
            pos++;
            negated = !negated;
        }
        StringBuilder name = new StringBuilder();
        while (more() && peek() != '}') name.appendCodePoint(next());
        expect('}');
        String java = OnigUnicode.property(name.toString());
        if (java == null) throw error("invalid or unsupported character property name {" + name + "}");
        return negated ? negate(java) : java;
    }

    static String negate(String set) {
        if (set.startsWith("\\p{")) return "\\P" + set.substring(2);
        return "[^" + set + "]";
    }

    /** Oniguruma's fetch_escaped_value after a backslash (pos at the escaped char): control escapes and literals. */
    int escapedValue() {
        int c = next();
        switch (c) {
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 'f':
                return '\f';
            case 'v':
                return 0x0B;
            case 'a':
                return 0x07;
            case 'e':
                return 0x1B;
            case 'x':
                return hexEscape();
            case 'u':
                return hexDigits(4, 4);
            case 'o':
                if (more() && peek() == '{') {
                    pos++;
                    int v = 0;
                    int n = 0;
                    while (more() && peek() >= '0' && peek() <= '7') {
                        v = v * 8 + (next() - '0');
                        if (++n > 11) throw error("too long wide-char value");
                    }
                    expect('}');
                    return checkedCodePoint(v);
                }
                return 'o';
            case 'c':
                return control(next());
            case 'C':
                if (more() && peek() == '-') {
                    pos++;
                    return control(next());
                }
                return 'C';
            case 'M':
                if (more() && peek() == '-') {
                    pos++;
                    int x = next();
                    if (x == '\\') x = escapedValue();
                    return (x & 0xff) | 0x80;
                }
                return 'M';
            default:
                return c;
        }
    }

    private int control(int c) {
        if (c == '\\') c = escapedValue();
        return c == '?' ? 0x7f : c & 0x9f;
    }

    /** After \x: {@code {H...}} (a code point) or up to two hex digits, which are a raw UTF-8 byte. */
    private int hexEscape() {
        if (more() && peek() == '{') {
            pos++;
            int v = hexDigits(1, 8);
            if (more() && peek() != '}') throw error("invalid code point value (code point sequences are not supported)");
            expect('}');
            return checkedCodePoint(v);
        }
        int b = hexDigits(0, 2);
        return utf8Byte(b);
    }

    /** An escaped byte: ASCII stands alone; a lead byte must be followed by its \xHH continuation bytes. */
    private int utf8Byte(int b) {
        if (b < 0x80) return b;
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (len == 0) throw error("invalid code point value (a lone UTF-8 continuation byte)");
        int v = b & (0x3F >> (len - 1));
        for (int k = 1; k < len; k++) {
            if (!(pos + 1 < cps.length && cps[pos] == '\\' && cps[pos + 1] == 'x')) throw error("too short multibyte code string");
            pos += 2;
            int cont = hexDigits(1, 2);
            if ((cont & 0xC0) != 0x80) throw error("invalid code point value");
            v = (v << 6) | (cont & 0x3F);
        }
        return checkedCodePoint(v);
    }

    /** Octal digits of an escape (pos at the first digit): up to {@code max} digits, a byte value. */
    int octal(int max) {
        int v = 0;
        int n = 0;
        while (n < max && more() && peek() >= '0' && peek() <= '7') {
            v = v * 8 + (next() - '0');
            n++;
        }
        if (v >= 256) throw error("too big number");
        return utf8Byte(v);
    }

    private int hexDigits(int min, int max) {
        int v = 0;
        int n = 0;
        while (n < max && more() && Character.digit(peek(), 16) >= 0 && peek() < 0x80) {
            v = v * 16 + Character.digit(next(), 16);
            n++;
        }
        if (n < min) throw error("invalid code point value");
        return v;
    }

    private int checkedCodePoint(int v) {
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) throw error("invalid code point value");
        return v;
    }

    boolean more() {
        return pos < cps.length;
    }

    int peek() {
        return cps[pos];
    }

    int peekAt(int k) {
        return pos + k < cps.length ? cps[pos + k] : -1;
    }

    int next() {
        if (pos >= cps.length) throw error("premature end of pattern");
        return cps[pos++];
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = p;
    }

    void expect(int c) {
        if (!more()) throw error("premature end of pattern, expected '" + Character.toString(c) + "'");
        if (peek() != c) throw error("expected '" + Character.toString(c) + "'");
        pos++;
    }

    /** Whether {@code c} occurs at or after pos, skipping escaped characters. */
    boolean existsAhead(int c) {
        for (int p = pos; p < cps.length; p++) {
            if (cps[p] == '\\') p++;
            else if (cps[p] == c) return true;
        }
        return false;
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " (at code point " + pos + " of the Oniguruma pattern)");
    }
}
