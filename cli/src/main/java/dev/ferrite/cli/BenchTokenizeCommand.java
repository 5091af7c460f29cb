package dev.ferrite.cli;

import dev.ferrite.tokenizers.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ferrite bench tokenize}: encodes a file line by line, one {@code encode} call per line,
 * several timed passes after warm-up passes (by default until the JIT compiler is quiet), and prints the median pass as
 * {@code MB/s=<number> tokens/s=<number>} on the last line. MB are 10^6 bytes of the lines' UTF-8
 * text (line ends not counted); tokens include the special tokens the tokenizer adds. Truncation
 * and padding from tokenizer.json are off (padding would inflate tokens/s with pad tokens), as in
 * the bench module's side-by-side run, so the figures compare.
 */
@Command(name = "tokenize", sortOptions = false,
        header = "Measure encoding speed on a file: MB/s and tokens/s.",
        description = {
            "Encodes FILE line by line, one encode call per line: warm-up passes, then",
            "timed passes. The last line printed gives the median pass as",
            "  MB/s=<number> tokens/s=<number>",
            "where MB are 10^6 bytes of the lines' UTF-8 text (line ends not counted) and",
            "tokens include the special tokens the tokenizer adds. Truncation and padding",
            "configured in tokenizer.json are switched off, as in bench/compare-tokenizers,",
            "so that only real tokens count. Each run, and the last line, also say how many",
            "CPUs the encoding threads kept busy (CPU time / elapsed time): on a machine",
            "shared with other work, more threads only help while CPUs are free. They also",
            "say how long the JIT compiler worked during the run (its threads take CPUs from",
            "the encoding threads). Without --warmup the warm-up lasts until the compiler is",
            "quiet, as a few passes over a corpus leave it compiling through the timed ones.",
            ""})
