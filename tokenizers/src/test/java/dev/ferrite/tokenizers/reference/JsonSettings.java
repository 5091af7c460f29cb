package dev.ferrite.tokenizers.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferrite.tokenizers.Padding;
import dev.ferrite.tokenizers.Truncation;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Rewrites the top-level {@code "truncation"} and {@code "padding"} values of a tokenizer.json text,
 * leaving every other byte as it was (so a 33 MB vocabulary is not re-serialized, and float scores
 * keep their exact spelling). This is how the reference gets exactly the settings a test gives our
 * {@code Tokenizer.withTruncation/withPadding}: the JSON blocks are what the Rust library
 * deserializes into {@code TruncationParams}/{@code PaddingParams}, without the validation or the
 * partial updates of DJL's setters.
 */
public final class JsonSettings {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonSettings() {
    }

    /** {@code json} with its truncation and padding replaced by {@code truncation}/{@code padding} (null = none). */
    public static String with(String json, Truncation truncation, Padding padding) {
        String s = replaceTopLevel(json, "truncation", toJson(truncation));
        return replaceTopLevel(s, "padding", toJson(padding));
    }

    /** The Rust {@code TruncationParams} JSON for {@code t}, or {@code null}. */
    public static String toJson(Truncation t) {
        if (t == null) return "null";
        String direction = t.direction() == Truncation.Direction.LEFT ? "Left" : "Right";
        String strategy = switch (t.strategy()) {
            case LONGEST_FIRST -> "LongestFirst";
            case ONLY_FIRST -> "OnlyFirst";
            case ONLY_SECOND -> "OnlySecond";
        };
        return "{\"direction\":\"" + direction + "\",\"max_length\":" + t.maxLength() + ",\"strategy\":\"" + strategy
                + "\",\"stride\":" + t.stride() + "}";
    }

    /** The Rust {@code PaddingParams} JSON for {@code p}, or {@code null}. */
    public static String toJson(Padding p) {
        if (p == null) return "null";
        String strategy = p.isBatchLongest() ? "\"BatchLongest\"" : "{\"Fixed\":" + p.fixedLength() + "}";
        String direction = p.direction() == Padding.Direction.LEFT ? "Left" : "Right";
        String multiple = p.padToMultipleOf() == 0 ? "null" : Integer.toString(p.padToMultipleOf());
        return "{\"strategy\":" + strategy + ",\"direction\":\"" + direction + "\",\"pad_to_multiple_of\":" + multiple
                + ",\"pad_id\":" + p.padId() + ",\"pad_type_id\":" + p.padTypeId() + ",\"pad_token\":" + quote(p.padToken()) + "}";
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Replaces the value of top-level field {@code name} by {@code value} (raw JSON text); adds the
     * field first in the object if it is absent.
     */
    public static String replaceTopLevel(String json, String name, String value) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("tokenizer.json root is not an object");
            }
            int objectStart = (int) p.currentTokenLocation().getCharOffset();
            JsonToken t;
            int fields = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                fields++;
                String field = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                p.finishToken(); // a string value is otherwise read lazily, and the location would be inside it
                int end = (int) p.currentLocation().getCharOffset();
                if (field.equals(name)) {
                    return json.substring(0, start) + value + json.substring(end);
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IllegalArgumentException("malformed tokenizer.json");
            return json.substring(0, objectStart + 1) + quote(name) + ":" + value + (fields > 0 ? "," : "") + json.substring(objectStart + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse tokenizer.json", e);
        }
    }
}
