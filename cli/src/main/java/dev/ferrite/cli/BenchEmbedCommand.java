package dev.ferrite.cli;

import dev.ferrite.runtime.ComputeThreads;
import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.tokenizers.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ferrite bench embed}: embeds batches of a file's lines, taken in file order and wrapping
 * around, for a warm-up time and then for a timed period, and prints on its last line
 * {@code sentences/s=<n> tokens/s=<n> p50_ms=<n> p99_ms=<n>}. A batch's time covers tokenizing its
 * lines ({@link EmbeddingModel#encode}), packing them ({@link TokenBatch#of}) and embedding them
 * (pooled, normalized): what a caller of the model pays. Tokens are the real tokens of the lines,
 * special tokens included, no padding. Latencies are per batch.
 *
 * <p>{@code --threads} sets the system property {@link ComputeThreads#PROPERTY} before the model is
 * loaded: the engine computes on that many threads (the scalar reference executor of today runs on
 * the calling thread and ignores it).
 */
@Command(name = "embed", sortOptions = false,
        header = "Measure embedding speed on a file: sentences/s, tokens/s, latency.",
        description = {
            "Embeds batches of FILE's lines, taken in file order (wrapping around), first",
            "for --warmup seconds, then for --seconds timed seconds. Each batch is timed",
            "from tokenizing its lines to the pooled, normalized vectors. The last line",
            "printed holds",
            "  sentences/s=<n> tokens/s=<n> p50_ms=<n> p99_ms=<n>",
            "where tokens are the lines' real tokens (special tokens included, no padding)",
            "and p50_ms, p99_ms are per-batch latencies. Warm-up and timed phases each run",
            "at least one batch.",
            ""},
        footer = {"",
            "Example:",
            "  ferrite bench embed --input ../shared/fixtures/corpus/english.txt --batch 32 --seconds 30"})
final class BenchEmbedCommand implements Callable<Integer> {
    /**
     * A batch is one array of lines, and its activations tokens x hidden floats: 65,536 lines of ten
     * tokens are already a gigabyte at MiniLM's width. Far more fails as an OutOfMemoryError.
     */
    static final int MAX_BATCH = 1 << 16;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR|ONNX|JAR",
            description = "The model: a directory, an .onnx file or a jar (default: the bundled all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text, one input per line.")
    Path input;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Lines per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N",
            description = "Compute threads the engine may use (default: the available processors).")
    Integer threads;

    /** A day: a longer phase is a typo (1e12, Infinity), never a benchmark anyone waits for. */
    private static final int MAX_SECONDS = 86_400;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
            description = "Length of the timed phase, in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
            description = "Length of the untimed warm-up, in seconds; 0 for none (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Override
    public Integer call() {
        if (batch < 1) fail("--batch must be 1 or more, got " + batch);
        if (batch > MAX_BATCH) fail("--batch must be at most " + MAX_BATCH + ", got " + batch);
        if (threads != null && (threads < 1 || threads > BenchTokenizeCommand.MAX_THREADS)) {
            fail("--threads must be 1 to " + BenchTokenizeCommand.MAX_THREADS + ", got " + threads);
        }
        if (!(seconds > 0)) fail("--seconds must be more than 0, got " + seconds);
        if (seconds > MAX_SECONDS) fail("--seconds must be at most " + MAX_SECONDS + " (a day), got " + seconds);
        if (!(warmup >= 0)) fail("--warmup must be 0 or more, got " + warmup);
        if (warmup > MAX_SECONDS) fail("--warmup must be at most " + MAX_SECONDS + " (a day), got " + warmup);
        int computeThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PrintWriter out = spec.commandLine().getOut();

        List<String> lines = new ArrayList<>();
        try (LineReader reader = Inputs.lines(input, null, () -> { })) {
            for (String line = reader.next(); line != null; line = reader.next()) lines.add(line);
        }
        if (lines.isEmpty()) throw new CliException("input file " + input + " has no lines");
        String[] text = lines.toArray(String[]::new);

        EmbeddingModel embedder;
        long t0 = System.nanoTime();
        String saved = System.getProperty(ComputeThreads.PROPERTY);
        // The engine reads its thread count when it is created: set it for the load, then put it back.
        System.setProperty(ComputeThreads.PROPERTY, Integer.toString(computeThreads));
        try {
            EmbeddingOptions options = EmbeddingOptions.defaults();
            embedder = model == null ? EmbeddingModel.loadDefault(options) : Inputs.model(model, options);
        } finally {
            if (saved == null) System.clearProperty(ComputeThreads.PROPERTY);
            else System.setProperty(ComputeThreads.PROPERTY, saved);
        }
        out.printf(Locale.ROOT, "model %s loaded in %.0f ms; input %s: %d lines; batch %d, %d thread(s)%n",
                embedder.source(), (System.nanoTime() - t0) / 1e6, input, text.length, batch, computeThreads);

        Cursor cursor = new Cursor(text, batch);
        Phase warm = run(embedder, cursor, warmup);
        if (warmup > 0) {
            out.printf(Locale.ROOT, "warm-up: %d batches in %.1f s%n", warm.batches(), warm.seconds());
        }
        Phase timed = run(embedder, cursor, seconds);
        double[] ms = timed.latencies();
        Arrays.sort(ms);
        out.printf(Locale.ROOT, "bench embed: model=%s batch=%d threads=%d batches=%d sentences=%d tokens=%d "
                        + "seconds=%.2f: sentences/s=%.2f tokens/s=%.1f p50_ms=%.2f p99_ms=%.2f%n",
                embedder.source(), batch, computeThreads, timed.batches(), timed.sentences(), timed.tokens(),
                timed.seconds(), timed.sentences() / timed.seconds(), timed.tokens() / timed.seconds(),
                percentile(ms, 50), percentile(ms, 99));
        return 0;
    }

    /** What one phase did: counts, wall time and per-batch latencies in ms. */
    private record Phase(int batches, long sentences, long tokens, double seconds, double[] latencies) {
    }

    /** Embeds batch after batch until {@code seconds} have passed (at least one batch when {@code seconds > 0}). */
    private static Phase run(EmbeddingModel embedder, Cursor cursor, double seconds) {
        if (seconds <= 0) return new Phase(0, 0, 0, 0, new double[0]);
        long budget = (long) (seconds * 1e9);
        double[] latencies = new double[64];
        int batches = 0;
        long sentences = 0;
        long tokens = 0;
        long start = System.nanoTime();
        long now = start;
        do {
            String[] lines = cursor.next();
            long t0 = System.nanoTime();
            List<Encoding> encodings = new ArrayList<>(lines.length);
            for (String line : lines) encodings.add(embedder.encode(line));
            TokenBatch packed = TokenBatch.of(encodings);
            float[][] vectors = embedder.embed(packed, true);
            now = System.nanoTime();
            if (vectors.length != lines.length) throw new IllegalStateException("the model gave " + vectors.length
                    + " vectors for " + lines.length + " lines");
            if (batches == latencies.length) latencies = Arrays.copyOf(latencies, batches * 2);
            latencies[batches++] = (now - t0) / 1e6;
            sentences += lines.length;
            tokens += packed.tokens();
        } while (now - start < budget);
        return new Phase(batches, sentences, tokens, (now - start) / 1e9, Arrays.copyOf(latencies, batches));
    }

    /** The lines in file order, {@code size} at a time, starting over at the top when the file runs out. */
    private static final class Cursor {
        private final String[] lines;
        private final int size;
        private int next;

        Cursor(String[] lines, int size) {
            this.lines = lines;
            this.size = size;
        }

        String[] next() {
            String[] batch = new String[size];
            for (int i = 0; i < size; i++) {
                batch[i] = lines[next];
                next = (next + 1) % lines.length;
            }
            return batch;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