final class BenchTokenizeCommand implements Callable<Integer> {
    /** Encoding threads are platform threads, each with its buffers: far more than any machine's cores only thrashes. */
    static final int MAX_THREADS = 1024;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The JIT compiler's time, when the JVM keeps it: on 2 cores its threads compete with 2 encoding threads. */
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    /** Warm-up passes at least, without {@code --warmup}. */
    static final int MIN_WARMUP = 2;
    /**
     * Warm-up time at most, without {@code --warmup}: C2 needs about 2 s of CPU to compile a tokenizer's
     * pipeline, and 10 passes over a corpus (some 0.5 s) left two encoding threads sharing 2 cores with it.
     */
    static final int MAX_WARMUP_SECONDS = 30;
    /** How long the passes of a default warm-up must have run with the compiler quiet before it ends. */
    private static final double QUIET_MS = 1000;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "PATH",
            description = "The tokenizer.json to use (or a model directory that holds one).")
    Path tokenizer;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text, one input per line.")
    Path input;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Platform threads encoding in parallel, the lines dealt out among them (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed passes first, exactly N (default: until the JIT compiler is quiet: at least "
                    + MIN_WARMUP + " passes, and until a second of passes goes by with the compiler at work for under a "
                    + "twentieth of it, for at most " + MAX_WARMUP_SECONDS + " s).")
    Integer warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed passes; the median one is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--no-special-tokens", description = "Encode without the special tokens the post-processor adds.")
    boolean noSpecialTokens;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || threads > MAX_THREADS) fail("--threads must be 1 to " + MAX_THREADS + ", got " + threads);
        if (warmup != null && warmup < 0) fail("--warmup must be 0 or more, got " + warmup);
        if (runs < 1) fail("--runs must be 1 or more, got " + runs);
        PrintWriter out = spec.commandLine().getOut();

        List<String> lines = new ArrayList<>();
        long bytes = 0;
        try (LineReader reader = Inputs.lines(input, null, () -> { })) {
            for (String line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
                bytes += reader.lineBytes();
            }
        }
        if (lines.isEmpty()) throw new CliException("input file " + input + " has no lines");
        String[] text = lines.toArray(String[]::new);
        long start = System.nanoTime();
        Tokenizer tok = Inputs.tokenizer(tokenizer).withTruncation(null).withPadding(null);
        double loadMs = (System.nanoTime() - start) / 1e6;
        out.printf(Locale.ROOT, "tokenizer %s loaded in %.0f ms; input %s: %d lines, %d bytes; %d thread(s)%n",
                tokenizer, loadMs, input, text.length, bytes, threads);

        double[] seconds = new double[runs];
        double cpuSeconds = 0;
        long jitMillis = 0;
        long tokens = 0;
        try (ExecutorService pool = threads == 1 ? null
                : Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("bench-", 0).factory())) {
            warmUp(tok, text, pool, out);
            for (int i = 0; i < runs; i++) {
                long[] cpuNanos = new long[1];
                long jit0 = jitMillis();
                long t0 = System.nanoTime();
                tokens = pass(tok, text, pool, cpuNanos);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                long jit = jitMillis() - jit0;
                cpuSeconds += cpuNanos[0] / 1e9;
                jitMillis += jit;
                out.printf(Locale.ROOT, "run %d/%d: %.3f s  %.2f MB/s  %.0f tokens/s  %.2f CPUs busy  JIT %d ms%n",
                        i + 1, runs, seconds[i], bytes / 1e6 / seconds[i], tokens / seconds[i], cpuNanos[0] / 1e9 / seconds[i], jit);
            }
        }
        double median = median(seconds);
        double wall = Arrays.stream(seconds).sum();
        out.printf(Locale.ROOT, "bench tokenize: %d lines, %d bytes, %d tokens, %d thread(s), %.2f CPUs busy, %.2f MB per CPU-second, "
                        + "JIT compiler %.2f CPUs busy, median of %d runs: MB/s=%.2f tokens/s=%.0f%n",
                text.length, bytes, tokens, threads, cpuSeconds / wall, cpuSeconds > 0 ? bytes * runs / 1e6 / cpuSeconds : 0.0,
                jitMillis / 1e3 / wall, runs, bytes / 1e6 / median, tokens / median);
        return 0;
    }

    /**
     * Encodes every line once; returns the number of tokens produced, and adds the CPU time the
     * encoding threads took, in nanoseconds, to {@code cpuNanos[0]}: on a machine shared with other
     * work, the threads may get fewer CPUs than there are threads, and then more threads cannot
     * encode faster (CPU time per MB says whether the work itself got dearer).
     */
    private long pass(Tokenizer tok, String[] text, ExecutorService pool, long[] cpuNanos) throws InterruptedException {
        boolean special = !noSpecialTokens;
        if (pool == null) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long tokens = encodeShare(tok, text, 0, 1, special);
            cpuNanos[0] += CPU.getCurrentThreadCpuTime() - c0;
            return tokens;
        }
        List<Future<long[]>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                long c0 = CPU.getCurrentThreadCpuTime();
                long tokens = encodeShare(tok, text, first, threads, special);
                return new long[] {tokens, CPU.getCurrentThreadCpuTime() - c0};
            }));
        }
        long tokens = 0;
        for (Future<long[]> part : parts) {
            try {
                long[] done = part.get();
                tokens += done[0];
                cpuNanos[0] += done[1];
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
        return tokens;
    }

    /** Lines {@code first, first + step, ...}: dealt out like cards, so long and short lines spread evenly. */
    private static long encodeShare(Tokenizer tok, String[] text, int first, int step, boolean special) {
        long tokens = 0;
        for (int i = first; i < text.length; i += step) tokens += tok.encode(text[i], special).length();
        return tokens;
    }

    /** The untimed passes: {@code --warmup} of them, else until the JIT compiler is quiet (see the option). */
    private void warmUp(Tokenizer tok, String[] text, ExecutorService pool, PrintWriter out) throws InterruptedException {
        if (warmup != null) {
            for (int i = 0; i < warmup; i++) {
                pass(tok, text, pool, new long[1]);
                out.printf(Locale.ROOT, "warm-up %d/%d done%n", i + 1, warmup);
            }
            return;
        }
        // A compilation's time is counted when it ends, so a quiet pass proves little: the warm-up ends
        // after a window of at least QUIET_MS in which the compiler's time stayed under a twentieth.
        long start = System.nanoTime();
        long windowStart = start;
        long windowJit = jitMillis();
        int passes = 0;
        while (true) {
            pass(tok, text, pool, new long[1]);
            passes++;
            long now = System.nanoTime();
            double windowMs = (now - windowStart) / 1e6;
            double seconds = (now - start) / 1e9;
            if (windowMs >= QUIET_MS) {
                long jit = jitMillis();
                if (passes >= MIN_WARMUP && jit - windowJit < windowMs / 20) {
                    out.printf(Locale.ROOT, "warm-up: %d passes in %.1f s, then the JIT compiler was quiet%n", passes, seconds);
                    return;
                }
                windowStart = now;
                windowJit = jit;
            }
            if (seconds >= MAX_WARMUP_SECONDS) {
                out.printf(Locale.ROOT, "warm-up: %d passes in %.1f s, stopped with the JIT compiler still at work%n", passes, seconds);
                return;
            }
        }
    }

    /** Milliseconds the JIT compiler threads have worked so far (summed over them), or 0 when the JVM does not say. */
    private static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
