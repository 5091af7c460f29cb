package dev.ferrite.bench;

import dev.ferrite.runtime.kernels.Activation;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.kernels.Linear;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The runtime's float32 matmul ({@code C[M,N] = A[M,K] · W[K,N] + bias}, weights packed at load) on
 * the shapes of a BERT-small layer: M = 1024 rows, K and N of 384 and 1536. JMH reports the
 * {@code flops} counter as a rate: divide by 10^9 for GFLOP/s (2·M·K·N per call). The anchor
 * (../shared/DESIGN.md): OpenBLAS sgemm reaches about 103 GFLOP/s on one core, 200 on two.
 *
 * <p>{@code storage} compares the packed weights off-heap, 64-byte aligned ({@code segment}, what the
 * runtime uses by default) against the same kernels on a heap {@code float[]} ({@code heap}).
 * Run with {@code bench/jmh MatMulBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class MatMulBenchmark {
    @Param({"1024"})
    public int m;

    @Param({"384", "1536"})
    public int k;

    @Param({"384", "1536"})
    public int n;

    @Param({"segment", "heap"})
    public String storage;

    @Param({"1", "2"})
    public int threads;

    /**
     * The epilogue: NONE (bias only), or GELU as the intermediate layer applies it ({@code -p act=GELU});
     * GELU once made C2 compile the whole micro-kernel badly (about 4 GFLOP/s).
     */
    @Param({"NONE"})
    public Activation act;

    private ComputePool pool;
    private Linear linear;
    private float[] a;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        float[] w = new float[k * n];
        float[] bias = new float[n];
        a = new float[m * k];
        c = new float[m * n];
        for (int i = 0; i < w.length; i++) w[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < n; i++) bias[i] = random.nextFloat();
        linear = storage.equals("segment") ? Kernels.vectorOffHeapLinear(w, k, n, bias) : Kernels.vectorHeapLinear(w, k, n, bias);
        pool = new ComputePool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** Floating-point operations done, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Benchmark
    public float[] matmul(Flops counter) {
        linear.forward(pool, a, m, c, null, act);
        counter.flops += 2L * m * k * n;
        return c;
    }
}
