package dev.ferrite.bench;

import ai.onnxruntime.OrtEnvironment;
import dev.ferrite.runtime.ComputeThreads;
import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.ModelCache;
import dev.ferrite.runtime.embed.Similarity;
import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.runtime.onnx.OnnxImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Ferrite beside ONNX Runtime on embeddings, in one JVM: the same model file, the same lines, the
 * same thread count (Ferrite's {@code ferrite.threads}, ORT's intra-op threads), the same batches.
 * Both embed Ferrite's tokenizer output and tokenizing counts on both sides; Ferrite packs a batch
 * without padding, ORT takes it padded to its longest sequence with an attention mask (how ORT users
 * run it). Per scenario: warm-up, then timed turns that alternate between the engines, so drift in
 * the machine's speed hits both. Prints Markdown tables for docs/benchmarks.md.
 *
 * <p>Run it with {@code bench/compare-embed}.
 */
@Command(name = "compare-embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ferrite vs ONNX Runtime on embeddings: sentences/s, tokens/s, latency, GFLOP/s, load time, memory.")
public final class CompareEmbed implements Callable<Integer> {
    /** The scenarios, by name, in the order they run. */
    enum Scenario {
        ORDER("order", false, 0, "batch B, lines in file order"),
        SORTED("sorted", false, 0, "batch B, lines sorted by token count"),
        SINGLE("single", false, 1, "batch 1, file order"),
        FIXED128("fixed128", false, 0, "batch B of 128-token sequences, pre-tokenized"),
        INT8_ORDER("int8-order", true, 0, "int8 model, batch B, file order"),
        INT8_SINGLE("int8-single", true, 1, "int8 model, batch 1, file order");

        final String label;
        final boolean int8;
        final int fixedBatch;
        final String what;

        Scenario(String label, boolean int8, int fixedBatch, String what) {
            this.label = label;
            this.int8 = int8;
            this.fixedBatch = fixedBatch;
            this.what = what;
        }
    }

    @Option(names = "--fixtures", required = true, paramLabel = "DIR", description = "The fixtures directory (corpus/).")
    Path fixturesDir;

