package dev.ferrite.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings API, {@code POST /v1/embeddings} (also {@code /embeddings}): {@code input} a
 * string, an array of strings, an array of token ids or an array of such arrays; {@code model}
 * (reported back as the served model's name); {@code encoding_format} float or base64
 * (little-endian float32); {@code dimensions}. Vectors are normalized and inputs truncated as
 * {@code --auto-truncate} says. Errors come in OpenAI's shape.
 */
final class OpenAiEndpoint {
    private final ServedModel model;
    private final Tokenization tokenization;
    private final Inference inference;
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final RequestBodies bodies;
    private final EmbedEndpoints tei;

    OpenAiEndpoint(ServedModel model, Tokenization tokenization, Inference inference, ServerMetrics metrics,
                   ServerConfig config, RequestBodies bodies, EmbedEndpoints tei) {
        this.model = model;
        this.tokenization = tokenization;
        this.inference = inference;
        this.metrics = metrics;
        this.config = config;
        this.bodies = bodies;
        this.tei = tei;
    }

    /** One input: a text or token ids. */
    private sealed interface Input permits Text, Ids {
    }

    private record Text(String text) implements Input {
    }

    private record Ids(int[] ids) implements Input {
    }

    void embeddings(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        JsonNode obj = Json.object(bodies.read(req));
        JsonNode in = Json.required(obj, "input");
        boolean single = in.isTextual() || in.isArray() && !in.isEmpty() && in.get(0).isNumber();
        List<Input> inputs = inputs(in);
        String method = single ? "single" : "batch";
        metrics.request(method);
        tei.checkBatch(inputs.size(), "input");
        Json.optString(obj, "model");
        Json.optString(obj, "user");
        String format = Json.optString(obj, "encoding_format");
        boolean base64 = switch (format == null ? "float" : format) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw new ApiException(ErrorType.VALIDATION, "`encoding_format` must be \"float\" or \"base64\", not \"" + format + "\"");
        };
        Integer dimensions = EmbedEndpoints.dimensions(obj);
        int characters = 0;
        for (Input i : inputs) {
            characters += i instanceof Text(String t) ? t.codePointCount(0, t.length()) : ((Ids) i).ids().length;
        }
        boolean truncate = config.autoTruncate();
        Inference.Outcome out = inference.run(Http.client(req), start, characters, () -> inputs.stream().map(i -> switch (i) {
            case Text(String t) -> tokenization.job(t, truncate, Tokenization.Direction.RIGHT, null, Job.Output.POOLED);
            case Ids(int[] ids) -> tokenization.job(ids, truncate, Job.Output.POOLED);
        }).toList());
        List<float[]> vectors = EmbedEndpoints.finish(out.results(), dimensions, true);
        long total = inference.record(out);
        Http.timings(res, out, total);
        metrics.success(method);
        Http.json(res, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (int i = 0; i < vectors.size(); i++) {
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeFieldName("embedding");
                float[] v = vectors.get(i);
                if (base64) {
                    g.writeString(base64(v));
                } else {
                    Json.floats(g, v, 0, v.length);
                }
                g.writeNumberField("index", i);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", model.id());
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", out.tokens());
            g.writeNumberField("total_tokens", out.tokens());
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private static List<Input> inputs(JsonNode in) {
        List<Input> out = new ArrayList<>();
        if (in.isTextual()) {
            out.add(new Text(Json.string(in, "input")));
        } else if (in.isArray() && !in.isEmpty() && in.get(0).isNumber()) {
            out.add(new Ids(Json.ids(in, "input")));
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                JsonNode x = in.get(i);
                if (x.isTextual()) {
                    out.add(new Text(Json.string(x, "input[" + i + "]")));
                } else if (x.isArray()) {
                    out.add(new Ids(Json.ids(x, "input[" + i + "]")));
                } else {
                    throw Json.wrongType("input[" + i + "]", x, "a string or an array of token ids");
                }
            }
        } else {
            throw Json.wrongType("input", in, "a string, an array of strings or an array of token ids");
        }
        return out;
    }

    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
