package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON document (RFC 8259, strictly: no comments, trailing commas, leading zeros,
 * unquoted names or raw control characters in strings) into {@link JsonValue}s.
 *
 * <p>Written for load time: a tokenizer.json is a few hundred thousand small values, read once,
 * mostly by code the JVM has not compiled yet. So the parser is a few tight loops over a
 * {@code char[]} (no per-character calls), a string without escapes is one copy out of that array,
 * and a vocabulary id is read without making a string of it. The big sections take no node per
 * entry: an object of numbers only (a vocabulary) is kept as arrays of names and numbers, an array of
 * strings or of pairs of strings (merges) as one array of strings (see {@link JsonValue.JsonObject}
 * and {@link JsonValue.JsonArray}); their nodes are made only if asked for.
 *
 * <p>Errors name the JSON path of the value being read, with its line and column. Escapes of
 * lone surrogates ({@code "\u005CuD800"}) are kept as such. Of a name written twice in an object,
 * the last value counts.
 */
public final class JsonReader {
    /** Objects and arrays nested deeper than this are refused (a tokenizer.json nests a few levels). */
    private static final int MAX_DEPTH = 200;

    /** The document's UTF-8 bytes; {@code c} for brevity, as the parser reads it like chars (the JSON syntax is ASCII). */
    private final byte[] c;
    private final int end;
    private final String source;
    private int pos;

    private JsonReader(byte[] c, String source) {
        this.c = c;
        this.end = c.length;
        this.source = source;
    }

    /**
     * Parses the UTF-8 bytes of a document (a file's contents, not decoded first: the syntax is
     * ASCII, and only strings need decoding, each on its own); {@code source} names the document in
     * error messages. A string that is not well-formed UTF-8 is an error.
     */
    public static JsonValue parse(byte[] utf8, String source) {
        return new JsonReader(utf8, source).document();
    }

