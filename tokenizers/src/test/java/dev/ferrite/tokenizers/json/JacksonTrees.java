package dev.ferrite.tokenizers.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonBoolean;
import dev.ferrite.tokenizers.json.JsonValue.JsonNull;
import dev.ferrite.tokenizers.json.JsonValue.JsonNumber;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@link JsonReaderVsJacksonTest}: jackson-core's reading of a document as a neutral tree
 * (objects as their entries in order, names written twice included; numbers as {@link SerdeNumber}
 * reads their text), and how one of our trees differs from it.
 */
final class JacksonTrees {
    private JacksonTrees() {
    }

    /** The JSON null of the neutral tree. */
    enum Null { NULL }

    /** A JSON object as Jackson read it: the entries in document order, duplicate names included. */
    record Obj(List<String> names, List<Object> values) {
    }

    /** A number that {@link SerdeNumber} finds out of range (its text). */
    record OutOfRange(String text) {
    }

    /** Jackson's UTF-8 parser over the bytes as they are, without the encoding detection of {@link JsonFactory#createParser(byte[])}. */
    private static final class Utf8Only extends JsonFactory {
        Utf8Only(JsonFactoryBuilder b) {
            super(b);
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
            return new UTF8StreamJsonParser(ctxt, _parserFeatures, null, _objectCodec,
                    _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures), data, offset, offset + len, false);
        }
    }

    private static final JsonFactory JACKSON = new Utf8Only((JsonFactoryBuilder) new JsonFactoryBuilder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .disable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_MISSING_VALUES)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonReadFeature.ALLOW_RS_CONTROL_CHAR)
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(200)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxTokenCount(-1)
                    .build()));

    /** Jackson's tree of the document; a {@link JsonProcessingException} when Jackson refuses it. */
    static Object jackson(byte[] doc) throws IOException {
        try (JsonParser p = JACKSON.createParser(doc)) {
            return jacksonDocument(p);
        }
    }

    static Object jackson(String doc) throws IOException {
        try (JsonParser p = JACKSON.createParser(doc)) {
            return jacksonDocument(p);
        }
    }

    private static Object jacksonDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new JsonProcessingException("empty document") { };
        Object v = jacksonValue(p, t);
        if (p.nextToken() != null) throw new JsonProcessingException("content after the value") { };
        return v;
    }

    private static Object jacksonValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Obj o = new Obj(new ArrayList<>(), new ArrayList<>());
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    o.names.add(p.currentName());
                    o.values.add(jacksonValue(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                List<Object> a = new ArrayList<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) a.add(jacksonValue(p, k));
                yield a;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String text = p.getText();
                try {
                    yield SerdeNumber.parse(text);
                } catch (ArithmeticException e) {
                    yield new OutOfRange(text);
                }
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> Null.NULL;
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }

    /**
     * How {@code ours} differs from Jackson's tree {@code expected} (null if it does not). Checks
     * the values, the paths our nodes carry, and the compact forms: an object is kept as arrays of
     * names and numbers (duplicates included, in order) exactly when it is non-empty and every value
     * is a number; an array as packed strings exactly when it is non-empty and every item a string,
     * as packed pairs when every item is an array of two strings.
     */
    static String diff(Object expected, JsonValue ours, String path) {
        return diff(expected, ours, path, false);
    }

    /** {@code arrayItem}: {@code ours} is an item of an array. */
    private static String diff(Object expected, JsonValue ours, String path, boolean arrayItem) {
        if (!ours.path().equals(path)) return path + ": our node says its path is " + ours.path();
        switch (expected) {
            case Obj o -> {
                if (!(ours instanceof JsonObject jo)) return path + ": expected an object, ours is " + ours.kind();
                boolean allNumbers = !o.values.isEmpty() && o.values.stream().allMatch(v -> v instanceof Double);
                if (allNumbers != jo.numberCount() >= 0) return path + ": numberCount " + jo.numberCount() + " but all numbers: " + allNumbers;
                if (allNumbers) {
                    if (jo.numberCount() != o.names.size()) return path + ": " + jo.numberCount() + " entries, Jackson " + o.names.size();
                    for (int i = 0; i < o.names.size(); i++) {
                        if (!jo.name(i).equals(o.names.get(i)) || !o.values.get(i).equals(jo.number(i))) {
                            return path + ": entry " + i + " is " + jo.name(i) + "=" + jo.number(i) + ", Jackson " + o.names.get(i) + "=" + o.values.get(i);
                        }
                    }
                }
                Map<String, Object> last = new LinkedHashMap<>();
                for (int i = 0; i < o.names.size(); i++) last.put(o.names.get(i), o.values.get(i));
                Map<String, JsonValue> fields = jo.fields();
                if (!fields.keySet().equals(last.keySet())) return path + ": names " + fields.keySet() + ", Jackson " + last.keySet();
                for (Map.Entry<String, Object> e : last.entrySet()) {
                    String d = diff(e.getValue(), fields.get(e.getKey()), path + "." + e.getKey());
                    if (d != null) return d;
                }
                return null;
            }
            case List<?> l -> {
                if (!(ours instanceof JsonArray ja)) return path + ": expected an array, ours is " + ours.kind();
                if (ja.size() != l.size()) return path + ": " + ja.size() + " items, Jackson " + l.size();
                String d = packedDiff(l, ja, path, arrayItem);
                if (d != null) return d;
                for (int i = 0; i < l.size(); i++) {
                    d = diff(l.get(i), ja.get(i), path + "[" + i + "]", true);
                    if (d != null) return d;
                }
                return null;
            }
            case String s -> {
                return ours instanceof JsonString js && js.value().equals(s) ? null : path + ": expected string " + escape(s) + ", ours " + show(ours);
            }
            case Double d -> {
                return ours instanceof JsonNumber n && Double.doubleToRawLongBits(n.value()) == Double.doubleToRawLongBits(d)
                        ? null : path + ": expected number " + d + ", ours " + show(ours);
            }
            case Boolean b -> {
                return ours instanceof JsonBoolean jb && jb.value() == b ? null : path + ": expected " + b + ", ours " + show(ours);
            }
            case Null n -> {
                return ours instanceof JsonNull ? null : path + ": expected null, ours " + show(ours);
            }
            default -> throw new IllegalStateException(path + ": " + expected);
        }
    }

    /**
     * The packed forms: an array of strings is packed as strings, an array of arrays of two strings
     * as pairs; but an array of two strings that is an item of an array may have been read as one
     * pair of its parent (whose nodes are then made on demand, as plain arrays).
     */
    private static String packedDiff(List<?> l, JsonArray ja, String path, boolean arrayItem) {
        boolean allStrings = !l.isEmpty() && l.stream().allMatch(v -> v instanceof String);
        boolean allPairs = !l.isEmpty() && l.stream().allMatch(JacksonTrees::isPair);
        String[] strings = ja.strings();
        String[] pairs = ja.stringPairs();
        boolean maybeReadAsPair = arrayItem && isPair(l);
        if (strings != null && !allStrings || pairs != null && !allPairs
                || allStrings && strings == null && !maybeReadAsPair || allPairs && pairs == null) {
            return path + ": packed strings " + (strings != null) + ", pairs " + (pairs != null) + "; Jackson all strings " + allStrings + ", all pairs " + allPairs;
        }
        for (int i = 0; strings != null && i < l.size(); i++) {
            if (!strings[i].equals(l.get(i))) return path + "[" + i + "]: packed " + escape(strings[i]) + ", Jackson " + escape((String) l.get(i));
        }
        for (int i = 0; pairs != null && i < l.size(); i++) {
            if (!List.of(pairs[2 * i], pairs[2 * i + 1]).equals(l.get(i))) return path + "[" + i + "]: packed pair differs";
        }
        return null;
    }

    private static boolean isPair(Object v) {
        return v instanceof List<?> p && p.size() == 2 && p.get(0) instanceof String && p.get(1) instanceof String;
    }

    private static String show(JsonValue v) {
        return switch (v) {
            case JsonString s -> "string " + escape(s.value());
            case JsonNumber n -> "number " + n.value();
            case JsonBoolean b -> String.valueOf(b.value());
            default -> v.kind();
        };
    }

    /** The first out-of-range number of Jackson's tree in document order (duplicates included), or null. */
    static String firstOutOfRange(Object v, String path) {
        switch (v) {
            case OutOfRange o -> {
                return path;
            }
            case Obj o -> {
                for (int i = 0; i < o.names.size(); i++) {
                    String p = firstOutOfRange(o.values.get(i), path + "." + o.names.get(i));
                    if (p != null) return p;
                }
            }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    String p = firstOutOfRange(l.get(i), path + "[" + i + "]");
                    if (p != null) return p;
                }
            }
            default -> {
            }
        }
        return null;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7F) b.append(ch);
            else b.append(String.format("\\u%04X", (int) ch));
        }
        return b.append('"').toString();
    }
}
