package dev.ferrite.bench;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server under load, beside the engine alone, in one run: starts {@code ferrite serve} as a
 * child process on a free loopback port, measures the engine-only figures in this JVM with the same
 * model and batching budget, then drives {@code POST /embed} with single-sentence requests of real
 * text (corpus lines, round robin) from closed-loop client threads at each concurrency level, and
 * stops the child with SIGTERM, which must exit 0.
 *
 * <p>Per level: requests/s, sentences/s, p50/p99 latency of the 200s, errors by status (429s
 * apart: they are the deliberate overload answer), and the CPU used by this client and by the
 * server, so a client that became the bottleneck would show; and, from the server's /metrics, the
 * batches it formed (count, mean sequences) and the model's own rate inside the server (sentences
 * over the seconds its batches took), to tell batching and engine speed apart from request
 * handling. Then the targets of issue 4.
 *
 * <p>Run it with {@code bench/load-server}. A benchmark, never a test: nothing here asserts a time.
 */
@Command(name = "load-server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "ferrite serve under load (a child process on 127.0.0.1) beside the engine alone, in one run.")
public final class LoadServer implements Callable<Integer> {

    @Option(names = "--ferrite", required = true, paramLabel = "PATH", description = "The ./ferrite launcher.")
    Path ferrite;

    @Option(names = "--fixtures", required = true, paramLabel = "DIR", description = "The fixtures directory (corpus/).")
    Path fixturesDir;

    @Option(names = "--model", paramLabel = "DIR|ONNX|JAR", description = "The model (default: the bundled all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--corpus", defaultValue = "english", paramLabel = "NAME",
            description = "Corpus whose lines are the requests' sentences (default: ${DEFAULT-VALUE}).")
    String corpus;

    @Option(names = "--levels", split = ",", defaultValue = "1,16,64,256", paramLabel = "N",
            description = "Concurrency levels: client threads, each with one request in flight (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--seconds", defaultValue = "30", paramLabel = "S",
            description = "Measured seconds per level, and per engine-only figure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "S",
            description = "Unmeasured seconds of load before each level's window, and of engine warm-up (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--client", defaultValue = "raw", paramLabel = "raw|jdk",
            description = "raw: HTTP/1.1 on a plain socket; jdk: java.net.http.HttpClient (default: ${DEFAULT-VALUE}).")
    String client;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Model workers, of the server and of the engine-only run (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-batch-tokens", defaultValue = "16384", paramLabel = "N",
            description = "Token budget of a batch, of the server and of the engine-only run (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--engine-batch", paramLabel = "N",
            description = "Sentences per engine-only batch (default: 64 when 64 is a level, else the largest level).")
    Integer engineBatch;

    @Option(names = "--request-timeout", defaultValue = "600", paramLabel = "S",
            description = "Seconds a request may take before it counts as no response (default: ${DEFAULT-VALUE}).")
    int requestTimeout;

    @Option(names = "--start-timeout", defaultValue = "600", paramLabel = "S",
            description = "Seconds the server may take to become healthy, a first build included (default: ${DEFAULT-VALUE}).")
    int startTimeout;

    @Option(names = "--server-log", defaultValue = "load-server-serve.log", paramLabel = "FILE",
            description = "Where the server's output goes (default: ${DEFAULT-VALUE}).")
    Path serverLog;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LoadServer());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) throw e;
            cmd.getErr().println("load-server: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (levels.isEmpty() || levels.stream().anyMatch(c -> c < 1) || seconds <= 0 || warmup < 0 || workers < 1) {
            throw new IllegalArgumentException("levels must be >= 1, seconds > 0, warmup >= 0, workers >= 1");
        }
        LoadClient.of(client, 1, Duration.ofSeconds(1)).close(); // fails early on an unknown --client
        String[] sentences = Arrays.stream(Fixtures.at(fixturesDir).corpus(corpus).lines()).filter(s -> !s.isBlank()).toArray(String[]::new);
        byte[][] bodies = Arrays.stream(sentences).map(LoadServer::embedBody).toArray(byte[][]::new);
        long window = nanos(seconds);
        int batch = engineBatch != null ? engineBatch : levels.contains(64) ? 64 : levels.stream().max(Integer::compare).orElseThrow();

        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(ferrite.toString(), "serve", "--hostname", "127.0.0.1", "--port", Integer.toString(port),
                "--workers", Integer.toString(workers), "--max-batch-tokens", Integer.toString(maxBatchTokens)));
        if (model != null) {
            command.addAll(List.of("--model", model.toString()));
        }
        out.printf(Locale.ROOT, "load-server: %s; %d sentences of corpus %s; client %s; %s s per level after %s s warm-up%n",
                String.join(" ", command), sentences.length, corpus, client, fmt(seconds), fmt(warmup));
        ServerProcess server = ServerProcess.start(command, port, serverLog);
        boolean stopped = false;
        try {
            server.awaitHealthy(Duration.ofSeconds(startTimeout));
            out.printf(Locale.ROOT, "server healthy on 127.0.0.1:%d (pid %d)%n", port, server.pid());

            EmbeddingModel engine = model == null ? EmbeddingModel.loadDefault(EmbeddingOptions.defaults()) : EmbeddingModel.load(model);
            EngineOnly.Figures e = new EngineOnly(engine, sentences).measure(nanos(warmup), window, batch, maxBatchTokens, workers);
            out.printf(Locale.ROOT, "engine only (this JVM, %s): single sentence p50 %.2f ms (%d timed); %.2f sentences/s in batches of %d on %d worker(s) (%d sentences)%n",
                    engine.source(), ms(e.latencyNanos()), e.singles(), e.sentencesPerSecond(), e.batch(), e.workers(), e.batched());
            engine = null; // the server's turn: let the engine's memory go

            httpCeiling(server, Math.max(1, Math.min(3, seconds)));

            Map<Integer, LoadStats.Summary> results = new LinkedHashMap<>();
            Map<Integer, ServerSeries.Requests> breakdowns = new LinkedHashMap<>();
            Map<Integer, Double> modelRates = new LinkedHashMap<>();
            out.println();
            out.println("| concurrency | requests/s | sentences/s | p50 ms | p99 ms | 429s | errors | client CPU | server CPU | batches | mean batch | model sentences/s |");
            out.println("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
            for (int c : levels) {
                Level level = runLevel(server, bodies, c, nanos(warmup), window);
                results.put(c, level.summary);
                breakdowns.put(c, level.batches.requests());
                modelRates.put(c, level.batches.modelSentencesPerSecond());
                LoadStats.Summary s = level.summary;
                ServerSeries.Batches b = level.batches;
                out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %d | %s | %.0f%% | %.0f%% | %d | %.1f | %.2f |%n", c, s.requestsPerSecond(),
                        s.sentencesPerSecond(1), ms(s.p50Nanos()), ms(s.p99Nanos()), s.rejected(), errors(s),
                        100.0 * level.clientCpuNanos / window, 100.0 * level.serverCpuNanos / window,
                        b.count(), b.meanSize(), b.modelSentencesPerSecond());
            }
            out.println();
            breakdowns.forEach((c, r) -> out.printf(Locale.ROOT, "concurrency %d, mean per request %s%n", c, r.breakdown()));
            // The server's model and the engine-only run are two JVMs, each with its own JIT: say when they differ.
            modelRates.forEach((c, rate) -> {
                if (rate > 0 && c > 1) {
                    out.printf(Locale.ROOT, "concurrency %d: the model inside the server ran %.2f sentences/s, %.0f%% of the engine-only rate%n",
                            c, rate, 100 * rate / e.sentencesPerSecond());
                }
            });
            boolean clean = targets(results, e);

            int status = server.stop(Duration.ofSeconds(60));
            stopped = true;
            out.printf(Locale.ROOT, "SIGTERM: the server exited with status %d%s%n", status, status == 0 ? "" : " (expected 0)");
            return status == 0 && clean ? 0 : 1;
        } finally {
            if (!stopped) {
                server.stop(Duration.ofSeconds(30));
            }
        }
    }

    /** The figures of one level. */
    private record Level(LoadStats.Summary summary, long clientCpuNanos, long serverCpuNanos, ServerSeries.Batches batches) {
    }

    private ServerSeries.Batches batches(ServerProcess server) {
        try (LoadClient http = LoadClient.of(client, server.port(), Duration.ofSeconds(requestTimeout))) {
            LoadClient.Response r = http.get("/metrics");
            return r.status() == 200 ? ServerSeries.Batches.parse(new String(r.body(), StandardCharsets.UTF_8)) : ServerSeries.Batches.NONE;
        } catch (Exception e) {
            return ServerSeries.Batches.NONE;
        }
    }

    /**
     * Closed loop: {@code c} threads, each with its own connection, send one request, wait for its
     * answer, send the next. Requests completing in the window after the warm-up count; then no new
     * request starts and the ones in flight are awaited, so the next level starts on an idle server.
     */
    private Level runLevel(ServerProcess server, byte[][] bodies, int c, long warmupNanos, long windowNanos) throws Exception {
        AtomicLong next = new AtomicLong();
        long from = System.nanoTime() + warmupNanos;
        long to = from + windowNanos;
        List<LoadStats.Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(requestTimeout);
        long[] cpu = new long[4];
        ServerSeries.Batches[] batches = new ServerSeries.Batches[2];
        Thread meter = Thread.ofPlatform().name("load-meter").start(() -> {
            sleepUntil(from);
            cpu[0] = clientCpu();
            cpu[1] = server.cpuNanos();
            batches[0] = batches(server);
            sleepUntil(to);
            cpu[2] = clientCpu();
            cpu[3] = server.cpuNanos();
            batches[1] = batches(server);
        });
        for (int t = 0; t < c; t++) {
            LoadStats.Recorder recorder = new LoadStats.Recorder();
            recorders.add(recorder);
            threads.add(Thread.ofVirtual().name("load-" + t).start(() -> {
                try (LoadClient http = LoadClient.of(client, server.port(), timeout)) {
                    while (System.nanoTime() < to) {
                        byte[] body = bodies[(int) (next.getAndIncrement() % bodies.length)];
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            LoadClient.Response r = http.post("/embed", body);
                            status = r.status() != 200 || (r.body().length > 1 && r.body()[0] == '[' && r.body()[1] == '[')
                                    ? r.status() : LoadStats.BAD_BODY;
                        } catch (InterruptedException x) {
                            return;
                        } catch (Exception x) {
                            status = LoadStats.NO_RESPONSE;
                        }
                        long t1 = System.nanoTime();
                        if (t1 >= from && t1 <= to) {
                            recorder.record(status, t1 - t0);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        meter.join();
        return new Level(LoadStats.summarize(recorders, windowNanos), cpu[2] - cpu[0], cpu[3] < 0 ? 0 : cpu[3] - cpu[1],
                batches[1].minus(batches[0]));
    }

    /** What the HTTP path alone sustains with this client (GET /health at 16 connections), to show the client is not the limit. */
    private void httpCeiling(ServerProcess server, double secs) throws Exception {
        long window = nanos(secs);
        long end = System.nanoTime() + window;
        AtomicLong count = new AtomicLong();
        long cpu0 = clientCpu();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (LoadClient http = LoadClient.of(client, server.port(), Duration.ofSeconds(requestTimeout))) {
                    while (System.nanoTime() < end) {
                        if (http.get("/health").status() == 200) {
                            count.incrementAndGet();
                        }
                    }
                } catch (Exception ignored) {
                    // the ceiling is what succeeded
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long cpu = clientCpu() - cpu0;
        out.printf(Locale.ROOT, "HTTP ceiling (GET /health, 16 connections, %s s): %.0f requests/s; client CPU %.1f us per request%n",
                fmt(secs), count.get() * 1e9 / window, count.get() == 0 ? 0.0 : cpu / 1e3 / count.get());
    }

    /** Prints the targets of issue 4; returns whether no request failed but by a 429. */
    private boolean targets(Map<Integer, LoadStats.Summary> results, EngineOnly.Figures e) {
        LoadStats.Summary c64 = results.get(64);
        if (c64 == null) {
            out.println("target: concurrency 64 >= 90% of engine-only sentences/s: not run (64 is not a level)");
        } else {
            double ratio = c64.sentencesPerSecond(1) / e.sentencesPerSecond();
            out.printf(Locale.ROOT, "target: concurrency 64 >= 90%% of engine-only sentences/s: %.2f vs %.2f (%.1f%%) %s%n",
                    c64.sentencesPerSecond(1), e.sentencesPerSecond(), 100 * ratio, ratio >= 0.9 ? "PASS" : "FAIL");
        }
        LoadStats.Summary c1 = results.get(1);
        if (c1 == null || c1.ok() == 0) {
            out.println("target: concurrency 1 p50 within 2 ms of the engine's single-sentence latency: " + (c1 == null ? "not run" : "no 200s"));
        } else {
            double over = ms(c1.p50Nanos()) - ms(e.latencyNanos());
            out.printf(Locale.ROOT, "target: concurrency 1 p50 within 2 ms of the engine's single-sentence latency: %.2f vs %.2f ms (%+.2f ms) %s%n",
                    ms(c1.p50Nanos()), ms(e.latencyNanos()), over, over <= 2 ? "PASS" : "FAIL");
        }
        long errors = results.values().stream().mapToLong(LoadStats.Summary::errorCount).sum();
        out.printf(Locale.ROOT, "target: no errors but deliberate 429s: %d %s%n", errors, errors == 0 ? "PASS" : "FAIL");
        return errors == 0;
    }

    private static String errors(LoadStats.Summary s) {
        if (s.errors().isEmpty()) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        s.errors().forEach((status, n) -> b.append(b.isEmpty() ? "" : ", ").append(LoadStats.statusName(status)).append(": ").append(n));
        return b.toString();
    }

    /** {@code {"inputs":"<sentence>"}}, the sentence as a JSON string. */
    static byte[] embedBody(String sentence) {
        StringBuilder b = new StringBuilder(sentence.length() + 16).append("{\"inputs\":\"");
        for (int i = 0; i < sentence.length(); i++) {
            char ch = sentence.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long clientCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void sleepUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long nanos(double secs) {
        return (long) (secs * 1e9);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String fmt(double secs) {
        return secs == Math.rint(secs) ? Long.toString((long) secs) : Double.toString(secs);
    }
}
