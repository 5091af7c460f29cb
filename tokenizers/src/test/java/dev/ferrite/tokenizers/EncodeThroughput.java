package dev.ferrite.tokenizers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A measurement, not a test: MB (UTF-8 of the lines) per second of {@link Tokenizer#encode}, one
 * call per line of a corpus, single thread. Warm-up, then the worst, median and best of the timed
 * rounds, in thread CPU time (the machine is shared). Run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.ferrite.tokenizers.EncodeThroughput
 * ../shared/fixtures llama2,gemma3 english,code [rounds] [warm-up seconds] [rust]}; with {@code rust},
 * the Rust library through DJL instead (add {@code -Dai.djl.offline=true -DOPT_OUT_TRACKING=true}),
 * also one call per line, with special tokens, without truncation or padding; its work runs on the
 * calling thread, so thread CPU time counts it.
 */
public final class EncodeThroughput {
    private EncodeThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "../shared/fixtures");
        List<String> names = List.of((args.length > 1 ? args[1] : "llama2,gemma3,minilm,bge-small-zh,qwen3").split(","));
        List<String> corpora = List.of((args.length > 2 ? args[2] : "english,code,multilingual").split(","));
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 3;
        boolean rust = args.length > 5 && args[5].equals("rust");
        for (String name : names) {
            Path json = fixtures.resolve("tokenizers").resolve(name).resolve("tokenizer.json");
            java.util.function.ToIntFunction<String> encode;
            if (rust) {
                var djl = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(json,
                        java.util.Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
                encode = l -> djl.encode(l, true, false).getIds().length;
            } else {
                Tokenizer tok = Tokenizer.fromFile(json).withTruncation(null).withPadding(null);
                encode = l -> tok.encode(l).ids().length;
            }
            for (String corpus : corpora) {
                List<String> lines = Arrays.asList(Files.readString(fixtures.resolve("corpus").resolve(corpus + ".txt")).split("\n"));
                long bytes = 0;
                for (String l : lines) bytes += l.getBytes(StandardCharsets.UTF_8).length;
                report((rust ? "rust " : "") + name, corpus, bytes, rounds, warmup, () -> {
                    long n = 0;
                    for (String l : lines) n += encode.applyAsInt(l);
                    return n;
                });
            }
        }
    }

    private interface Run {
        long run();
    }

    private static void report(String name, String corpus, long bytes, int rounds, double warmup, Run run) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long check = 0;
        for (long until = System.nanoTime() + (long) (warmup * 1e9); System.nanoTime() < until; ) check += run.run();
        double[] mbs = new double[rounds];
        long tokens = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            tokens = run.run();
            mbs[i] = bytes / 1e6 / ((cpu.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        Arrays.sort(mbs);
        System.out.printf("%-13s %-13s %7.1f .. %7.1f MB/s, median %7.1f  (%d tokens)%n",
                name, corpus, mbs[0], mbs[rounds - 1], mbs[rounds / 2], tokens + (check & 0));
    }
}