    /** Parses {@code json}; {@code source} names the document in error messages. */
    public static JsonValue parse(String json, String source) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        // UTF-8 has no lone surrogates: getBytes puts a '?' for each. A string keeps them when they
        // are written as escapes, which have the same meaning (outside a string both are errors).
        if (count(utf8, (byte) '?') != count(json, '?')) utf8 = escapeLoneSurrogates(json).getBytes(StandardCharsets.UTF_8);
        return new JsonReader(utf8, source).document();
    }

    private static int count(byte[] bytes, byte b) {
        int n = 0;
        for (byte x : bytes) if (x == b) n++;
        return n;
    }

    private static int count(String s, char ch) {
        int n = 0;
        for (int i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
        return n;
    }

    private static String escapeLoneSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(++i));
            } else if (Character.isSurrogate(ch)) {
                b.append(String.format("\\u%04X", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** A syntax error found where the path is not known; the caller adds it ({@link #malformed(JsonPath, Syntax)}). */
    private static final class Syntax extends RuntimeException {
        final int at;
        /** Not malformed but a number too large for a double, said without the line and column. */
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

    private JsonValue document() {
        skipWhitespace();
        if (pos == end) throw new TokenizerException(source + ": $: empty document, expected a JSON object");
        JsonValue v = value(JsonPath.ROOT, 0);
        skipWhitespace();
        if (pos < end) {
            throw new TokenizerException(source + ": $: unexpected content after the JSON value at " + location(pos));
        }
        return v;
    }

    private JsonValue value(JsonPath path, int depth) {
        if (pos == end) throw malformed(path, endOfInput());
        try {
            return switch (c[pos]) {
                case '{' -> object(path, depth + 1);
                case '[' -> array(path, depth + 1);
                case '"' -> new JsonValue.JsonString(path, string());
                case 't' -> literal("true", new JsonValue.JsonBoolean(path, true));
                case 'f' -> literal("false", new JsonValue.JsonBoolean(path, false));
                case 'n' -> literal("null", new JsonValue.JsonNull(path));
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> new JsonValue.JsonNumber(path, number());
                default -> throw unexpected("a value");
            };
        } catch (Syntax e) {
            throw malformed(path, e);
        }
    }

    // The loops over an object's fields and an array's items only call a method per entry: the
    // JVM compiles a method called thousands of times early, while the loop of a method called once
    // (the vocabulary's object) would run interpreted all along.

    private JsonValue.JsonObject object(JsonPath path, int depth) {
        if (depth > MAX_DEPTH) throw malformed(path, new Syntax("nesting deeper than " + MAX_DEPTH + " levels", pos));
        pos++; // '{'
        skipWhitespace();
        if (pos < end && c[pos] == '}') {
            pos++;
            return new JsonValue.JsonObject(path, new HashMap<>());
        }
        Fields fields = new Fields();
        do field(path, depth, fields); while (next(path, '}'));
        return fields.map != null ? new JsonValue.JsonObject(path, fields.map)
                : new JsonValue.JsonObject(path, fields.names, fields.numbers, fields.n);
    }

    /** An object's fields so far: numbers in the arrays while every value is a number; the first other value makes the map. */
    private static final class Fields {
        String[] names = new String[8];
        double[] numbers = new double[8];
        int n;
        Map<String, JsonValue> map;
    }

    /** Reads {@code "name": value} at {@code pos} (after white space) into {@code fields}. */
    private void field(JsonPath path, int depth, Fields fields) {
        skipWhitespace();
        if (pos == end) throw malformed(path, endOfInput());
        if (c[pos] != '"') throw malformed(path, unexpected("a field name in double quotes"));
        String name;
        try {
            name = string();
        } catch (Syntax e) {
            throw malformed(path, e);
        }
        skipWhitespace();
        if (pos == end || c[pos] != ':') throw malformed(path.field(name), pos == end ? endOfInput() : unexpected("':' after a field name"));
        pos++;
        skipWhitespace();
        byte first = pos < end ? c[pos] : 0;
        if (fields.map == null && (first >= '0' && first <= '9' || first == '-')) {
            int n = fields.n;
            if (n == fields.names.length) {
                fields.names = Arrays.copyOf(fields.names, 2 * n);
                fields.numbers = Arrays.copyOf(fields.numbers, 2 * n);
            }
            try {
                fields.numbers[n] = number();
            } catch (Syntax e) {
                throw malformed(path.field(name), e);
            }
            fields.names[n] = name;
            fields.n = n + 1;
        } else {
            if (fields.map == null) fields.map = new JsonValue.JsonObject(path, fields.names, fields.numbers, fields.n).fields();
            fields.map.put(name, value(path.field(name), depth));
        }
    }

    /** After an entry: true at a comma (and past it), false at {@code close} (and past it). */
    private boolean next(JsonPath path, char close) {
        skipWhitespace();
        if (pos == end) throw malformed(path, endOfInput());
        byte ch = c[pos];
        if (ch != ',' && ch != close) throw malformed(path, unexpected("',' or '" + close + "'"));
        pos++;
        return ch == ',';
    }

    private JsonValue.JsonArray array(JsonPath path, int depth) {
        if (depth > MAX_DEPTH) throw malformed(path, new Syntax("nesting deeper than " + MAX_DEPTH + " levels", pos));
        pos++; // '['
        skipWhitespace();
        if (pos < end && c[pos] == ']') {
            pos++;
            return new JsonValue.JsonArray(path, new ArrayList<>(2));
        }
        Items items = new Items();
        do item(path, depth, items); while (next(path, ']'));
        return items.list != null ? new JsonValue.JsonArray(path, items.list)
                : new JsonValue.JsonArray(path, items.packed, items.width, items.n);
    }

    /**
     * An array's items so far: strings, or pairs of strings, in one array while every item is one
     * of the same kind ({@code width} strings each); the first other item makes the list of nodes.
     */
    private static final class Items {
        String[] packed;
        int width;
        int n;
        List<JsonValue> list;
    }

    /** Reads the item at {@code pos} (after white space) into {@code items}. */
    private void item(JsonPath path, int depth, Items items) {
        skipWhitespace();
        byte first = pos < end ? c[pos] : 0;
        int n = items.n;
        if (items.list == null && first == '"' && items.width != JsonValue.JsonArray.PAIRS) {
            if (items.packed == null) items.packed = new String[16];
            else if (n == items.packed.length) items.packed = Arrays.copyOf(items.packed, 2 * n);
            try {
                items.packed[n] = string();
            } catch (Syntax e) {
                throw malformed(path.element(n), e);
            }
            items.n = n + 1;
            items.width = JsonValue.JsonArray.STRINGS;
        } else if (items.list == null && first == '[' && items.width != JsonValue.JsonArray.STRINGS && depth < MAX_DEPTH && pair()) {
            if (items.packed == null) items.packed = new String[32];
            else if (2 * n + 2 > items.packed.length) items.packed = Arrays.copyOf(items.packed, 2 * items.packed.length);
            items.packed[2 * n] = pairLeft;
            items.packed[2 * n + 1] = pairRight;
            items.n = n + 1;
            items.width = JsonValue.JsonArray.PAIRS;
        } else {
            if (items.list == null) {
                items.list = n == 0 ? new ArrayList<>(2) : new JsonValue.JsonArray(path, items.packed, items.width, n).items();
            }
            items.list.add(value(path.element(items.list.size()), depth));
        }
    }

    private String pairLeft;
    private String pairRight;

    /**
     * Reads {@code ["left", "right"]} at {@code pos} into {@link #pairLeft} and {@link #pairRight};
     * anything else (including a malformed string) leaves {@code pos} where it was and returns
     * false, for {@link #value} to read it again and say what is wrong.
     */
    private boolean pair() {
        int start = pos;
        try {
            pos++; // '['
            skipWhitespace();
            if (pos < end && c[pos] == '"') {
                String left = string();
                skipWhitespace();
                if (pos < end && c[pos] == ',') {
                    pos++;
                    skipWhitespace();
                    if (pos < end && c[pos] == '"') {
                        String right = string();
                        skipWhitespace();
                        if (pos < end && c[pos] == ']') {
                            pos++;
                            pairLeft = left;
                            pairRight = right;
                            return true;
                        }
                    }
                }
            }
        } catch (Syntax e) {
            // read again by value()
        }
        pos = start;
        return false;
    }

    /** The string that starts at {@code pos} (a double quote); leaves {@code pos} after its closing quote. */
    private String string() {
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
    private String utf8(int from, int to) {
        String s = new String(c, from, to - from, StandardCharsets.UTF_8);
        // The decoder puts U+FFFD for a malformed sequence; more of them than EF BF BD in the bytes
        // (which no malformed sequence takes in, EF not being a continuation byte) means malformed.
        if (s.indexOf('\uFFFD') >= 0 && count(s, '\uFFFD') != replacementCharacters(from, to)) {
            throw new Syntax("not valid UTF-8 in a string", from);
        }
        return s;
    }

    /** Occurrences of U+FFFD's UTF-8, EF BF BD, in bytes {@code [from, to)}. */
    private int replacementCharacters(int from, int to) {
        int n = 0;
        for (int i = from; i + 2 < to; i++) {
            if (c[i] == (byte) 0xEF && c[i + 1] == (byte) 0xBF && c[i + 2] == (byte) 0xBD) n++;
        }
        return n;
    }

    /** The rest of a string that has escapes, from {@code pos}; {@code start} is where its text began. */
    private String escapedString(int start) {
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

    private char hexEscape() {
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
    private double number() {
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

    private void digits(String where) {
        int from = pos;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') pos++;
        if (pos > from) return;
        throw pos == end ? endOfInput() : unexpected("a digit " + where);
    }

    private JsonValue literal(String word, JsonValue v) {
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
    private void skipWhitespace() {
        byte[] c = this.c;
        int i = pos;
        while (i < end) {
            byte ch = c[i];
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') break;
            i++;
        }
        pos = i;
    }

    private Syntax endOfInput() {
        return new Syntax("unexpected end of input", end);
    }

    private Syntax unexpected(String expected) {
        return new Syntax("unexpected " + describe(pos) + ", expected " + expected, pos);
    }

    private TokenizerException malformed(JsonPath path, Syntax e) {
        if (e.outOfRange) return new TokenizerException(path + ": " + e.getMessage());
        return new TokenizerException(source + ": " + path + ": malformed JSON (" + location(e.at) + "): " + e.getMessage());
    }

    /** {@code line L, column C} of byte {@code at}, both from 1; the column counts characters (not UTF-8 continuation bytes). */
    private String location(int at) {
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
    private String describe(int at) {
        int b = c[at] & 0xFF;
        if (b >= 0x20 && b < 0x7F) return "character '" + (char) b + "'";
        if (b < 0x80) return String.format("character U+%04X", b);
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        String s = new String(c, at, Math.min(len, end - at), StandardCharsets.UTF_8);
        int cp = s.codePointAt(0);
        if (cp == 0xFFFD && !(len == 3 && replacementCharacters(at, at + 3) == 1)) {
            return String.format("byte 0x%02X (not valid UTF-8)", b);
        }
        return String.format("character U+%04X", cp);
    }
}
