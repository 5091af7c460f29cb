package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;

import java.util.ArrayList;
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
 * and a vocabulary id is read without making a string of it. Errors name the JSON path of the value
 * being read, with its line and column.
 *
 * <p>Escapes {@code \u005CuD800}-style lone surrogates are kept as such (the document is text of
 * the caller's, not bytes). Duplicate names in an object: the last one wins.
 */
public final class JsonReader {
    /** Objects and arrays nested deeper than this are refused (a tokenizer.json nests a few levels). */
    private static final int MAX_DEPTH = 200;

    private final char[] c;
    private final int end;
    private final String source;
    private int pos;

    private JsonReader(char[] c, String source) {
        this.c = c;
        this.end = c.length;
        this.source = source;
    }

    /** Parses {@code json}; {@code source} names the document in error messages. */
    public static JsonValue parse(String json, String source) {
        return new JsonReader(json.toCharArray(), source).document();
    }

    private JsonValue document() {
        skipWhitespace();
        if (pos == end) throw new TokenizerException(source + ": $: empty document, expected a JSON object");
        JsonValue v = value(JsonPath.ROOT, 0);
        skipWhitespace();
        if (pos < end) {
            throw new TokenizerException(source + ": $: unexpected content after the JSON value at " + location());
        }
        return v;
    }

    private JsonValue value(JsonPath path, int depth) {
        if (pos == end) throw endOfInput(path);
        char ch = c[pos];
        return switch (ch) {
            case '{' -> object(path, depth + 1);
            case '[' -> array(path, depth + 1);
            case '"' -> new JsonValue.JsonString(path, string(path));
            case 't' -> literal(path, "true", new JsonValue.JsonBoolean(path, true));
            case 'f' -> literal(path, "false", new JsonValue.JsonBoolean(path, false));
            case 'n' -> literal(path, "null", new JsonValue.JsonNull(path));
            default -> {
                if (ch == '-' || ch >= '0' && ch <= '9') yield new JsonValue.JsonNumber(path, number(path));
                throw malformed(path, "unexpected character " + describe(ch) + ", expected a value");
            }
        };
    }

    private JsonValue.JsonObject object(JsonPath path, int depth) {
        if (depth > MAX_DEPTH) throw malformed(path, "nesting deeper than " + MAX_DEPTH + " levels");
        pos++; // '{'
        Map<String, JsonValue> fields = new HashMap<>();
        skipWhitespace();
        if (pos < end && c[pos] == '}') {
            pos++;
            return new JsonValue.JsonObject(path, fields);
        }
        while (true) {
            skipWhitespace();
            if (pos == end) throw endOfInput(path);
            if (c[pos] != '"') throw malformed(path, "unexpected character " + describe(c[pos]) + ", expected a field name in double quotes");
            String name = string(path);
            JsonPath field = path.field(name);
            skipWhitespace();
            if (pos == end) throw endOfInput(field);
            if (c[pos] != ':') throw malformed(field, "unexpected character " + describe(c[pos]) + ", expected ':' after a field name");
            pos++;
            skipWhitespace();
            fields.put(name, value(field, depth));
            skipWhitespace();
            if (pos == end) throw endOfInput(path);
            char ch = c[pos++];
            if (ch == '}') return new JsonValue.JsonObject(path, fields);
            if (ch != ',') {
                pos--;
                throw malformed(path, "unexpected character " + describe(ch) + ", expected ',' or '}'");
            }
        }
    }

    private JsonValue.JsonArray array(JsonPath path, int depth) {
        if (depth > MAX_DEPTH) throw malformed(path, "nesting deeper than " + MAX_DEPTH + " levels");
        pos++; // '['
        // Most arrays of a tokenizer.json are merge pairs: no room for ten items in each.
        List<JsonValue> items = new ArrayList<>(2);
        skipWhitespace();
        if (pos < end && c[pos] == ']') {
            pos++;
            return new JsonValue.JsonArray(path, items);
        }
        while (true) {
            skipWhitespace();
            items.add(value(path.element(items.size()), depth));
            skipWhitespace();
            if (pos == end) throw endOfInput(path);
            char ch = c[pos++];
            if (ch == ']') return new JsonValue.JsonArray(path, items);
            if (ch != ',') {
                pos--;
                throw malformed(path, "unexpected character " + describe(ch) + ", expected ',' or ']'");
            }
        }
    }

    /** The string that starts at {@code pos} (a double quote); leaves {@code pos} after its closing quote. */
    private String string(JsonPath path) {
        int start = ++pos;
        char[] c = this.c;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '"') {
                pos = i + 1;
                return new String(c, start, i - start);
            }
            if (ch == '\\' || ch < 0x20) {
                pos = i;
                return escapedString(path, start);
            }
        }
        pos = end;
        throw endOfInput(path);
    }

    /** The rest of a string that has escapes, from {@code pos}; {@code start} is where its text began. */
    private String escapedString(JsonPath path, int start) {
        StringBuilder b = new StringBuilder(pos - start + 16).append(c, start, pos - start);
        while (pos < end) {
            char ch = c[pos];
            if (ch == '"') {
                pos++;
                return b.toString();
            }
            if (ch < 0x20) throw malformed(path, "control character " + describe(ch) + " in a string: it must be escaped");
            pos++;
            if (ch != '\\') {
                b.append(ch);
                continue;
            }
            if (pos == end) break;
            char e = c[pos++];
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hexEscape(path));
                default -> {
                    pos--;
                    throw malformed(path, "unrecognized escape \\" + e + " in a string");
                }
            }
        }
        throw endOfInput(path);
    }

    private char hexEscape(JsonPath path) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            if (pos == end) throw endOfInput(path);
            int d = Character.digit(c[pos], 16);
            if (d < 0 || c[pos] > 'f') throw malformed(path, "expected a hex digit in a \\u escape, found " + describe(c[pos]));
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    /**
     * Reads a number as the Rust library does (see {@link SerdeNumber}), not correctly rounded.
     * Most numbers of a tokenizer.json are vocabulary ids: plain digits, exact as a double, read
     * here without making a string of them.
     */
    private double number(JsonPath path) {
        int start = pos;
        if (c[pos] == '-') pos++;
        int intStart = pos;
        long n = 0;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') n = n * 10 + (c[pos++] - '0');
        int intDigits = pos - intStart;
        if (intDigits == 0) {
            if (pos == end) throw endOfInput(path);
            throw malformed(path, "expected a digit after '-', found " + describe(c[pos]));
        }
        if (intDigits > 1 && c[intStart] == '0') {
            pos = intStart;
            throw malformed(path, "leading zeros are not allowed in a number");
        }
        boolean plain = true;
        if (pos < end && c[pos] == '.') {
            plain = false;
            pos++;
            digits(path, "after the decimal point");
        }
        if (pos < end && (c[pos] == 'e' || c[pos] == 'E')) {
            plain = false;
            pos++;
            if (pos < end && (c[pos] == '+' || c[pos] == '-')) pos++;
            digits(path, "in the exponent");
        }
        if (plain && start == intStart && intDigits <= 15) return n;
        String text = new String(c, start, pos - start);
        try {
            return SerdeNumber.parse(text);
        } catch (ArithmeticException e) {
            throw new TokenizerException(path + ": number out of range: " + text);
        }
    }

    private void digits(JsonPath path, String where) {
        int from = pos;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') pos++;
        if (pos > from) return;
        if (pos == end) throw endOfInput(path);
        throw malformed(path, "expected a digit " + where + ", found " + describe(c[pos]));
    }

    private JsonValue literal(JsonPath path, String word, JsonValue v) {
        for (int k = 0; k < word.length(); k++, pos++) {
            if (pos == end) throw endOfInput(path);
            if (c[pos] != word.charAt(k)) {
                throw malformed(path, "unrecognized token, expected a value (such as " + word + ")");
            }
        }
        if (pos < end && Character.isLetterOrDigit(c[pos])) throw malformed(path, "unrecognized token, expected a value (such as " + word + ")");
        return v;
    }

    /** JSON whitespace: space, tab, line feed and carriage return; stops at anything else. */
    private void skipWhitespace() {
        char[] c = this.c;
        int i = pos;
        while (i < end) {
            char ch = c[i];
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') break;
            i++;
        }
        pos = i;
    }

    private TokenizerException endOfInput(JsonPath path) {
        return malformed(path, "unexpected end of input");
    }

    private TokenizerException malformed(JsonPath path, String detail) {
        return new TokenizerException(source + ": " + path + ": malformed JSON (" + location() + "): " + detail);
    }

    /** {@code line L, column C} of {@link #pos}, both from 1. */
    private String location() {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < pos && i < end; i++) {
            if (c[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (pos - lineStart + 1);
    }

    private static String describe(char ch) {
        return ch >= 0x20 && ch < 0x7F ? "'" + ch + "'" : String.format("U+%04X", (int) ch);
    }
}
