package dev.ferrite.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** {@code GET /health}, {@code /info}, {@code /metrics} and {@code /openapi.json}. */
final class InfoEndpoints {
    private final ServedModel model;
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Batcher batcher;
    private final BooleanSupplier accepting;
    private final byte[] openApi;

    InfoEndpoints(ServedModel model, ServerConfig config, ServerMetrics metrics, Batcher batcher, BooleanSupplier accepting) {
        this.model = model;
        this.config = config;
        this.metrics = metrics;
        this.batcher = batcher;
        this.accepting = accepting;
        try (InputStream in = InfoEndpoints.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 200 with an empty body while serving; 503 {@code unhealthy} once stopping. */
    void health(ServerRequest req, ServerResponse res) {
        if (!accepting.getAsBoolean() || batcher.isClosed()) {
            throw new ApiException(ErrorType.UNHEALTHY, "unhealthy");
        }
        res.status(200).send();
    }

    /** TEI's Info: the model and the router's limits. */
    void info(ServerRequest req, ServerResponse res) {
        Http.json(res, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("model_id", model.id());
            g.writeNullField("model_sha");
            g.writeStringField("model_dtype", "float32");
            g.writeObjectFieldStart("model_type");
            g.writeObjectFieldStart("embedding");
            g.writeStringField("pooling", model.pooling().label());
            g.writeEndObject();
            g.writeEndObject();
            g.writeNumberField("max_concurrent_requests", config.maxConcurrentRequests());
            g.writeNumberField("max_input_length", model.maxInputLength());
            g.writeNumberField("max_batch_tokens", config.maxBatchTokens());
            if (config.maxBatchRequests() > 0) {
                g.writeNumberField("max_batch_requests", config.maxBatchRequests());
            } else {
                g.writeNullField("max_batch_requests");
            }
            g.writeNumberField("max_client_batch_size", config.maxClientBatchSize());
            g.writeBooleanField("auto_truncate", config.autoTruncate());
            // Inputs are tokenized on the request threads, not on a pool of tokenization workers.
            g.writeNumberField("tokenization_workers", Runtime.getRuntime().availableProcessors());
            String version = InfoEndpoints.class.getPackage().getImplementationVersion();
            g.writeStringField("version", version == null ? "development" : version);
            g.writeNullField("sha");
            g.writeNullField("docker_label");
            g.writeEndObject();
        }));
    }

    void metrics(ServerRequest req, ServerResponse res) {
        metrics.queueSize(batcher.queued());
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        Http.send(res, metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void openApi(ServerRequest req, ServerResponse res) {
        Http.json(res, 200, openApi);
    }
}
