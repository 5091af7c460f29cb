package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.reference.NdArray;
import dev.ferrite.runtime.reference.ReferenceExecutor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Int8Linear} against the reference executor running the unfused ONNX chain
 * (DynamicQuantizeLinear, MatMulInteger, Cast, Mul of the scales, Add of the bias, Add of the
 * residual, on each sequence alone): bit for bit, scalar and vector kernels, on sequences of
 * different ranges packed together.
 */
class Int8LinearTest {
    private static final int K = 300; // not a multiple of the vector width, > one 256 block of the vector kernel
    private static final int N = 150; // not a whole number of panels; enough of them to be split among threads

    @Test
    void eachSequenceIsQuantizedOverItsOwnRowsExactlyAsTheGraphComputesIt() {
        Random random = new Random(7);
        Layer layer = Layer.random(random);
        // Four sequences whose ranges differ by orders of magnitude, and an empty one: a shared
        // scale would quantize the small ones to a few codes.
        int[] starts = {0, 5, 5, 22, 23, 40};
        float[] magnitude = {1f, 1f, 50f, 0.01f, 3f};
        int rows = starts[starts.length - 1];
        float[] x = new float[rows * K];
        float[] residual = new float[rows * N];
        for (int s = 0; s + 1 < starts.length; s++) {
            for (int i = starts[s] * K; i < starts[s + 1] * K; i++) x[i] = (float) random.nextGaussian() * magnitude[s];
        }
        for (int i = 0; i < residual.length; i++) residual[i] = random.nextFloat();

        Graph chain = layer.chain();
        float[] expected = reference(chain, x, residual, starts);
        Int8Weights weights = layer.pack();
        try (ComputePool pool = new ComputePool(2)) {
            for (Kernels kernels : List.of(Kernels.scalar(), Kernels.vector())) {
                float[] y = new float[rows * N];
                Int8Linear.of(weights, kernels).forward(pool, x, starts, y, residual, Activation.NONE);
                assertThat(y).as("%s", kernels).containsExactly(expected);
            }
            // One sequence alone: few rows, so its columns are split among the threads.
            int[] one = {0, starts[3] - starts[2]};
            float[] single = new float[one[1] * N];
            Int8Linear.of(weights, Kernels.vector()).forward(pool, Arrays.copyOfRange(x, starts[2] * K, starts[3] * K), one, single,
                    Arrays.copyOfRange(residual, starts[2] * N, starts[3] * N), Activation.NONE);
            assertThat(single).containsExactly(Arrays.copyOfRange(expected, starts[2] * N, starts[3] * N));
            // Without sequence starts the input is one tensor: one scale for all rows, as ONNX defines it.
            float[] whole = new float[rows * N];
            Int8Linear.of(weights, Kernels.vector()).forward(pool, x, rows, whole, residual, Activation.NONE);
            assertThat(whole).isNotEqualTo(expected);
        }
    }

    /**
     * Enough rows for several row tasks, sequences that start inside the vector kernel's 8-row groups
     * and end in a partial group, an empty one, and a 1-row one: every row exactly as the graph
     * computes it on its sequence alone, whichever task, group or tail of a group it falls in.
     */
    @Test
    void rowsOfManyTasksAndPartialGroupsAreEachExact() {
        Random random = new Random(11);
        Layer layer = Layer.random(random);
        int[] starts = {0, 30, 31, 31, 97, 150, 161};
        int rows = starts[starts.length - 1];
        float[] x = new float[rows * K];
        for (int s = 0; s + 1 < starts.length; s++) {
            float magnitude = (float) Math.pow(10, random.nextInt(5) - 2);
            for (int i = starts[s] * K; i < starts[s + 1] * K; i++) x[i] = (float) random.nextGaussian() * magnitude;
        }
        float[] residual = new float[rows * N];
        for (int i = 0; i < residual.length; i++) residual[i] = random.nextFloat();
        float[] expected = reference(layer.chain(), x, residual, starts);
        Int8Weights weights = layer.pack();
        for (int threads : new int[] {1, 2, 3}) {
            try (ComputePool pool = new ComputePool(threads)) {
                for (Kernels kernels : List.of(Kernels.scalar(), Kernels.vector())) {
                    float[] y = new float[rows * N];
                    Int8Linear.of(weights, kernels).forward(pool, x, starts, y, residual, Activation.NONE);
                    assertThat(y).as("%s on %d threads", kernels, threads).containsExactly(expected);
                }
            }
        }
    }

