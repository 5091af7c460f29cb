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
    // Field names are not interned: the vocabulary's hundreds of thousands of tokens are field names.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
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
        JsonPath[] at = {JsonPath.ROOT};
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new TokenizerException(source + ": $: empty document, expected a JSON object");
            JsonValue v = read(p, t, JsonPath.ROOT, at);
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
    private static double number(JsonParser p, JsonPath path) throws IOException {
        // Most numbers of a tokenizer.json are vocabulary ids: plain digits, exact as a double,
        // read here without making a string of them.
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length <= 15) {
            long n = 0;
            int i = 0;
            while (i < length && chars[offset + i] >= '0' && chars[offset + i] <= '9') n = n * 10 + chars[offset + i++] - '0';
            if (i == length && length > 0) return n;
        }
        String text = p.getText();
        try {
            return SerdeNumber.parse(text);
        } catch (ArithmeticException e) {
            throw new TokenizerException(path + ": number out of range: " + text);
        }
    }

    private static JsonValue read(JsonParser p, JsonToken t, JsonPath path, JsonPath[] at) throws IOException {
        at[0] = path;
        return switch (t) {
            case START_OBJECT -> {
                Map<String, JsonValue> fields = new HashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonPath field = path.field(name);
                    at[0] = field;
                    JsonToken vt = p.nextToken();
                    if (vt == null) throw new TokenizerException(field + ": truncated document, expected a value");
                    fields.put(name, read(p, vt, field, at));
                    at[0] = path;
                }
                if (k != JsonToken.END_OBJECT) throw new TokenizerException(path + ": malformed object");
                yield new JsonValue.JsonObject(path, fields);
            }
            case START_ARRAY -> {
                // Most arrays of a tokenizer.json are merge pairs: no room for ten items in each.
                List<JsonValue> items = new ArrayList<>(2);
                JsonToken it;
                while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (it == null) throw new TokenizerException(path + ": truncated array");
                    items.add(read(p, it, path.element(items.size()), at));
                    at[0] = path;
                }
                yield new JsonValue.JsonArray(path, items);
            }
            case VALUE_STRING -> new JsonValue.JsonString(path, p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.JsonNumber(path, number(p, path));
            case VALUE_TRUE -> new JsonValue.JsonBoolean(path, true);
            case VALUE_FALSE -> new JsonValue.JsonBoolean(path, false);
            case VALUE_NULL -> new JsonValue.JsonNull(path);
            default -> throw new TokenizerException(path + ": unexpected JSON token " + t);
        };
    }
}
