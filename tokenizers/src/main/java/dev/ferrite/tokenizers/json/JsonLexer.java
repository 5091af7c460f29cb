package dev.ferrite.tokenizers.json;

import java.nio.charset.StandardCharsets;

/**
 * The byte-level half of {@link JsonReader}: strings (decoded from UTF-8, each on its own),
 * numbers, literals and white space at {@link #pos} of a document's UTF-8 bytes. Errors are
 * {@link Syntax} exceptions, to which the reader adds the JSON path.
 */
class JsonLexer {
    /** The document's UTF-8 bytes; {@code c} for brevity, as the parser reads them like chars (the JSON syntax is ASCII). */
    final byte[] c;
    final int end;
    int pos;

    JsonLexer(byte[] c) {
        this.c = c;
        this.end = c.length;
    }

    /** A syntax error found where the path is not known; {@link JsonReader} adds it. */
    static final class Syntax extends RuntimeException {
        final int at;
        /** Not malformed but a number too large for a double (serde_json's "number out of range"). */
        final boolean outOfRange;

        Syntax(String detail, int at) {
            this(detail, at, false);
        }

        Syntax(String detail, int at, boolean outOfRange) {
            super(detail, null, false, false);
            this.at = at;
            this.outOfRange = outOfRange;
        }
    }

    /** The string that starts at {@code pos} (a double quote); leaves {@code pos} after its closing quote. */
    String string() {
        int start = ++pos;
        byte[] c = this.c;
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            byte ch = c[i];
            if (ch == '"') {
                pos = i + 1;
                return ascii ? new String(c, start, i - start, StandardCharsets.ISO_8859_1) : utf8(start, i);
            }
            if (ch == '\\' || ch >= 0 && ch < 0x20) {
                pos = i;
                return escapedString(start);
            }
            if (ch < 0) ascii = false;
        }
        pos = end;
        throw endOfInput();
    }

    /** The text of bytes {@code [from, to)}, which must be well-formed UTF-8. */
    String utf8(int from, int to) {
        String s = new String(c, from, to - from, StandardCharsets.UTF_8);
        // The decoder puts U+FFFD for a malformed sequence; more of them than EF BF BD in the bytes
        // (which no malformed sequence takes in, EF not being a continuation byte) means malformed.
        if (s.indexOf('\uFFFD') >= 0 && count(s, '\uFFFD') != replacementCharacters(from, to)) {
            throw new Syntax("not valid UTF-8 in a string", from);
        }
        return s;
    }

    /** Occurrences of U+FFFD's UTF-8, EF BF BD, in bytes {@code [from, to)}. */
    int replacementCharacters(int from, int to) {
        int n = 0;
        for (int i = from; i + 2 < to; i++) {
            if (c[i] == (byte) 0xEF && c[i + 1] == (byte) 0xBF && c[i + 2] == (byte) 0xBD) n++;
        }
        return n;
    }

    /** The rest of a string that has escapes, from {@code pos}; {@code start} is where its text began. */
    String escapedString(int start) {
        StringBuilder b = new StringBuilder(pos - start + 16);
        int run = start;  // the bytes since the last escape, decoded together
        while (pos < end) {
            byte ch = c[pos];
            if (ch == '"') {
                b.append(utf8(run, pos));
                pos++;
                return b.toString();
            }
            if (ch >= 0 && ch < 0x20) throw new Syntax("control character " + describe(pos) + " in a string: it must be escaped", pos);
            if (ch != '\\') {
                pos++;
                continue;
            }
            b.append(utf8(run, pos));
            pos++;
            if (pos == end) break;
            char e = (char) c[pos];
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    pos++;
                    b.append(hexEscape());
                    run = pos;
                    continue;
                }
                default -> throw new Syntax("unrecognized escape " + describe(pos) + " in a string", pos);
            }
            pos++;
            run = pos;
        }
        throw endOfInput();
    }

    char hexEscape() {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            if (pos == end) throw endOfInput();
            byte h = c[pos];
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) throw new Syntax("expected a hex digit in a \\u escape, found " + describe(pos), pos);
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    /**
     * The number at {@code pos}, read as the Rust library reads it (see {@link SerdeNumber}), not
     * correctly rounded. Most numbers of a tokenizer.json are vocabulary ids: plain digits, exact as
     * a double, read here without making a string of them.
     */
    double number() {
        int start = pos;
        if (c[pos] == '-') pos++;
        int intStart = pos;
        long n = 0;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') n = n * 10 + (c[pos++] - '0');
        int intDigits = pos - intStart;
        if (intDigits == 0) throw pos == end ? endOfInput() : unexpected("a digit after '-'");
        if (intDigits > 1 && c[intStart] == '0') throw new Syntax("leading zeros are not allowed in a number", intStart);
        boolean plain = true;
        if (pos < end && c[pos] == '.') {
            plain = false;
            pos++;
            digits("after the decimal point");
        }
        if (pos < end && (c[pos] == 'e' || c[pos] == 'E')) {
            plain = false;
            pos++;
            if (pos < end && (c[pos] == '+' || c[pos] == '-')) pos++;
            digits("in the exponent");
        }
        if (plain && start == intStart && intDigits <= 15) return n;
        String text = new String(c, start, pos - start, StandardCharsets.ISO_8859_1);
        try {
            return SerdeNumber.parse(text);
        } catch (ArithmeticException e) {
            throw new Syntax("number out of range: " + text, start, true);
        }
    }

    void digits(String where) {
        int from = pos;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') pos++;
        if (pos > from) return;
        throw pos == end ? endOfInput() : unexpected("a digit " + where);
    }

    JsonValue literal(String word, JsonValue v) {
        int start = pos;
        for (int k = 0; k < word.length(); k++, pos++) {
            if (pos == end) throw endOfInput();
            if (c[pos] != word.charAt(k)) break;
        }
        if (pos - start < word.length() || pos < end && Character.isLetterOrDigit(c[pos])) {
            throw new Syntax("unrecognized token, expected a value (such as " + word + ")", start);
        }
        return v;
    }

    /** JSON whitespace: space, tab, line feed and carriage return; stops at anything else. */
    void skipWhitespace() {
        byte[] c = this.c;
        int i = pos;
        while (i < end) {
            byte ch = c[i];
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') break;
            i++;
        }
        pos = i;
    }

    Syntax endOfInput() {
        return new Syntax("unexpected end of input", end);
    }

    Syntax unexpected(String expected) {
        return new Syntax("unexpected " + describe(pos) + ", expected " + expected, pos);
    }


    /** {@code line L, column C} of byte {@code at}, both from 1; the column counts characters (not UTF-8 continuation bytes). */
    String location(int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < end; i++) {
            if (c[i] == '\n') {
                line++;
                column = 1;
            } else if ((c[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    /** The character at byte {@code at}, for an error message. */
    String describe(int at) {
        int b = c[at] & 0xFF;
        if (b >= 0x20 && b < 0x7F) return "character '" + (char) b + "'";
        if (b < 0x80) return String.format("character U+%04X", b);
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        String s = new String(c, at, Math.min(len, end - at), StandardCharsets.UTF_8);
        int cp = s.codePointAt(0);
        if (cp == 0xFFFD && !(len == 3 && replacementCharacters(at, Math.min(at + 3, end)) == 1)) {
            return String.format("byte 0x%02X (not valid UTF-8)", b);
        }
        return String.format("character U+%04X", cp);
    }

    static int count(String s, char ch) {
        int n = 0;
        for (int i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
        return n;
    }
}
