package dev.ferrite.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.runtime.embed.Similarity;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** TEI's inference routes: {@code POST /embed}, {@code /embed_all} and {@code /similarity}. */
final class EmbedEndpoints {
    private final Tokenization tokenization;
    private final Inference inference;
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final RequestBodies bodies;

    EmbedEndpoints(Tokenization tokenization, Inference inference, ServerMetrics metrics, ServerConfig config,
                   RequestBodies bodies) {
        this.tokenization = tokenization;
        this.inference = inference;
        this.metrics = metrics;
        this.config = config;
        this.bodies = bodies;
    }

    /**
     * {@code {"inputs": string | [string], "normalize": true, "truncate": auto, "truncation_direction":
     * "right", "prompt_name": null, "dimensions": null}} → {@code [[float]]}, one vector per input.
     */
    void embed(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        JsonNode obj = Json.object(bodies.read(req));
        JsonNode in = Json.required(obj, "inputs");
        List<String> inputs = Json.strings(in, "inputs");
        String method = counted(in.isTextual());
        checkBatch(inputs.size(), "inputs");
        Options o = options(obj);
        boolean normalize = Json.optBoolean(obj, "normalize", true);
        Integer dimensions = dimensions(obj);
        Inference.Outcome out = inference.run(Http.client(req), start, characters(inputs),
                () -> inputs.stream().map(t -> tokenization.job(t, o.truncate, o.direction, o.promptName, Job.Output.POOLED)).toList());
        List<float[]> vectors = finish(out.results(), dimensions, normalize);
        respond(res, out, method, Json.write(g -> {
            g.writeStartArray();
            for (float[] v : vectors) {
                Json.floats(g, v, 0, v.length);
            }
            g.writeEndArray();
        }));
    }

    /** As {@link #embed} without pooling: {@code [[[float]]]}, every token's last hidden state per input. */
    void embedAll(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        JsonNode obj = Json.object(bodies.read(req));
        JsonNode in = Json.required(obj, "inputs");
        List<String> inputs = Json.strings(in, "inputs");
        String method = counted(in.isTextual());
        checkBatch(inputs.size(), "inputs");
        Options o = options(obj);
        Inference.Outcome out = inference.run(Http.client(req), start, characters(inputs),
                () -> inputs.stream().map(t -> tokenization.job(t, o.truncate, o.direction, o.promptName, Job.Output.TOKENS)).toList());
        respond(res, out, method, Json.write(g -> {
            g.writeStartArray();
            for (JobResult r : out.results()) {
                int dim = r.tokens() == 0 ? 0 : r.values().length / r.tokens();
                g.writeStartArray();
                for (int t = 0; t < r.tokens(); t++) {
                    Json.floats(g, r.values(), t * dim, (t + 1) * dim);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }));
    }

    /**
     * {@code {"inputs": {"source_sentence": string, "sentences": [string]}, "parameters": {"truncate",
     * "truncation_direction", "prompt_name"}}} → {@code [float]}: the cosine similarity of the source to each sentence.
     */
    void similarity(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        JsonNode obj = Json.object(bodies.read(req));
        JsonNode in = Json.required(obj, "inputs");
        if (!in.isObject()) {
            throw Json.wrongType("inputs", in, "an object with `source_sentence` and `sentences`");
        }
        String source = Json.string(Json.required(in, "source_sentence"), "inputs.source_sentence");
        JsonNode list = Json.required(in, "sentences");
        if (!list.isArray()) {
            throw Json.wrongType("inputs.sentences", list, "an array of strings");
        }
        List<String> sentences = Json.strings(list, "inputs.sentences");
        String method = counted(false);
        if (sentences.isEmpty()) {
            throw new ApiException(ErrorType.EMPTY, "`inputs.sentences` cannot be empty");
        }
        List<String> all = new ArrayList<>(sentences.size() + 1);
        all.add(source);
        all.addAll(sentences);
        checkBatch(all.size(), "inputs");
        JsonNode p = obj.get("parameters");
        if (p != null && !p.isNull() && !p.isObject()) {
            throw Json.wrongType("parameters", p, "an object");
        }
        Options o = options(p == null || p.isNull() ? Json.MAPPER.createObjectNode() : p);
        Inference.Outcome out = inference.run(Http.client(req), start, characters(all),
                () -> all.stream().map(t -> tokenization.job(t, o.truncate, o.direction, o.promptName, Job.Output.POOLED)).toList());
        float[] a = out.results().getFirst().values();
        respond(res, out, method, Json.write(g -> {
            g.writeStartArray();
            for (int i = 1; i < out.results().size(); i++) {
                g.writeNumber((float) Similarity.cosine(a, out.results().get(i).values()));
            }
            g.writeEndArray();
        }));
    }

    private String counted(boolean single) {
        String method = single ? "single" : "batch";
        metrics.request(method);
        return method;
    }

    private void respond(ServerResponse res, Inference.Outcome out, String method, byte[] body) {
        long total = inference.record(out);
        Http.timings(res, out, total);
        metrics.success(method);
        Http.json(res, 200, body);
    }

    /** TEI's checks on a request's batch: not empty (400), not over {@code --max-client-batch-size} (422). */
    void checkBatch(int size, String field) {
        if (size == 0) {
            throw new ApiException(ErrorType.EMPTY, "`" + field + "` cannot be empty");
        }
        if (size > config.maxClientBatchSize()) {
            throw new ApiException(ErrorType.VALIDATION, "batch size " + size + " > maximum allowed batch size "
                    + config.maxClientBatchSize());
        }
    }

    private record Options(boolean truncate, Tokenization.Direction direction, String promptName) {
    }

    private Options options(JsonNode obj) {
        boolean truncate = Json.optBoolean(obj, "truncate", config.autoTruncate());
        String d = Json.optString(obj, "truncation_direction");
        Tokenization.Direction direction = switch (d == null ? "right" : d.toLowerCase(Locale.ROOT)) {
            case "right" -> Tokenization.Direction.RIGHT;
            case "left" -> Tokenization.Direction.LEFT;
            default -> throw new ApiException(ErrorType.VALIDATION, "`truncation_direction` must be \"Left\" or \"Right\", not \"" + d + "\"");
        };
        return new Options(truncate, direction, Json.optString(obj, "prompt_name"));
    }

    /** The {@code dimensions} field: null, or a positive int (checked against the vectors later). */
    static Integer dimensions(JsonNode obj) {
        Integer d = Json.optInt(obj, "dimensions");
        if (d != null && d <= 0) {
            throw new ApiException(ErrorType.VALIDATION, "`dimensions` should be positive");
        }
        return d;
    }

    /** Pooled vectors cut to {@code dimensions} (Matryoshka) and then normalized, as asked. */
    static List<float[]> finish(List<JobResult> results, Integer dimensions, boolean normalize) {
        List<float[]> out = new ArrayList<>(results.size());
        for (JobResult r : results) {
            float[] v = r.values();
            if (dimensions != null) {
                if (dimensions > v.length) {
                    throw new ApiException(ErrorType.VALIDATION, "`dimensions` should be smaller than the maximum embedding dimension ("
                            + v.length + ")");
                }
                v = Arrays.copyOf(v, dimensions);
            }
            out.add(normalize ? Pooling.normalize(v) : v);
        }
        return out;
    }

    static int characters(List<String> texts) {
        int n = 0;
        for (String t : texts) {
            n += t.codePointCount(0, t.length());
        }
        return n;
    }
}
