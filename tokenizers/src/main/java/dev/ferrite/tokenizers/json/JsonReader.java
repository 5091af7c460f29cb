package dev.ferrite.tokenizers.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.ferrite.tokenizers.TokenizerException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses a JSON document into {@link JsonValue}s with jackson-core's streaming parser. */
public final class JsonReader {
    // tokenizer.json files hold vocabularies of several hundred thousand entries and, in merges,
    // strings far longer than Jackson's default limits expect.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(200)
                    .build())
            .build();

    private JsonReader() {
    }

    /** Parses {@code json}; {@code source} names the document in error messages. */
    public static JsonValue parse(String json, String source) {
        // The path of the value being read, kept up to date so a syntax error can say where it is.
        String[] at = {"$"};
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new TokenizerException(source + ": $: empty document, expected a JSON object");
            JsonValue v = read(p, t, "$", at);
            boolean trailing;
            try {
                trailing = p.nextToken() != null;
            } catch (StreamReadException e) {
                trailing = true;
            }
            if (trailing) {
                throw new TokenizerException(source + ": $: unexpected content after the JSON value at line "
                        + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
            }
            return v;
        } catch (StreamReadException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            // Jackson appends where the enclosing object started, naming a redacted source; the
            // line and column above already say where.
            String detail = e.getOriginalMessage().replaceAll(" \\(start marker at \\[Source: .*$", "");
            throw new TokenizerException(source + ": " + at[0] + ": malformed JSON" + where + ": " + detail, e);
        } catch (IOException e) {
            throw new TokenizerException(source + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Numbers are read as the Rust library reads them (see {@link SerdeNumber}), not correctly rounded. */
    private static double number(String text, String path) {
        try {
            return SerdeNumber.parse(text);
        } catch (ArithmeticException e) {
            throw new TokenizerException(path + ": number out of range: " + text);
        }
    }

    private static JsonValue read(JsonParser p, JsonToken t, String path, String[] at) throws IOException {
        at[0] = path;
        return switch (t) {
            case START_OBJECT -> {
                Map<String, JsonValue> fields = new HashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken vt = p.nextToken();
                    at[0] = path + "." + name;
                    if (vt == null) throw new TokenizerException(at[0] + ": truncated document, expected a value");
                    fields.put(name, read(p, vt, path + "." + name, at));
                    at[0] = path;
                }
                if (k != JsonToken.END_OBJECT) throw new TokenizerException(path + ": malformed object");
                yield new JsonValue.JsonObject(path, fields);
            }
            case START_ARRAY -> {
                List<JsonValue> items = new ArrayList<>();
                JsonToken it;
                while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (it == null) throw new TokenizerException(path + ": truncated array");
                    items.add(read(p, it, path + "[" + items.size() + "]", at));
                    at[0] = path;
                }
                yield new JsonValue.JsonArray(path, items);
            }
            case VALUE_STRING -> new JsonValue.JsonString(path, p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.JsonNumber(path, number(p.getText(), path));
            case VALUE_TRUE -> new JsonValue.JsonBoolean(path, true);
            case VALUE_FALSE -> new JsonValue.JsonBoolean(path, false);
            case VALUE_NULL -> new JsonValue.JsonNull(path);
            default -> throw new TokenizerException(path + ": unexpected JSON token " + t);
        };
    }
}