    @Option(names = "--input", paramLabel = "FILE", description = "Lines to embed (default: corpus/english.txt of the fixtures).")
    Path input;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N lines (default: all). Both engines cycle over the same lines, so a slow "
                    + "engine and a fast one see the same mix of lengths when N is small.")
    int lines;

    @Option(names = "--model", paramLabel = "PATH", description = "fp32 model: directory, .onnx or jar (default: the all-MiniLM-L6-v2 jar).")
    Path model;

    @Option(names = "--int8-model", paramLabel = "PATH", description = "int8 model (default: the all-MiniLM-L6-v2-q jar).")
    Path int8Model;

    @Option(names = "--threads", paramLabel = "T", description = "Compute threads of both engines (default: available processors).")
    Integer threads;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Batch size B (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Timed seconds per engine and scenario; each timed turn runs at least one batch (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "2",
            description = "Timed turns per engine and scenario, alternating, S/R seconds each (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "5",
            description = "Untimed seconds per engine and scenario, after the check batch, which always runs (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--model-cache", paramLabel = "DIR",
            description = "Ferrite's model cache, where it keeps the encoders it prepares (default: bench/target/model-cache, not the "
                    + "user's cache); DIR-ort holds the .onnx files extracted for ONNX Runtime's warm loads.")
    Path modelCache;

    @Option(names = "--cold", description = "Delete the models' extracted files and prepared encoders from the cache first, so "
            + "the loads measured are the first ones: Ferrite inflates the jar's model, imports, packs and writes the "
            + "encoder, ORT is given the bytes inflated from the jar. Without it a load is warm: Ferrite maps the prepared "
            + "encoder (prepared first on a first run), ORT is given the path of the model extracted from the jar (untimed).")
    boolean cold;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "Scenarios to run (default: all): order, sorted, single, fixed128, int8-order, int8-single.")
    List<String> scenarios = Arrays.stream(Scenario.values()).map(s -> s.label).toList();

    private final PrintStream out = System.out;
    private final List<String> problems = new ArrayList<>();
    private final List<String> loads = new ArrayList<>();

    /** The engines of one model, and the model's FLOP count. */
    private record Pair(EmbedEngine.Ferrite ferrite, EmbedEngine.OnnxRuntime ort, EncoderFlops flops) {
    }

    private record Result(Scenario scenario, int batch, EmbedWorkload.Tally ferrite, EmbedWorkload.Tally ort, EncoderFlops flops) {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new CompareEmbed());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) throw e;
            cmd.getErr().println("compare-embed: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        List<Scenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            chosen.add(Arrays.stream(Scenario.values()).filter(s -> s.label.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name)));
        }
        if (batch < 1 || rounds < 1 || !(seconds > 0) || !(warmup >= 0) || lines < 0 || threads != null && threads < 1) {
            throw new IllegalArgumentException("--batch, --rounds, --threads must be 1 or more, --seconds more than 0, "
                    + "--warmup and --lines 0 or more");
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty(ComputeThreads.PROPERTY, Integer.toString(t)); // before any Ferrite engine exists
        Path cacheDir = modelCache != null ? modelCache : Path.of(System.getProperty("ferrite.bench.model-cache", "target/model-cache"));
        System.setProperty(ModelCache.PROPERTY, cacheDir.toAbsolutePath().toString()); // before any model loads
        Path file = input != null ? input : Fixtures.at(fixturesDir).corpusFile("english");
        String[] text = Fixtures.lines(file);
        if (lines > 0 && lines < text.length) text = Arrays.copyOf(text, lines);
        EncoderFlops.Peak peak = EncoderFlops.Peak.machine();
        out.printf(Locale.ROOT, "# %s, %d core(s), Java %s; %s: %d lines; %d thread(s), batch %d, %.3g s in %d turn(s), warm-up %.3g s%n",
                CompareTokenizers.cpuModel(), Runtime.getRuntime().availableProcessors(), Runtime.version(), file, text.length, t, batch,
                seconds, rounds, warmup);

        Footprint.Loaded<OrtEnvironment> env = Footprint.measure(OrtEnvironment::getEnvironment);
        loadRow("-", "ORT native library + environment", env.footprint());
        Map<Boolean, Pair> pairs = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        try {
            for (Scenario s : chosen) {
                Pair pair = pairs.computeIfAbsent(s.int8, int8 -> load(int8 ? int8Model : model,
                        int8 ? "all-minilm-l6-v2-q" : "all-minilm-l6-v2", t));
                results.add(run(s, pair, text));
            }
        } finally {
            pairs.values().forEach(p -> p.ort().close());
        }
        print(results, peak);
        problems.forEach(p -> out.println("problem: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    private Pair load(Path path, String bundled, int t) {
        Path where = path != null ? path : jarOf(bundled + ".onnx");
        String name = path != null ? path.getFileName().toString() : bundled;
        out.println("## loading " + where);
        boolean jar = where.toString().endsWith(".jar") || where.toString().endsWith(".zip");
        ModelCache cache = ModelCache.configured();
        if (jar && cold) {
            try {
                cache.evict(where);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot empty the cache of " + where + " for --cold", e);
            }
        }
        // ORT's warm load reads a file, as Ferrite's maps its prepared encoder: the model extracted from the
        // jar beforehand, untimed (Ferrite's cache keeps no copy of a model whose encoder it prepared).
        Path extracted = jar && !cold ? extractedForOrt(where, cacheDir(cache)) : null;
        // The prepared encoder is written off Ferrite's load: awaited before memory is read (its buffers are
        // not held once it is written) and before ORT's load is timed.
        Footprint.Loaded<EmbeddingModel> ferrite = Footprint.measure(() -> EmbeddingModel.load(where), EmbeddingModel::awaitCacheWrites);
        loadRow(name, ferriteLoad(ferrite.value().fromPreparedEncoder(), jar), ferrite.footprint());
        EmbeddingModel m = ferrite.value();
        // A cold load is given the bytes inflated from the jar, inflating included: the JDK's one-thread stream,
        // as a Java program hands ORT a jar's model (Ferrite's load inflates it on two threads, SplitInflater).
        Footprint.Loaded<EmbedEngine.OnnxRuntime> ort = Footprint.measure(() -> extracted != null
                ? new EmbedEngine.OnnxRuntime(extracted, m.pooling(), t) : new EmbedEngine.OnnxRuntime(ModelBytes.of(where), m.pooling(), t));
        loadRow(name, !jar ? "ORT" : extracted != null ? "ORT, warm (extracted file by path)" : "ORT, cold (bytes inflated from the jar)",
                ort.footprint());
        EncoderFlops flops = EncoderFlops.of(OnnxImporter.load(ByteBuffer.wrap(ModelBytes.of(where)), name, null), m.dimension());
        out.println("  " + flops.describe());
        return new Pair(new EmbedEngine.Ferrite(m), ort.value(), flops);
    }

    private Result run(Scenario s, Pair pair, String[] text) {
        int b = s.fixedBatch > 0 ? s.fixedBatch : batch;
        EmbeddingModel m = pair.ferrite().model();
        String[] order = s == Scenario.SORTED ? EmbedWorkload.sortedByLength(text, m) : text;
        List<EmbedEngine> engines = List.of(pair.ferrite(), pair.ort());
        Map<EmbedEngine, EmbedWorkload.Feed> feeds = new LinkedHashMap<>();
        for (EmbedEngine e : engines) {
            feeds.put(e, s == Scenario.FIXED128 ? EmbedWorkload.fixedLength(text, 128, b, m) : EmbedWorkload.text(order, b, m));
        }
        out.printf(Locale.ROOT, "## %s: %s (B = %d)%n", s.label, s.what, b);
        // The check batch: both engines embed the first batch; their vectors must agree.
        TokenBatch first = feeds.get(pair.ferrite()).next();
        float[][] f = pair.ferrite().embed(first);
        float[][] o = pair.ort().embed(first);
        double minCos = 1;
        for (int i = 0; i < f.length; i++) minCos = Math.min(minCos, Similarity.cosine(f[i], o[i]));
        out.printf(Locale.ROOT, "  check batch: min cosine Ferrite vs ORT %.6f over %d sequences%n", minCos, f.length);
        // int8 looser: besides Ferrite's own int8 divergence (see EmbeddingVsOnnxRuntimeTest), ORT quantizes
        // activations with one scale per tensor, here the whole padded batch, so its vectors shift with the batch.
        if (minCos < (s.int8 ? 0.98 : 0.9999)) problems.add(s.label + ": Ferrite and ORT disagree, min cosine " + minCos);
        Map<EmbedEngine, EmbedWorkload.Tally> tallies = new LinkedHashMap<>();
        for (EmbedEngine e : engines) {
            if (warmup > 0) timed(e, feeds.get(e), warmup, new EmbedWorkload.Tally(), pair.flops());
            feeds.get(e).rewind();
            tallies.put(e, new EmbedWorkload.Tally());
        }
        for (int r = 0; r < rounds; r++) {
            for (EmbedEngine e : engines) timed(e, feeds.get(e), seconds / rounds, tallies.get(e), pair.flops());
        }
        for (EmbedEngine e : engines) {
            EmbedWorkload.Tally x = tallies.get(e);
            out.printf(Locale.ROOT, "  %-7s %4d batches %7.2f sentences/s %9.1f tokens/s  p50 %8.2f ms  p99 %8.2f ms  "
                            + "padding %4.1f%%  %6.2f GFLOP/s%n", e.name(), x.batches, x.sentencesPerSecond(), x.tokensPerSecond(),
                    x.percentile(50), x.percentile(99), 100 * x.padding(), x.usefulFlops / x.seconds / 1e9);
        }
        return new Result(s, b, tallies.get(pair.ferrite()), tallies.get(pair.ort()), pair.flops());
    }

    /** Runs batches of {@code feed} on {@code engine} for {@code seconds} (at least one), adding them to {@code tally}. */
    private static void timed(EmbedEngine engine, EmbedWorkload.Feed feed, double seconds, EmbedWorkload.Tally tally,
            EncoderFlops flops) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long now;
        do {
            long t0 = System.nanoTime();
            TokenBatch b = feed.next();
            engine.embed(b);
            now = System.nanoTime();
            tally.add(b, engine.computedTokens(b), (now - t0) / 1e6, flops);
        } while (now - start < budget);
        tally.seconds += (now - start) / 1e9;
    }

    private void print(List<Result> results, EncoderFlops.Peak peak) {
        out.println();
        out.println("| scenario | B | Ferrite sentences/s | ORT sentences/s | Ferrite tokens/s | ORT tokens/s | Ferrite/ORT |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.0f | %.0f | %.3f |%n", r.scenario().label, r.batch(),
                    r.ferrite().sentencesPerSecond(), r.ort().sentencesPerSecond(), r.ferrite().tokensPerSecond(),
                    r.ort().tokensPerSecond(), r.ferrite().tokensPerSecond() / r.ort().tokensPerSecond());
        }
        out.println();
        out.println("| scenario | Ferrite p50 ms | ORT p50 ms | Ferrite p99 ms | ORT p99 ms | ORT padding | Ferrite GFLOP/s "
                + "| ORT GFLOP/s (real tokens) | ORT GFLOP/s (computed) | Ferrite % of peak |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            double fg = r.ferrite().usefulFlops / r.ferrite().seconds / 1e9;
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.0f%% | %.2f | %.1f | %.1f | %.2f%% |%n",
                    r.scenario().label, r.ferrite().percentile(50), r.ort().percentile(50), r.ferrite().percentile(99),
                    r.ort().percentile(99), 100 * r.ort().padding(), fg, r.ort().usefulFlops / r.ort().seconds / 1e9,
                    r.ort().computedFlops / r.ort().seconds / 1e9, 100 * fg / peak.gflops());
        }
        out.printf(Locale.ROOT, "%nPeak: %.0f GFLOP/s = %s.%n", peak.gflops(), peak.assumption());
        out.println();
        out.println("| model | engine | load ms | heap MB | RSS growth MB |");
        out.println("| --- | --- | ---: | ---: | ---: |");
        loads.forEach(out::println);
    }

    private void loadRow(String model, String who, Footprint f) {
        String row = String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %s |", model, who, f.loadMillis(), f.heapBytes() / 1e6,
                f.rssBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", f.rssBytes() / 1e6));
        loads.add(row);
        out.println("  loaded " + row);
    }

    /** How Ferrite's load went, for its row: what it read, and whether it prepared the encoder. */
    private static String ferriteLoad(boolean prepared, boolean jar) {
        if (prepared) return "Ferrite, warm (prepared encoder mapped)";
        if (!jar) return "Ferrite (model file imported; encoder prepared and written)";
        return "Ferrite, cold (jar inflated; encoder prepared and written)";
    }

    /** Ferrite's model cache directory, which the bench always sets. */
    private static Path cacheDir(ModelCache cache) {
        return cache.directory().orElseThrow(() -> new IllegalStateException("the bench runs with a model cache"));
    }

    /** The jar's .onnx as a file of its own in {@code <cache>-ort}, extracted there when missing. */
    private static Path extractedForOrt(Path jar, Path cache) {
        Path file = cache.resolveSibling(cache.getFileName() + "-ort").resolve(jar.getFileName() + ".onnx");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".part"), ModelBytes.of(jar));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + jar + "'s model to " + file, e);
        }
    }

    /** The jar on the classpath that holds {@code resource}. */
    private static Path jarOf(String resource) {
        URL url = CompareEmbed.class.getClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new IllegalStateException(resource + " is not in a jar on the classpath (bench/pom.xml's model dependencies)");
        }
        String spec = url.toString(); // jar:file:/.../x.jar!/x.onnx
        return Path.of(URI.create(spec.substring("jar:".length(), spec.indexOf("!/"))));
    }
}
