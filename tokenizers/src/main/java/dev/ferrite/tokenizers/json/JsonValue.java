package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value that knows where it sits in the document ({@link #path()}, such as
 * {@code $.model.merges[3]}), so that every complaint about tokenizer.json can name the place.
 */
public sealed interface JsonValue {
    String path();

    /** A short name of the JSON type, for error messages. */
    String kind();

    default JsonObject asObject() {
        if (this instanceof JsonObject o) return o;
        throw mismatch("an object");
    }

    default JsonArray asArray() {
        if (this instanceof JsonArray a) return a;
        throw mismatch("an array");
    }

    default String asString() {
        if (this instanceof JsonString s) return s.value();
        throw mismatch("a string");
    }

    default boolean asBoolean() {
        if (this instanceof JsonBoolean b) return b.value();
        throw mismatch("true or false");
    }

    default double asDouble() {
        if (this instanceof JsonNumber n) return n.value();
        throw mismatch("a number");
    }

    /** A non-negative whole number that fits an int. */
    default int asIndex() {
        if (this instanceof JsonNumber n && n.value() == Math.rint(n.value()) && n.value() >= 0 && n.value() <= Integer.MAX_VALUE) {
            return (int) n.value();
        }
        throw mismatch("a non-negative integer");
    }

    default boolean isNull() {
        return this instanceof JsonNull;
    }

    default TokenizerException mismatch(String expected) {
        return new TokenizerException(path() + ": expected " + expected + ", found " + kind());
    }

    /**
     * An object. The parser keeps an object whose values are all plain numbers (a vocabulary) as
     * two arrays, names and values in document order, and makes the map of {@link #fields} only
     * when asked: readers of such objects use {@link #numberCount} and {@link #index(int)} instead,
     * without a value node per entry.
     */
    final class JsonObject implements JsonValue {
        private final JsonPath at;
        private Map<String, JsonValue> fields;
        /** With {@link #numbers}, the entries (duplicate names included) while fields is null. */
        private final String[] names;
        private final double[] numbers;
        private final int count;

        JsonObject(JsonPath at, Map<String, JsonValue> fields) {
            this.at = at;
            this.fields = fields;
            this.names = null;
            this.numbers = null;
            this.count = 0;
        }

        /** An object whose entries are {@code names[i]: numbers[i]} for i below count. */
        JsonObject(JsonPath at, String[] names, double[] numbers, int count) {
            this.at = at;
            this.names = names;
            this.numbers = numbers;
            this.count = count;
        }

        public JsonPath at() {
            return at;
        }

        /** The fields by name; of a name written twice, the last value. */
        public Map<String, JsonValue> fields() {
            Map<String, JsonValue> f = fields;
            if (f == null) {
                f = HashMap.newHashMap(count);
                for (int i = 0; i < count; i++) f.put(names[i], new JsonNumber(at.field(names[i]), numbers[i]));
                fields = f;
            }
            return f;
        }

        /**
         * How many entries the object has as written, each a number, duplicates included; -1 when
         * some value is not a number. Then entry i is {@link #name(int)} and {@link #index(int)},
         * in document order.
         */
        public int numberCount() {
            return numbers == null ? -1 : count;
        }

        /** The name of entry i of an object of numbers ({@link #numberCount}). */
        public String name(int i) {
            return names[i];
        }

        /** The value of entry i of an object of numbers ({@link #numberCount}), as it was read. */
        double number(int i) {
            return numbers[i];
        }

        /** The value of entry i of an object of numbers ({@link #numberCount}), as {@link #asIndex}. */
        public int index(int i) {
            double v = numbers[i];
            if (v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE) return (int) v;
            throw new TokenizerException(at.field(names[i]) + ": expected a non-negative integer, found a number");
        }

        public String path() {
            return at.toString();
        }

        public String kind() {
            return "an object";
        }

        /** The field, which must be present (null is allowed and returned as {@link JsonNull}). */
        public JsonValue get(String name) {
            JsonValue v = fields().get(name);
            if (v == null) throw new TokenizerException(path() + ": missing field \"" + name + "\"");
            return v;
        }

        /** The field, or null when absent or JSON null. */
        public JsonValue opt(String name) {
            JsonValue v = fields().get(name);
            return v == null || v.isNull() ? null : v;
        }

        public boolean has(String name) {
            return opt(name) != null;
        }

        public String string(String name) {
            return get(name).asString();
        }

        public String optString(String name, String fallback) {
            JsonValue v = opt(name);
            return v == null ? fallback : v.asString();
        }

        public boolean optBoolean(String name, boolean fallback) {
            JsonValue v = opt(name);
            return v == null ? fallback : v.asBoolean();
        }

        public int optIndex(String name, int fallback) {
            JsonValue v = opt(name);
            return v == null ? fallback : v.asIndex();
        }

        /** The {@code "type"} field that picks a component. */
        public String type() {
            return string("type");
        }

        /** An error saying this object's type is not one of {@code known}. */
        public TokenizerException unknownType(String what, String known) {
            return new TokenizerException(path() + ".type: unknown " + what + " type \"" + fields().get("type").asString()
                    + "\"; expected one of " + known);
        }
    }

    /**
     * An array. The parser keeps an array of strings, or of arrays of two strings (BPE merges in
     * either form), as one array of strings and makes the {@link #items} nodes only when asked:
     * readers of such arrays use {@link #strings} or {@link #stringPairs} instead.
     */
    final class JsonArray implements JsonValue {
        /** {@link #strings}: each item a string; {@link #stringPairs}: each item two strings. */
        static final int STRINGS = 1;
        static final int PAIRS = 2;

        private final JsonPath at;
        private List<JsonValue> items;
        /** The strings, in order, while items is null; {@code width} per item. */
        private final String[] packed;
        private final int width;
        private final int size;

        JsonArray(JsonPath at, List<JsonValue> items) {
            this.at = at;
            this.items = items;
            this.packed = null;
            this.width = 0;
            this.size = items.size();
        }

        /** An array of {@code size} strings (width 1) or pairs of strings (width 2), packed in order. */
        JsonArray(JsonPath at, String[] packed, int width, int size) {
            this.at = at;
            this.packed = packed;
            this.width = width;
            this.size = size;
        }

        public JsonPath at() {
            return at;
        }

        public List<JsonValue> items() {
            List<JsonValue> list = items;
            if (list == null) {
                JsonValue[] nodes = new JsonValue[size];
                for (int i = 0; i < size; i++) {
                    JsonPath p = at.element(i);
                    if (width == STRINGS) {
                        nodes[i] = new JsonString(p, packed[i]);
                    } else {
                        List<JsonValue> pair = new ArrayList<>(2);
                        pair.add(new JsonString(p.element(0), packed[2 * i]));
                        pair.add(new JsonString(p.element(1), packed[2 * i + 1]));
                        nodes[i] = new JsonArray(p, pair);
                    }
                }
                list = new ArrayList<>(Arrays.asList(nodes));
                items = list;
            }
            return list;
        }

        /** The items, when each is a string (not an empty array); else null. */
        public String[] strings() {
            return width == STRINGS ? packed : null;
        }

        /** The items as {@code [left0, right0, left1, ...]}, when each is an array of two strings; else null. */
        public String[] stringPairs() {
            return width == PAIRS ? packed : null;
        }

        /** Where item {@code i} is, such as {@code $.model.merges[3]}. */
        public String elementPath(int i) {
            return at.element(i).toString();
        }

        public String path() {
            return at.toString();
        }

        public String kind() {
            return "an array";
        }

        public int size() {
            return size;
        }

        public JsonValue get(int i) {
            return items().get(i);
        }
    }

    record JsonString(JsonPath at, String value) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "a string";
        }
    }

    record JsonNumber(JsonPath at, double value) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "a number";
        }
    }

    record JsonBoolean(JsonPath at, boolean value) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "a boolean";
        }
    }

    record JsonNull(JsonPath at) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "null";
        }
    }
}
