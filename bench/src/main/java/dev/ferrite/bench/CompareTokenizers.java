package dev.ferrite.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Ferrite beside its anchors on the same lines: the Rust tokenizers library (through DJL) for every
 * fixture, and jtokkit for gpt4o (o200k_base). Single thread, one encode call per line; after
 * warm-up passes the contenders take timed turns (whole passes, at least {@link #MIN_TURN_NANOS}
 * each), so drift in the machine's speed hits them alike. Prints MB/s (10^6 bytes of the lines' UTF-8
 * text per second, median turn) and the
 * ratios Ferrite/Rust and Ferrite/jtokkit per fixture x corpus, then load time and memory per
 * tokenizer, as Markdown tables ready for docs/benchmarks.md.
 *
 * <p>Isolation: by default ({@code --fork}) each fixture tokenizer runs in a child JVM of its own,
 * started with this JVM's flags and class path, as JMH forks per benchmark; all contenders of that
 * fixture (Ferrite, Rust, jtokkit for gpt4o) run in that same child on the same text, and the load
 * time and memory are measured there. A production process holds one tokenizer, and so does each
 * child: in one shared JVM Ferrite's call sites (normalizer, pre-tokenizer and model interfaces, the
 * fast paths) see every tokenizer type in turn, go megamorphic and keep the JIT profile of the
 * fixtures run before, which under-reads Ferrite (minilm English: 32 MB/s shared against 41-45 in a
 * process of its own). The children report their rows to this parent over their standard output
 * ({@link ForkedFixture}), which prints the same tables as an unforked run. {@code --no-fork} runs
 * every fixture in this JVM, as before.
 *
 * <p>Run it with {@code bench/compare-tokenizers}.
 */
@Command(name = "compare-tokenizers", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ferrite vs the Rust tokenizers library (through DJL) vs jtokkit (gpt4o only): "
                + "MB/s per fixture x corpus, single thread, one encode call per line.")
public final class CompareTokenizers implements Callable<Integer> {

    @Option(names = "--fixtures", required = true, paramLabel = "DIR",
            description = "The fixtures directory (tokenizers/ and corpus/).")
    Path fixturesDir;

    @Option(names = "--tokenizer", split = ",", paramLabel = "NAME",
            description = "Fixtures to run (default: all): minilm, bge-small-zh, llama2, llama3, qwen3, gemma3, gpt4o.")
    List<String> tokenizers = Fixtures.TOKENIZERS;

