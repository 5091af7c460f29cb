package dev.ferrite.cli;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.server.EmbeddingServer;
import dev.ferrite.server.HttpWarmUp;
import dev.ferrite.server.ServedModel;
import dev.ferrite.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ferrite serve}: the embedding server, text-embeddings-inference and OpenAI compatible.
 * Flags are TEI's, each also read from TEI's environment variable. Runs until SIGTERM or Ctrl-C,
 * then stops taking requests, answers those in flight and exits 0.
 */
@Command(name = "serve", sortOptions = false,
        header = "Serve embeddings over HTTP (text-embeddings-inference and OpenAI compatible).",
        description = {
            "Serves a sentence-embedding model over HTTP with the routes of Hugging Face",
            "text-embeddings-inference (POST /embed, /embed_all, /similarity, /tokenize, /decode;",
            "GET /health, /info, /metrics) and OpenAI's POST /v1/embeddings; GET /openapi.json",
            "describes them. Requests are batched dynamically under a token budget, unpadded.",
            "Each option can also be set by the environment variable in brackets.",
            ""},
        footer = {"",
            "Examples:",
            "  ferrite serve",
            "  curl -s 127.0.0.1:8080/embed -H 'Content-Type: application/json' -d '{\"inputs\": \"Hello world!\"}'",
            "  ferrite serve --model bge-small-en-v1.5/ --pooling cls --port 3000 --api-key secret"})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final Io io;

    @Option(names = "--model", paramLabel = "DIR|ONNX|JAR", defaultValue = "${env:MODEL_ID}",
            description = "The model: a directory, an .onnx file or a jar (default: the bundled all-MiniLM-L6-v2) [MODEL_ID].")
    Path model;

    // Not TEI's HOSTNAME: shells and containers export HOSTNAME as the machine's own name, which
    // would silently open the server beyond loopback; the default must stay 127.0.0.1.
    @Option(names = "--hostname", paramLabel = "HOST", defaultValue = "${env:FERRITE_HOSTNAME:-127.0.0.1}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface) [FERRITE_HOSTNAME].")
    String hostname;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:PORT:-8080}",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}) [PORT].")
    int port;

    @Option(names = "--max-concurrent-requests", paramLabel = "N", defaultValue = "${env:MAX_CONCURRENT_REQUESTS:-512}",
            description = "Inputs queued or computing at once; more are refused with 429 (default: ${DEFAULT-VALUE}) [MAX_CONCURRENT_REQUESTS].")
    int maxConcurrentRequests;

    @Option(names = "--max-batch-tokens", paramLabel = "N", defaultValue = "${env:MAX_BATCH_TOKENS:-16384}",
            description = "The most tokens of one model batch (default: ${DEFAULT-VALUE}) [MAX_BATCH_TOKENS].")
    int maxBatchTokens;

    @Option(names = "--max-batch-requests", paramLabel = "N", defaultValue = "${env:MAX_BATCH_REQUESTS}",
            description = "The most inputs of one model batch (default: no cap but the token budget) [MAX_BATCH_REQUESTS].")
    Integer maxBatchRequests;

    @Option(names = "--max-client-batch-size", paramLabel = "N", defaultValue = "${env:MAX_CLIENT_BATCH_SIZE:-32}",
            description = "The most inputs of one request (default: ${DEFAULT-VALUE}) [MAX_CLIENT_BATCH_SIZE].")
    int maxClientBatchSize;

    @Option(names = "--auto-truncate", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:AUTO_TRUNCATE:-true}",
            description = "Cut inputs longer than the model's limit unless a request says otherwise (default: ${DEFAULT-VALUE}) [AUTO_TRUNCATE].")
    boolean autoTruncate;

    @Option(names = "--pooling", paramLabel = "MODE", converter = EmbedCommand.PoolingConverter.class,
            defaultValue = "${env:POOLING}",
            description = "mean, cls or last (default: what the model's 1_Pooling/config.json says, else mean) [POOLING].")
    Pooling pooling;

    @Option(names = "--payload-limit", paramLabel = "BYTES", defaultValue = "${env:PAYLOAD_LIMIT:-2000000}",
            description = "The largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}) [PAYLOAD_LIMIT].")
    long payloadLimit;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", defaultValue = "${env:FERRITE_BODY_TIMEOUT:-30}",
            description = "Close the connection of a request whose body sends no byte for this long, so a client that stops "
                    + "half-way holds no connection (default: ${DEFAULT-VALUE}) [FERRITE_BODY_TIMEOUT].")
    double bodyTimeoutSeconds;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:API_KEY}",
            description = "Require 'Authorization: Bearer KEY' on every route but /health and /metrics [API_KEY].")
    String apiKey;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "${env:FERRITE_WARMUP:-2}",
            description = "Run the model on made-up text this long before serving, then a few rounds of requests on a "
                    + "throwaway server (one, more while as long again lasts), so the first requests find the code compiled; "
                    + "0 skips both (default: ${DEFAULT-VALUE}) [FERRITE_WARMUP].")
    double warmupSeconds;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:FERRITE_WORKERS:-1}",
            description = "Model workers, each computing one batch at a time on its own thread (default: ${DEFAULT-VALUE}) [FERRITE_WORKERS].")
    int workers;

    /** Rounds of requests the HTTP warm-up sends (see {@link HttpWarmUp}): a few, enough for the first requests' code. */
    private static final int HTTP_WARMUP_ROUNDS = 5;

    ServeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!(warmupSeconds >= 0) || warmupSeconds > 3600) {
            throw badValue("--warmup", "--warmup must be 0 to 3600 seconds, got " + warmupSeconds);
        }
        // A millisecond at least: the bound is kept in milliseconds. A day at most: past it, no bound is meant.
        if (!(bodyTimeoutSeconds >= 0.001) || bodyTimeoutSeconds > 86_400) {
            throw badValue("--body-timeout", "--body-timeout must be 0.001 to 86400 seconds, got " + bodyTimeoutSeconds);
        }
        ServerConfig config;
        try {
            config = new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens,
                    maxBatchRequests == null ? 0 : maxBatchRequests, maxClientBatchSize, autoTruncate, payloadLimit,
                    apiKey == null || apiKey.isEmpty() ? null : apiKey, workers, Duration.ofMillis(Math.round(bodyTimeoutSeconds * 1000)));
        } catch (ServerConfig.InvalidSetting e) {
            throw badValue(e);
        }
        // Before the model loads and warms up (seconds): a port in use is said at once.
        try {
            EmbeddingServer.checkAddress(config);
        } catch (IOException e) {
            throw new CliException(cannotListen(e.getMessage()), e);
        }
        EmbeddingOptions options = EmbeddingOptions.defaults().withPooling(pooling);
        EmbeddingModel embedder = model == null ? EmbeddingModel.loadDefault(options) : Inputs.model(model, options);
        String id = model == null ? EmbeddingModel.DEFAULT_MODEL : model.toAbsolutePath().normalize().getFileName().toString();
        ServedModel served = ServedModel.of(id, embedder, model != null && Files.isDirectory(model) ? model : null);
        // A token budget the model's inputs cannot fit is said now, not after seconds of warm-up.
        try {
            EmbeddingServer.checkFits(served, config);
        } catch (ServerConfig.InvalidSetting e) {
            throw badValue(e);
        }
        if (warmupSeconds > 0) {
            long t0 = System.nanoTime();
            int batches = embedder.warmUp(Duration.ofMillis(Math.round(warmupSeconds * 1000)));
            io.err().printf("ferrite serve: warmed up the model (%d batches, %d ms)%n", batches, (System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            try {
                int answered = HttpWarmUp.run(served, config, HTTP_WARMUP_ROUNDS, Duration.ofMillis(Math.round(warmupSeconds * 1000)));
                io.err().printf("ferrite serve: warmed up the HTTP side (%d requests on a throwaway server, %d ms)%n", answered,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                io.err().println("ferrite serve: HTTP warm-up skipped: " + e.getMessage());
            }
        }
        EmbeddingServer server;
        try {
            server = EmbeddingServer.start(served, config);
        } catch (RuntimeException e) {
            throw new CliException(cannotListen(e.getMessage()), e);
        }
        server.stopOnSignals(Duration.ofSeconds(60));
        io.err().println("ferrite serve: serving " + id + " on http://" + hostname + ":" + server.port()
                + " (SIGTERM or Ctrl-C stops it)");
        io.err().flush();
        server.awaitStop();
        io.err().println("ferrite serve: stopped");
        io.err().flush();
        return 0;
    }

    /** A bad value of {@code option}, which the error names (or the environment variable the value came from). */
    private ParameterException badValue(String option, String message) {
        OptionSpec o = spec.findOption(option);
        return new ParameterException(spec.commandLine(), message, o, o == null ? null : String.valueOf((Object) o.getValue()));
    }

    /** A value refused by ServerConfig or the server: the option is the setting's name as a flag. */
    private ParameterException badValue(ServerConfig.InvalidSetting e) {
        return badValue("--" + e.setting(), e.getMessage());
    }

    private String cannotListen(String why) {
        return "cannot listen on " + hostname + ":" + port + ": " + why;
    }
}
