package dev.ferrite.bench;

import dev.ferrite.runtime.kernels.Activation;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Int8Linear;
import dev.ferrite.runtime.kernels.Int8Weights;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.kernels.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a batch-1 forward pass of a MiniLM-shaped encoder (6 layers, hidden 384, 12 heads,
 * intermediate 1536) spends its time, op by op, on random weights: the same kernels and pool calls
 * as {@code PackedEncoder}, timed on the pool's leading worker. Each thread count given gets its own
 * pool; passes alternate between them, so a change in the machine's load hits all alike.
 *
 * <p>Usage: {@code LatencyProbe [fp32|int8] [threads,threads,...] [tokens] [seconds]}.
 */
public final class LatencyProbe {
    private static final int HIDDEN = 384;
    private static final int HEADS = 12;
    private static final int INTER = 1536;
    private static final int LAYERS = 6;
    private static final String[] OPS = {"qkv", "attention", "out", "norm1", "ffn1", "ffn2", "norm2"};

    /** One pool and what was measured on it. */
    private static final class Run {
        final ComputePool pool;
        final long[] ops = new long[OPS.length];
        final List<Long> passes = new ArrayList<>();
        final List<Long> cpu = new ArrayList<>();

        Run(int threads) {
            pool = new ComputePool(threads);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("model")) {
            model(args.length > 1 ? Double.parseDouble(args[1]) : 10);
            return;
        }
        boolean int8 = args.length > 0 && args[0].equals("int8");
        int[] threads = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        Kernels k = Kernels.vector();
        SplittableRandom rnd = new SplittableRandom(1);
        Linear[][] layers = new Linear[LAYERS][];
        for (int l = 0; l < LAYERS; l++) {
            layers[l] = new Linear[] {linear(k, rnd, HIDDEN, 3 * HIDDEN, int8), linear(k, rnd, HIDDEN, HIDDEN, int8),
                    linear(k, rnd, HIDDEN, INTER, int8), linear(k, rnd, INTER, HIDDEN, int8)};
        }
        float[] gamma = new float[HIDDEN];
        Arrays.fill(gamma, 1);
        float[] beta = new float[HIDDEN];
        float[] h0 = random(rnd, tokens * HIDDEN);
        float[] h = new float[tokens * HIDDEN];
        float[] t = new float[tokens * HIDDEN];
        float[] ctx = new float[tokens * HIDDEN];
        float[] wide = new float[tokens * INTER];
        int[] starts = {0, tokens};
        List<Run> runs = new ArrayList<>();
        for (int n : threads) runs.add(new Run(n));
        for (int phase = 0; phase < 2; phase++) {
            boolean timed = phase == 1;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (Run run : runs) {
                    ComputePool pool = run.pool;
                    long[] ops = run.ops;
                    long t0 = System.nanoTime();
                    long[] cpu = new long[1];
                    pool.run(() -> {
                        long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        long[] at = {System.nanoTime()};
                        System.arraycopy(h0, 0, h, 0, h.length);
                        for (int l = 0; l < LAYERS; l++) {
                            Linear[] w = layers[l];
                            w[0].forward(pool, h, starts, wide, null, Activation.NONE);
                            lap(ops, 0, at);
                            k.attention(pool, wide, starts, HEADS, HIDDEN / HEADS, 0.125f, ctx);
                            lap(ops, 1, at);
                            w[1].forward(pool, ctx, starts, t, h, Activation.NONE);
                            lap(ops, 2, at);
                            k.layerNorm(pool, t, tokens, HIDDEN, gamma, beta, 1e-12f, h);
                            lap(ops, 3, at);
                            w[2].forward(pool, h, starts, wide, null, Activation.GELU);
                            lap(ops, 4, at);
                            w[3].forward(pool, wide, starts, t, h, Activation.NONE);
                            lap(ops, 5, at);
                            k.layerNorm(pool, t, tokens, HIDDEN, gamma, beta, 1e-12f, h);
                            lap(ops, 6, at);
                        }
                        cpu[0] = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
                    });
                    if (timed) {
                        run.passes.add(System.nanoTime() - t0);
                        run.cpu.add(cpu[0]);
                    }
                }
            }
            if (!timed) for (Run run : runs) Arrays.fill(run.ops, 0);
        }
        System.out.printf(Locale.ROOT, "%s, %d tokens, %.0f s; ms per pass (mean per op on the leader, then caller p50/p10)%n",
                int8 ? "int8" : "fp32", tokens, seconds);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-10s", "threads"));
        for (Run run : runs) head.append(String.format(Locale.ROOT, "%10d", run.pool.threads()));
        System.out.println(head);
        for (int i = 0; i < OPS.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10s", OPS[i]));
            for (Run run : runs) row.append(String.format(Locale.ROOT, "%10.3f", run.ops[i] / 1e6 / run.passes.size()));
            System.out.println(row);
        }
        printPercentiles("p", runs, run -> run.passes);
        printPercentiles("cpu p", runs, run -> run.cpu);
        System.out.println("passes    " + runs.getFirst().passes.size());

        runs.forEach(r -> r.pool.close());
    }

    /** One row per percentile (50, 10) of {@code times}' nanoseconds, in ms, a column per run. */
    private static void printPercentiles(String label, List<Run> runs, java.util.function.Function<Run, List<Long>> times) {
        for (int p : new int[] {50, 10}) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10s", label + p));
            for (Run run : runs) {
                long[] s = times.apply(run).stream().mapToLong(Long::longValue).sorted().toArray();
                row.append(String.format(Locale.ROOT, "%10.3f", s[s.length * p / 100] / 1e6));
            }
            System.out.println(row);
        }
    }

    /** The bundled fp32 model on one sentence: the p50 and p10 of hiddenStates, after a warm-up phase. */
    private static void model(double seconds) {
        dev.ferrite.runtime.embed.EmbeddingModel m = dev.ferrite.runtime.embed.EmbeddingModel.loadDefault(
                dev.ferrite.runtime.embed.EmbeddingOptions.defaults());
        System.out.println(m.encoder());
        dev.ferrite.runtime.embed.TokenBatch b = dev.ferrite.runtime.embed.TokenBatch.of(java.util.List.of(
                m.encode("The quick brown fox jumps over the lazy dog near the riverbank on a sunny afternoon today.")));
        System.out.println("tokens " + b.tokens());
        for (int phase = 0; phase < 2; phase++) {
            List<Long> times = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                m.hiddenStates(b);
                times.add(System.nanoTime() - t0);
            }
            long[] s = times.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "phase %d: %d passes, p50 %.3f ms, p10 %.3f ms%n", phase, s.length, s[s.length / 2] / 1e6,
                    s[s.length / 10] / 1e6);
        }
    }

    private static Linear linear(Kernels k, SplittableRandom rnd, int in, int out, boolean int8) {
        if (!int8) return k.linear(random(rnd, in * out), in, out, random(rnd, out));
        byte[] codes = new byte[in * out];
        for (int i = 0; i < codes.length; i++) codes[i] = (byte) rnd.nextInt(-128, 128);
        float[] scales = new float[out];
        Arrays.fill(scales, 0.002f);
        return Int8Linear.of(Int8Weights.pack(codes, true, in, out, new int[] {0}, scales, random(rnd, out)), k);
    }

    private static void lap(long[] total, int op, long[] at) {
        long now = System.nanoTime();
        total[op] += now - at[0];
        at[0] = now;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() - 0.5) * 0.1f;
        return a;
    }
}