    /** The chain run on each sequence alone, the results side by side. */
    private static float[] reference(Graph chain, float[] x, float[] residual, int[] starts) {
        float[] expected = new float[starts[starts.length - 1] * N];
        for (int s = 0; s + 1 < starts.length; s++) {
            int n = starts[s + 1] - starts[s];
            if (n == 0) continue;
            NdArray y = new ReferenceExecutor(chain).run(Map.of(
                    "x", NdArray.floats(new int[] {1, n, K}, Arrays.copyOfRange(x, starts[s] * K, starts[s + 1] * K)),
                    "r", NdArray.floats(new int[] {1, n, N}, Arrays.copyOfRange(residual, starts[s] * N, starts[s + 1] * N))))
                    .get("y");
            System.arraycopy(y.f(), 0, expected, starts[s] * N, n * N);
        }
        return expected;
    }

    /** Random int8 weights [K, N] with per-column zero points, scales and a bias. */
    private record Layer(byte[] codes, byte[] zeroPoints, float[] scales, float[] bias) {
        static Layer random(Random random) {
            byte[] codes = new byte[K * N];
            random.nextBytes(codes);
            byte[] zeroPoints = new byte[N];
            float[] scales = new float[N];
            float[] bias = new float[N];
            for (int j = 0; j < N; j++) {
                zeroPoints[j] = (byte) (random.nextInt(21) - 10);
                scales[j] = 0.001f + random.nextFloat() * 0.01f;
                bias[j] = random.nextFloat() - 0.5f;
            }
            return new Layer(codes, zeroPoints, scales, bias);
        }

        Int8Weights pack() {
            int[] zero = new int[N];
            for (int j = 0; j < N; j++) zero[j] = zeroPoints[j];
            return Int8Weights.pack(codes, true, K, N, zero, scales, bias);
        }

        Graph chain() {
            return Int8LinearTest.chain(codes, zeroPoints, scales, bias);
        }
    }

    /** y = ((float) MatMulInteger(DQL(x), B) * (xScale * bScale) + bias) + r, as the int8 models write it. */
    private static Graph chain(byte[] codes, byte[] zeroPoints, float[] scales, float[] bias) {
        Map<String, Tensor> inits = new LinkedHashMap<>();
        inits.put("B", new Tensor("B", DType.INT8, new long[] {K, N}, new TensorData.Bytes(codes)));
        inits.put("bZero", new Tensor("bZero", DType.INT8, new long[] {N}, new TensorData.Bytes(zeroPoints)));
        inits.put("bScale", new Tensor("bScale", DType.FLOAT32, new long[] {N}, new TensorData.Floats(scales)));
        inits.put("bias", new Tensor("bias", DType.FLOAT32, new long[] {N}, new TensorData.Floats(bias)));
        List<Node> nodes = List.of(
                new Node("dq", "DynamicQuantizeLinear", "", List.of("x"), List.of("q", "xScale", "xZero"), Map.of()),
                new Node("scales", "Mul", "", List.of("xScale", "bScale"), List.of("s"), Map.of()),
                new Node("mm", "MatMulInteger", "", List.of("q", "B", "xZero", "bZero"), List.of("acc"), Map.of()),
                new Node("cast", "Cast", "", List.of("acc"), List.of("accF"), Map.of("to", new Attribute.IntValue(1))),
                new Node("mul", "Mul", "", List.of("accF", "s"), List.of("m"), Map.of()),
                new Node("add", "Add", "", List.of("bias", "m"), List.of("d"), Map.of()),
                new Node("res", "Add", "", List.of("d", "r"), List.of("y"), Map.of()));
        TensorType f = new TensorType(DType.FLOAT32, Optional.empty());
        return new Graph("test", "chain", List.of(new Value("x", f), new Value("r", f)), List.of(new Value("y", f)), nodes, inits,
                Map.of("", 11L));
    }
}
