package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonReader;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: MB per second of the BPE model alone on whole lines as Llama 2 and
 * Gemma 3 hand them to it (see {@link BpeWholeLineDifferentialTest}), single thread, thread CPU time;
 * with {@code cold}, a model with its caches off. Run with {@code -Dferrite.fixtures=../shared/fixtures}
 * and arguments {@code llama2,gemma3 english,code,multilingual [rounds] [cold]}.
 */
public final class BpeThroughput {
    private BpeThroughput() {
    }

    public static void main(String[] args) {
        List<String> names = List.of(args[0].split(","));
        List<String> corpora = List.of(args[1].split(","));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean cold = args.length > 3 && args[3].equals("cold");
        for (String name : names) {
            String json = BpeFixtures.modelOnly(name, Map.of());
            Bpe bpe = BpeReader.builder(JsonReader.parse(json, name).asObject().get("model").asObject())
                    .cacheCapacity(cold ? 0 : Bpe.DEFAULT_CACHE_CAPACITY).build();
            for (String corpus : corpora) {
                List<String> lines = BpeFixtures.lines(corpus + ".txt").stream()
                        .map(name.equals("llama2") ? BpeWholeLineDifferentialTest::llama2Line : BpeWholeLineDifferentialTest::gemma3Line)
                        .toList();
                long bytes = 0;
                for (String l : lines) bytes += l.getBytes(StandardCharsets.UTF_8).length;
                Bpe model = bpe;
                ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                long check = 0;
                for (long until = System.nanoTime() + 3_000_000_000L; System.nanoTime() < until; ) {
                    for (String l : lines) check += model.tokenize(l).size();
                }
                double[] mbs = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (String l : lines) check += model.tokenize(l).size();
                    mbs[r] = bytes / 1e6 / ((cpu.getCurrentThreadCpuTime() - t0) / 1e9);
                }
                Arrays.sort(mbs);
                System.out.printf("%-8s %-13s %7.1f .. %7.1f MB/s, median %7.1f (%d)%n", name, corpus, mbs[0], mbs[rounds - 1],
                        mbs[rounds / 2], check);
            }
        }
    }
}
