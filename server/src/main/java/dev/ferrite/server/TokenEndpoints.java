package dev.ferrite.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.OffsetUnit;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;

/** TEI's {@code POST /tokenize} and {@code POST /decode}. */
final class TokenEndpoints {
    private final Tokenization tokenization;
    private final RequestBodies bodies;
    private final EmbedEndpoints tei;

    TokenEndpoints(Tokenization tokenization, RequestBodies bodies, EmbedEndpoints tei) {
        this.tokenization = tokenization;
        this.bodies = bodies;
        this.tei = tei;
    }

    /**
     * {@code {"inputs": string | [string], "add_special_tokens": true, "prompt_name": null}} →
     * {@code [[{"id", "text", "special", "start", "stop"}]]}: per token its id, its text (the token
     * itself for a special token, else the slice of the input it covers), and its span of the
     * input in UTF-8 bytes, as TEI reports it (null for special tokens). Not truncated.
     */
    void tokenize(ServerRequest req, ServerResponse res) {
        JsonNode obj = Json.object(bodies.read(req));
        List<String> inputs = Json.strings(Json.required(obj, "inputs"), "inputs");
        tei.checkBatch(inputs.size(), "inputs");
        boolean special = Json.optBoolean(obj, "add_special_tokens", true);
        String prompt = Json.optString(obj, "prompt_name");
        List<String> texts = new ArrayList<>();
        List<Encoding> encodings = new ArrayList<>();
        for (String input : inputs) {
            String text = tokenization.withPrompt(input, prompt);
            texts.add(text);
            encodings.add(tokenization.tokenize(input, special, prompt));
        }
        Http.json(res, 200, Json.write(g -> {
            g.writeStartArray();
            for (int s = 0; s < encodings.size(); s++) {
                Encoding e = encodings.get(s);
                String text = texts.get(s);
                int[][] chars = e.offsets(OffsetUnit.UTF16);
                int[][] bytes = e.offsets(OffsetUnit.BYTES);
                g.writeStartArray();
                for (int t = 0; t < e.length(); t++) {
                    boolean isSpecial = e.specialTokensMask()[t] == 1;
                    g.writeStartObject();
                    g.writeNumberField("id", e.ids()[t]);
                    g.writeStringField("text", isSpecial ? e.tokens().get(t) : text.substring(chars[t][0], chars[t][1]));
                    g.writeBooleanField("special", isSpecial);
                    if (isSpecial) {
                        g.writeNullField("start");
                        g.writeNullField("stop");
                    } else {
                        g.writeNumberField("start", bytes[t][0]);
                        g.writeNumberField("stop", bytes[t][1]);
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }));
    }

    /** {@code {"ids": [int] | [[int]], "skip_special_tokens": true}} → {@code [string]}. */
    void decode(ServerRequest req, ServerResponse res) {
        JsonNode obj = Json.object(bodies.read(req));
        JsonNode in = Json.required(obj, "ids");
        List<int[]> ids = new ArrayList<>();
        if (in.isArray() && !in.isEmpty() && in.get(0).isArray()) {
            for (int i = 0; i < in.size(); i++) {
                ids.add(Json.ids(in.get(i), "ids[" + i + "]"));
            }
            tei.checkBatch(ids.size(), "ids");
        } else {
            ids.add(Json.ids(in, "ids"));
        }
        boolean skip = Json.optBoolean(obj, "skip_special_tokens", true);
        List<String> texts = new ArrayList<>();
        for (int[] seq : ids) {
            texts.add(tokenization.decode(seq, skip));
        }
        Http.json(res, 200, Json.write(g -> {
            g.writeStartArray();
            for (String t : texts) {
                g.writeString(t);
            }
            g.writeEndArray();
        }));
    }
}
