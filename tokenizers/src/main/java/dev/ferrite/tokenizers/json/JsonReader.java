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
 * mostly by code the JVM has not compiled yet. So the parser is a few tight loops over the
 * document's UTF-8 bytes (no per-character calls), an ASCII string without escapes is one copy out
 * of that array, and a vocabulary id is read without making a string of it. The big sections take no node per
 * entry: an object of numbers only (a vocabulary) is kept as arrays of names and numbers, an array of
 * strings or of pairs of strings (merges) as one array of strings (see {@link JsonValue.JsonObject}
 * and {@link JsonValue.JsonArray}); their nodes are made only if asked for.
 *
 * <p>Errors name the JSON path of the value being read, with its line and column. Escapes of
 * lone surrogates ({@code "\u005CuD800"}) are kept as such. Of a name written twice in an object,
 * the last value counts.
 */
public final class JsonReader extends JsonLexer {
    /** Objects and arrays nested deeper than this are refused (a tokenizer.json nests a few levels). */
    private static final int MAX_DEPTH = 200;

    private final String source;

    private JsonReader(byte[] utf8, String source) {
        super(utf8);
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

    private static String escapeLoneSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        int backslashes = 0; // how many end b
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(++i));
            } else if (Character.isSurrogate(ch) && backslashes % 2 == 0) {
                b.append(String.format("\\u%04X", (int) ch));
            } else {
                // After a backslash that escapes it, it stays (a '?' in the bytes): an escape of
                // itself is malformed, and its own escape would make it an escaped backslash.
                b.append(ch);
            }
            backslashes = ch == '\\' ? backslashes + 1 : 0;
        }
        return b.toString();
    }

    private JsonValue document() {
        skipWhitespace();
        if (pos == end) throw malformed(JsonPath.ROOT, new Syntax("empty document, expected a JSON object", pos));
        JsonValue v = value(JsonPath.ROOT, 0);
        skipWhitespace();
        if (pos < end) throw malformed(JsonPath.ROOT, new Syntax("unexpected " + describe(pos) + " after the JSON value", pos));
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

    /** Moves past the '{' or '[' at {@code pos}; true if {@code close} follows (and moves past it too). */
    private boolean openEmpty(JsonPath path, int depth, char close) {
        if (depth > MAX_DEPTH) throw malformed(path, new Syntax("nesting deeper than " + MAX_DEPTH + " levels", pos));
        pos++;
        skipWhitespace();
        if (pos == end || c[pos] != close) return false;
        pos++;
        return true;
    }

    private JsonValue.JsonObject object(JsonPath path, int depth) {
        if (openEmpty(path, depth, '}')) return new JsonValue.JsonObject(path, new HashMap<>());
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
        if (openEmpty(path, depth, ']')) return new JsonValue.JsonArray(path, new ArrayList<>(2));
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

    private TokenizerException malformed(JsonPath path, Syntax e) {
        String what = e.outOfRange ? "" : "malformed JSON ";
        return new TokenizerException(source + ": " + path + ": " + what + "(" + location(e.at) + "): " + e.getMessage());
    }

}
