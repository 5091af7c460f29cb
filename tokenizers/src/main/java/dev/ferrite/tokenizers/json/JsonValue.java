package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;

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

    record JsonObject(JsonPath at, Map<String, JsonValue> fields) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "an object";
        }

        /** The field, which must be present (null is allowed and returned as {@link JsonNull}). */
        public JsonValue get(String name) {
            JsonValue v = fields.get(name);
            if (v == null) throw new TokenizerException(path() + ": missing field \"" + name + "\"");
            return v;
        }

        /** The field, or null when absent or JSON null. */
        public JsonValue opt(String name) {
            JsonValue v = fields.get(name);
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
            return new TokenizerException(path() + ".type: unknown " + what + " type \"" + fields.get("type").asString()
                    + "\"; expected one of " + known);
        }
    }

    record JsonArray(JsonPath at, List<JsonValue> items) implements JsonValue {
        public String path() {
            return at.toString();
        }

        public String kind() {
            return "an array";
        }

        public int size() {
            return items.size();
        }

        public JsonValue get(int i) {
            return items.get(i);
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
