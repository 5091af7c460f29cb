package dev.ferrite.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies read as JSON trees and checked field by field, so that a wrong type gets a
 * message naming the field ({@code 422 validation}); responses written with a streaming generator.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    /** The body as a JSON object. */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            // A JsonProcessingException, but for the encoding detection's CharConversionException (bytes 00 3C 00 00, say).
            String why = e instanceof JsonProcessingException j ? JsonErrorText.of(j) : String.valueOf(e.getMessage()).replaceAll("\\R+", " ");
            throw new ApiException(ErrorType.VALIDATION, "Failed to parse the request body as JSON: " + why);
        }
        if (root == null || root.isMissingNode()) {
            throw new ApiException(ErrorType.VALIDATION, "Failed to parse the request body as JSON: the body is empty");
        }
        if (!root.isObject()) {
            throw new ApiException(ErrorType.VALIDATION, "the request body must be a JSON object, not " + kind(root));
        }
        return root;
    }

    static JsonNode required(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(ErrorType.VALIDATION, "missing field `" + field + "`");
        }
        return v;
    }

    /**
     * The string {@code v}. JSON's {@code \u005CuD800} escapes can spell a lone surrogate, which no
     * Unicode text holds: refused as TEI refuses it, rather than replaced and silently tokenized as
     * U+FFFD (which BERT's normalizer then drops).
     */
    static String string(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw wrongType(field, v, "a string");
        }
        String s = v.textValue();
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ApiException(ErrorType.VALIDATION, "`" + field + "` holds a lone surrogate (\\u"
                        + Integer.toHexString(c) + " at character " + i + "); a JSON string must be valid Unicode");
            }
        }
        return s;
    }

    static String optString(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : string(v, field);
    }

    static Boolean optBoolean(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, v, "a boolean");
        }
        return v.booleanValue();
    }

    static boolean optBoolean(JsonNode obj, String field, boolean otherwise) {
        Boolean b = optBoolean(obj, field);
        return b == null ? otherwise : b;
    }

    static Integer optInt(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, v, "an integer");
        }
        return v.intValue();
    }

    /** A string or an array of strings. */
    static List<String> strings(JsonNode v, String field) {
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(string(v, field));
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(string(v.get(i), field + "[" + i + "]"));
            }
        } else {
            throw wrongType(field, v, "a string or an array of strings");
        }
        return out;
    }

    static int[] ids(JsonNode v, String field) {
        if (!v.isArray()) {
            throw wrongType(field, v, "an array of token ids");
        }
        int[] ids = new int[v.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode x = v.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToInt() || x.intValue() < 0) {
                // A number is named by its value: "not a number" would be wrong of -1 or 1.5.
                String at = field + "[" + i + "]";
                String expected = "a token id (an integer >= 0)";
                throw x.isNumber() ? new ApiException(ErrorType.VALIDATION, "`" + at + "` must be " + expected + ", not " + x.asText())
                        : wrongType(at, x, expected);
            }
            ids[i] = x.intValue();
        }
        return ids;
    }

    static ApiException wrongType(String field, JsonNode v, String expected) {
        return new ApiException(ErrorType.VALIDATION, "`" + field + "` must be " + expected + ", not " + kind(v));
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    /** Writes a JSON document with {@code body}; returns its UTF-8 bytes. */
    static byte[] write(Writer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void floats(JsonGenerator g, float[] v, int from, int to) throws IOException {
        g.writeStartArray();
        for (int i = from; i < to; i++) {
            g.writeNumber(v[i]);
        }
        g.writeEndArray();
    }

    /** Something that writes one JSON value. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }
}
