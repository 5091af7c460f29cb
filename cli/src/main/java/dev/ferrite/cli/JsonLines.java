package dev.ferrite.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamWriteException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.OffsetUnit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one JSON value per line (JSON Lines), UTF-8, through Jackson's generator: escaping is
 * Jackson's, never ours. Output is buffered; {@link #flush()} pushes it out.
 *
 * <p>I/O failures surface as {@link OutputClosedException}.
 */
final class JsonLines implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // Characters beyond U+FFFF (emoji...) as plain UTF-8, not as \uD83D\uDE00 escape pairs.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .rootValueSeparator((String) null) // we end each value with '\n' ourselves
            .build();

    private final JsonGenerator json;

    JsonLines(OutputStream out) {
        try {
            json = JSON.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating a generator does no I/O
        }
    }

    /**
     * One encoding as
     * {@code {"ids":[..],"tokens":[..],"offsets":[[s,e],..],"offsets_unit":"utf16","type_ids":[..],
     * "word_ids":[..],"special_tokens_mask":[..],"attention_mask":[..]}}; {@code word_ids} holds null
     * for tokens of no word (special and padding tokens), as the Python binding gives None.
     */
    void encoding(Encoding e, OffsetUnit unit) {
        try {
            json.writeStartObject();
            ints("ids", e.ids());
            json.writeArrayFieldStart("tokens");
            List<String> tokens = e.tokens();
            for (String t : tokens) json.writeString(t);
            json.writeEndArray();
            json.writeArrayFieldStart("offsets");
            for (int[] o : e.offsets(unit)) json.writeArray(o, 0, 2);
            json.writeEndArray();
            json.writeStringField("offsets_unit", OffsetUnits.name(unit));
            ints("type_ids", e.typeIds());
            json.writeArrayFieldStart("word_ids");
            for (int w : e.wordIds()) {
                if (w < 0) json.writeNull();
                else json.writeNumber(w);
            }
            json.writeEndArray();
            ints("special_tokens_mask", e.specialTokensMask());
            ints("attention_mask", e.attentionMask());
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException x) {
            throw failure(x);
        }
    }

    /** {@code {"embedding":[..]}}, each float written as the shortest decimal that reads back to it. */
    void embedding(float[] v) {
        try {
            json.writeStartObject();
            json.writeArrayFieldStart("embedding");
            for (float x : v) json.writeNumber(x);
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException x) {
            throw failure(x);
        }
    }

    /** One JSON string. */
    void string(String s) {
        try {
            json.writeString(s);
            json.writeRaw('\n');
        } catch (IOException x) {
            throw failure(x);
        }
    }

    private void ints(String name, int[] values) throws IOException {
        json.writeFieldName(name);
        json.writeArray(values, 0, values.length);
    }

    /** Writes out what is buffered. */
    void flush() {
        try {
            json.flush();
        } catch (IOException x) {
            throw failure(x);
        }
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException x) {
            throw failure(x);
        }
    }

    private static RuntimeException failure(IOException x) {
        // A value Jackson refuses to write is our bug, not a closed stream.
        if (x instanceof StreamWriteException) return new IllegalStateException(x.getMessage(), x);
        return new OutputClosedException(x);
    }
}