    @Option(names = "--corpus", split = ",", paramLabel = "NAME",
            description = "Corpora to run (default: all): english, code, multilingual, naughty.")
    List<String> corpora = Fixtures.CORPORA;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N",
            description = "Untimed passes per contender and corpus (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
            description = "Timed turns per contender and corpus (whole passes, at least 0.5 s each); the median counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run each fixture tokenizer in a child JVM of its own with this JVM's flags "
                    + "(default); --no-fork runs them all in this JVM.")
    boolean fork;

    @Option(names = "--child", hidden = true, description = "Internal: run as a forked child, reporting to the parent.")
    boolean child;

    private final PrintStream out = System.out;
    final List<Row> rows = new ArrayList<>();
    final List<String> loads = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    /** One fixture x corpus: median MB/s and tokens per pass of each contender, by name; absent if it failed. */
    record Row(String tokenizer, String corpus, Map<String, Double> mbps, Map<String, Long> tokens) {
    }

    public static void main(String[] args) {
        // DJL otherwise probes the network for cloud metadata on first use, which would land in the load time.
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("offline", "true");
        CommandLine cli = new CommandLine(new CompareTokenizers());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) throw e;
            cmd.getErr().println("compare-tokenizers: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        Fixtures fixtures = Fixtures.at(fixturesDir);
        for (String t : tokenizers) {
            if (!Fixtures.TOKENIZERS.contains(t)) throw new IllegalArgumentException("unknown tokenizer fixture " + t);
        }
        Map<String, Fixtures.Corpus> texts = new LinkedHashMap<>();
        for (String c : corpora) {
            if (!Fixtures.CORPORA.contains(c)) throw new IllegalArgumentException("unknown corpus " + c);
            texts.put(c, fixtures.corpus(c));
        }
        if (child) {
            for (String t : tokenizers) runFixture(fixtures, t, texts);
            ForkedFixture.report(this, out);
            return 0;
        }
        out.printf(Locale.ROOT, "# %s, %d core(s), Java %s; warm-up %d, runs %d; %s%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), warmup, runs,
                fork ? "one child JVM per tokenizer (" + ForkedFixture.jvmDescription() + ")" : "all tokenizers in one JVM");
        for (String t : tokenizers) {
            if (fork) {
                ForkedFixture.run(t, List.of("--fixtures", fixturesDir.toString(), "--tokenizer", t,
                        "--corpus", String.join(",", corpora), "--warmup", Integer.toString(warmup),
                        "--runs", Integer.toString(runs)), this, out);
            } else {
                runFixture(fixtures, t, texts);
            }
        }
        printTables();
        problems.forEach(p -> out.println("problem: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    private void runFixture(Fixtures fixtures, String name, Map<String, Fixtures.Corpus> texts) {
        out.println("## " + name);
        Path json = fixtures.tokenizerJson(name);
        List<Contender> contenders = new ArrayList<>();
        load(name, "Ferrite", () -> Contender.Ferrite.load(json), contenders);
        load(name, "Rust", () -> Contender.Rust.load(json), contenders);
        if (name.equals("gpt4o")) load(name, "jtokkit", Contender.Jtokkit::load, contenders);
        try {
            for (Fixtures.Corpus corpus : texts.values()) rows.add(runCorpus(name, corpus, contenders));
        } finally {
            contenders.forEach(Contender::close);
        }
    }

    private void load(String fixture, String who, Supplier<Contender> loader, List<Contender> into) {
        try {
            Footprint.Loaded<Contender> loaded = Footprint.measure(loader);
            Footprint f = loaded.footprint();
            into.add(loaded.value());
            // The first call after the load: what a one-line command or a server's first request pays
            // on top of the load (tables built on first use, code not yet compiled).
            long t0 = System.nanoTime();
            loaded.value().encode(FIRST_LINE);
            double firstMillis = (System.nanoTime() - t0) / 1e6;
            String line = String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.1f | %s |", fixture, who, f.loadMillis(),
                    firstMillis, f.heapBytes() / 1e6, f.rssBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", f.rssBytes() / 1e6));
            loads.add(line);
            out.println("  loaded " + line);
        } catch (RuntimeException | LinkageError e) {
            problems.add(fixture + ": " + who + " failed to load: " + e.getMessage());
            loads.add("| " + fixture + " | " + who + " | failed | | | |");
            out.println("  " + who + " failed to load: " + e.getMessage());
        }
    }

    /**
     * A contender's timed turn repeats whole passes for at least this long. A pass of Ferrite over
     * 1 MB takes 20-50 ms, one of the Rust library 0.4-1 s: turns of one pass each started every
     * Ferrite pass with the caches full of the other library's data (Llama 2's word cache is
     * megabytes), which cost it up to a fifth, while Rust's long pass hid its own warm-up. Turns of
     * at least 0.5 s measure both in their own steady state, as a process that keeps encoding runs.
     */
    private static final long MIN_TURN_NANOS = 500_000_000L;
    /** The line each contender encodes first, timed, right after its load. */
    private static final String FIRST_LINE = "The quick brown fox jumps over the lazy dog, 3 times in 2024!";

    private Row runCorpus(String fixture, Fixtures.Corpus corpus, List<Contender> contenders) {
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, Long> tokens = new LinkedHashMap<>();
        List<Contender> alive = new ArrayList<>();
        for (Contender c : contenders) {
            try {
                for (int i = 0; i < warmup; i++) pass(c, corpus);
                alive.add(c);
                seconds.put(c.name(), new double[runs]);
            } catch (RuntimeException e) {
                problems.add(fixture + " x " + corpus.name() + ": " + c.name() + " failed: " + e);
            }
        }
        for (int r = 0; r < runs; r++) {
            for (Contender c : alive) {
                // A turn of whole passes lasting at least MIN_TURN_NANOS; its time per pass counts.
                int passes = 0;
                long t0 = System.nanoTime();
                long elapsed;
                do {
                    tokens.put(c.name(), pass(c, corpus));
                    passes++;
                    elapsed = System.nanoTime() - t0;
                } while (elapsed < MIN_TURN_NANOS);
                seconds.get(c.name())[r] = elapsed / 1e9 / passes;
            }
        }
        Map<String, Double> mbps = new LinkedHashMap<>();
        for (Contender c : alive) mbps.put(c.name(), corpus.bytes() / 1e6 / median(seconds.get(c.name())));
        out.printf(Locale.ROOT, "  %-13s %s%n", corpus.name(), mbps.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f MB/s", e.getKey(), e.getValue())).toList());
        Long f = tokens.get("Ferrite");
        Long rust = tokens.get("Rust");
        if (f != null && rust != null && !f.equals(rust)) {
            problems.add(fixture + " x " + corpus.name() + ": token counts differ, Ferrite " + f + ", Rust " + rust);
        }
        return new Row(fixture, corpus.name(), mbps, tokens);
    }

    private static long pass(Contender c, Fixtures.Corpus corpus) {
        long tokens = 0;
        for (String line : corpus.lines()) tokens += c.encode(line);
        return tokens;
    }

    private void printTables() {
        out.println();
        out.println("| tokenizer | corpus | Ferrite MB/s | Rust MB/s | jtokkit MB/s | Ferrite/Rust | Ferrite/jtokkit |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (Row row : rows) {
            Double f = row.mbps().get("Ferrite");
            Double r = row.mbps().get("Rust");
            Double j = row.mbps().get("jtokkit");
            boolean jtokkit = row.tokenizer().equals("gpt4o");
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.tokenizer(), row.corpus(),
                    num(f, "failed"), num(r, "failed"), jtokkit ? num(j, "failed") : "-",
                    ratio(f, r), jtokkit ? ratio(f, j) : "-");
        }
        out.println();
        out.println("| tokenizer | library | load ms | first encode ms | heap MB | RSS growth MB |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        loads.forEach(out::println);
    }

    private static String num(Double v, String missing) {
        return v == null ? missing : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The CPU as /proc/cpuinfo names it, or the architecture off Linux. */
    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
