package dev.ferrite.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP server: TEI's and OpenAI's embedding routes over one {@link Batcher}, on Helidon's
 * WebServer (a virtual thread per request; model work on the batcher's platform threads).
 *
 * <p>A request whose client closes the connection while its inputs wait for the model is abandoned:
 * its queued inputs are dropped, not computed, and the connection is closed without a response
 * ({@link Inference}, {@link ClientWatch}).
 *
 * <p>Every route but {@code /health}, {@code /metrics} and {@code /openapi.json} needs the API key
 * when one is set. Any failure is answered with a JSON error body and its status, never a stack trace.
 * {@link #stop} drains: new requests get 503, those in flight are answered, then the server closes.
 */
public final class EmbeddingServer implements AutoCloseable {
    private static final Set<String> PUBLIC = Set.of("/health", "/ping", "/metrics", "/openapi.json");
    private static final String POST = "POST", GET_HEAD = "GET, HEAD";
    /** Routes and the methods each answers (an Allow header's value), for 405 versus 404. */
    private static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("/embed", POST), Map.entry("/embed_all", POST), Map.entry("/similarity", POST),
            Map.entry("/v1/embeddings", POST), Map.entry("/embeddings", POST),
            Map.entry("/tokenize", POST), Map.entry("/decode", POST),
            Map.entry("/health", GET_HEAD), Map.entry("/ping", GET_HEAD), Map.entry("/info", GET_HEAD),
            Map.entry("/metrics", GET_HEAD), Map.entry("/openapi.json", GET_HEAD));

    private final ServedModel model;
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Batcher batcher;
    private final ClientWatch clients;
    private final RequestBodies bodies;
    private final WebServer server;
    private final byte[] expectedAuthorization;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile boolean stopped;
    private final CountDownLatch stoppedLatch = new CountDownLatch(1);

    private EmbeddingServer(ServedModel model, ServerConfig config) {
        checkFits(model, config);
        this.model = model;
        this.config = config;
        this.metrics = new ServerMetrics(model.maxInputLength());
        this.batcher = new Batcher(model.encoder(), model.pooling(), config.maxConcurrentRequests(), config.maxBatchTokens(),
                config.maxBatchRequests(), config.workers(), metrics);
        this.clients = ClientWatch.start();
        this.bodies = new RequestBodies(config.payloadLimit(), config.bodyTimeout());
        this.expectedAuthorization = config.apiKey() == null ? null : sha256("Bearer " + config.apiKey());
        Tokenization tokenization = new Tokenization(model, metrics);
        Inference inference = new Inference(batcher, clients, metrics);
        EmbedEndpoints tei = new EmbedEndpoints(tokenization, inference, metrics, config, bodies);
        OpenAiEndpoint openAi = new OpenAiEndpoint(model, tokenization, inference, metrics, config, bodies, tei);
        TokenEndpoints tokens = new TokenEndpoints(tokenization, bodies, tei);
        InfoEndpoints info = new InfoEndpoints(model, config, metrics, batcher, () -> !draining);
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(this::filter)
                .post("/embed", safe(tei::embed, false))
                .post("/embed_all", safe(tei::embedAll, false))
                .post("/similarity", safe(tei::similarity, false))
                .post("/v1/embeddings", safe(openAi::embeddings, true))
                .post("/embeddings", safe(openAi::embeddings, true))
                .post("/tokenize", safe(tokens::tokenize, false))
                .post("/decode", safe(tokens::decode, false))
                .route(getOrHead("/health", safe(info::health, false)))
                .route(getOrHead("/ping", safe(info::health, false)))
                .route(getOrHead("/info", safe(info::info, false)))
                .route(getOrHead("/metrics", safe(info::metrics, false)))
                .route(getOrHead("/openapi.json", safe(info::openApi, false)))
                .any(safe(EmbeddingServer::unknown, false));
        this.server = WebServer.builder()
                .host(config.hostname())
                .port(config.port())
                .shutdownHook(false)
                .directHandlers(d -> {
                    for (DirectHandler.EventType event : DirectHandler.EventType.values()) d.addHandler(event, new TransportErrors());
                })
                .routing(routing)
                .build();
    }

    /** Starts serving {@code model}; returns once the port is bound. */
    public static EmbeddingServer start(ServedModel model, ServerConfig config) {
        quietHelidonStartupLogs();
        EmbeddingServer s = new EmbeddingServer(model, config);
        StartFailure failure = StartFailure.watch();
        try {
            s.server.start();
            if (!s.server.isRunning()) {
                throw failure.exception();
            }
        } catch (RuntimeException e) {
            s.batcher.close();
            s.clients.close();
            s.bodies.close();
            throw e;
        } finally {
            failure.stopWatching();
        }
        return s;
    }

    /**
     * Fails now if {@link #start} could not bind {@code config}'s address (its port in use, its host
     * not this machine's), so that a caller can say so before slow work such as loading and warming
     * up a model. The address is bound and released at once, with SO_REUSEADDR as Helidon binds it.
     * Something may still take the port before {@link #start}, which then fails as it always did.
     *
     * @throws IOException the bind's failure ("Address already in use")
     */
    public static void checkAddress(ServerConfig config) throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(config.hostname(), config.port()));
        }
    }

    /**
     * Whether {@code config} can serve {@code model}: its token budget must hold one input at the model's
     * longest, or that input could never run. {@link #start} checks it too; a caller checks first to
     * say so before slow work such as warming up the model.
     *
     * @throws ServerConfig.InvalidSetting naming {@code max-batch-tokens}
     */
    public static void checkFits(ServedModel model, ServerConfig config) {
        if (config.maxBatchTokens() < model.maxInputLength()) {
            throw new ServerConfig.InvalidSetting("max-batch-tokens", "(" + config.maxBatchTokens()
                    + ") must be at least the model's maximum input length (" + model.maxInputLength() + ")");
        }
    }

    /** The bound port (the chosen one when the config said 0). */
    public int port() {
        return server.port();
    }

    public ServedModel model() {
        return model;
    }

    /** The series /metrics serves. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** For tests: the queue in front of the model. */
    Batcher batcher() {
        return batcher;
    }

    /** For tests: what watches waiting requests' clients. */
    ClientWatch clientWatch() {
        return clients;
    }

    /**
     * Graceful stop: from now on requests get 503 {@code unhealthy}; waits up to {@code grace} for
     * the requests in flight to be answered, then closes the listener and the model workers.
     * Idempotent.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop();
        batcher.close();
        clients.close();
        bodies.close();
        stopped = true;
        stoppedLatch.countDown();
    }

    /**
     * Makes SIGTERM and SIGINT stop the server gracefully ({@link #stop}) instead of killing the
     * JVM at once; {@link #awaitStop} then returns, and the caller can exit with status 0.
     */
    @SuppressWarnings("removal")
    public void stopOnSignals(Duration grace) {
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> Thread.ofPlatform().name("ferrite-stop").start(() -> stop(grace)));
        }
    }

    /** Blocks until {@link #stop} has finished. */
    public void awaitStop() throws InterruptedException {
        stoppedLatch.await();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.prologue().method() == Method.HEAD) {
            ScopedValue.where(Http.HEAD, true).run(() -> admit(chain, req, res));
        } else {
            admit(chain, req, res);
        }
    }

    private void admit(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        boolean openAi = path.equals("/v1/embeddings") || path.equals("/embeddings");
        boolean isPublic = PUBLIC.contains(path);
        if (!isPublic && expectedAuthorization != null && !authorized(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
            Http.error(res, new ApiException(ErrorType.UNAUTHORIZED, "missing or wrong API key (send Authorization: Bearer <key>)"), openAi);
            return;
        }
        if (draining && !isPublic) {
            Http.error(res, new ApiException(ErrorType.UNHEALTHY, "the server is shutting down"), openAi);
            return;
        }
        inFlight.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * A GET route that answers HEAD too, as axum's {@code get} routes do in TEI: the same status and
     * headers, no body (Helidon writes whatever body is sent, so {@link Http#send} leaves it out).
     */
    private static HttpRoute getOrHead(String path, Handler handler) {
        return HttpRoute.builder().methods(Method.GET, Method.HEAD).path(path).handler(handler).build();
    }

    /** Compares digests, so the time taken says nothing about how much of the key was right. */
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(sha256(header), expectedAuthorization);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The handler, with every failure turned into an error body and counted as TEI counts it. */
    private Handler safe(Handler handler, boolean openAi) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (Inference.ClientGoneException | RequestBodies.StalledException e) {
                // Nobody to answer (the client left, or the connection closed on a stalled body):
                // Helidon closes the connection without writing a response.
                throw new CloseConnectionException(e.getMessage());
            } catch (ApiException e) {
                countFailure(e.type());
                Http.error(res, e, openAi);
            } catch (Exception | StackOverflowError e) {
                metrics.failure("internal");
                Logger.getLogger(EmbeddingServer.class.getName()).log(Level.WARNING, "request failed", e);
                Http.error(res, new ApiException(ErrorType.INTERNAL, "internal error: " + e.getClass().getSimpleName()), openAi);
            }
        };
    }

    private void countFailure(ErrorType type) {
        switch (type) {
            case VALIDATION, EMPTY, BAD_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> metrics.failure("validation");
            case TOKENIZER -> metrics.failure("tokenization");
            case OVERLOADED -> metrics.failure("overloaded");
            case BACKEND -> metrics.failure("inference");
            default -> {
            }
        }
    }

    private static void unknown(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String allowed = ROUTES.get(path);
        if (allowed != null) {
            throw ApiException.methodNotAllowed(req.prologue().method().text() + " " + path
                    + " is not served; allowed: " + allowed, allowed);
        }
        throw new ApiException(ErrorType.NOT_FOUND, "no route " + req.prologue().method().text() + " " + path);
    }

    /** Helidon logs its version and features at INFO on start; the CLI prints its own one line. */
    private static void quietHelidonStartupLogs() {
        HELIDON_LOG.setLevel(Level.WARNING);
    }

    /** Held, because java.util.logging keeps loggers weakly and would forget the level. */
    private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");
}
