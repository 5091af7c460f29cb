package dev.ferrite.bench;

import dev.ferrite.runtime.kernels.DynamicQuantizer;
import dev.ferrite.runtime.kernels.Int8MatMul;
import dev.ferrite.runtime.kernels.Int8Weights;
import dev.ferrite.runtime.kernels.QuantParams;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The int8 kernels against a simple fp32 Vector API matmul on the shapes of the small BERT
 * models: M = 1024 rows (tokens), K and N in {384, 1536}, one thread. Each operation is one whole
 * product, so GOPS (and fp32 GFLOP/s) = 2 * M * K * N / (seconds per operation) / 1e9.
 *
 * <ul>
 *   <li>{@code int8}: {@link Int8MatMul#vector()} on weights packed off-heap (or on the heap, {@code storage=HEAP});</li>
 *   <li>{@code quantizeAndInt8}: the same after {@link DynamicQuantizer} (range, params, quantize) of the float input,
 *       i.e. what the executor does per DynamicQuantizeLinear + MatMulInteger;</li>
 *   <li>{@code fp32}: the measuring stick, a plain i-k-j Vector API loop (broadcast a[i][p], FMA a row of B into a
 *       row of C), not Ferrite's fp32 kernel (another branch owns that).</li>
 * </ul>
 *
 * <p>Run: {@code bench/jmh Int8MatMulBenchmark} (add {@code -p shape=384x1536} to narrow it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class Int8MatMulBenchmark {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int M = 1024;

    /** K x N. */
    @Param({"384x384", "384x1536", "1536x384", "1536x1536"})
    public String shape;

    @Param({"OFF_HEAP", "HEAP"})
    public Int8Weights.Storage storage;

    private int k;
    private int n;
    private float[] x;
    private byte[] q;
    private QuantParams params;
    private Int8Weights weights;
    private float[] y;
    private float[] bFloat;

    @Setup
    public void setUp() {
        String[] kn = shape.split("x");
        k = Integer.parseInt(kn[0]);
        n = Integer.parseInt(kn[1]);
        Random random = new Random(42);
        x = new float[M * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        byte[] codes = new byte[k * n];
        random.nextBytes(codes);
        int[] zero = new int[n];
        float[] scale = new float[n];
        float[] bias = new float[n];
        for (int j = 0; j < n; j++) {
            zero[j] = random.nextInt(21) - 10;
            scale[j] = 0.001f + random.nextFloat() * 0.01f;
            bias[j] = (float) random.nextGaussian();
        }
        weights = Int8Weights.pack(codes, true, k, n, zero, scale, bias, storage);
        q = new byte[M * k];
        float[] minMax = {0, 0};
        DynamicQuantizer.vector().range(x, 0, x.length, minMax);
        params = QuantParams.of(minMax[0], minMax[1]);
        DynamicQuantizer.vector().quantize(x, 0, x.length, params, q, 0);
        y = new float[M * n];
        bFloat = new float[k * n];
        for (int i = 0; i < bFloat.length; i++) bFloat[i] = codes[i];
    }

    @Benchmark
    public float[] int8() {
        Int8MatMul.vector().multiply(q, params.zeroPoint(), params.scale(), weights, y, 0, M);
        return y;
    }

    @Benchmark
    public float[] quantizeAndInt8() {
        float[] minMax = {0, 0};
        DynamicQuantizer.vector().range(x, 0, x.length, minMax);
        QuantParams p = QuantParams.of(minMax[0], minMax[1]);
        DynamicQuantizer.vector().quantize(x, 0, x.length, p, q, 0);
        Int8MatMul.vector().multiply(q, p.zeroPoint(), p.scale(), weights, y, 0, M);
        return y;
    }

    @Benchmark
    public float[] fp32() {
        if (storage != Int8Weights.Storage.OFF_HEAP) {
            return y; // storage does not apply; measured once
        }
        java.util.Arrays.fill(y, 0f);
        for (int i = 0; i < M; i++) {
            for (int p = 0; p < k; p++) {
                FloatVector a = FloatVector.broadcast(F, x[i * k + p]);
                int j = 0;
                for (; j < F.loopBound(n); j += F.length()) {
                    a.fma(FloatVector.fromArray(F, bFloat, p * n + j), FloatVector.fromArray(F, y, i * n + j)).intoArray(y, i * n + j);
                }
                for (; j < n; j++) {
                    y[i * n + j] += x[i * k + p] * bFloat[p * n + j];
                }
            }
        }
        return y;
    }
}
