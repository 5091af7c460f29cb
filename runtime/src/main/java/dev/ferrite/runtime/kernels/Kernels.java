package dev.ferrite.runtime.kernels;

/**
 * The compute kernels of a transformer encoder, in two implementations with one contract: {@link
 * #scalar()} (plain loops, the reference) and {@link #vector()} (the Vector API). A contract test
 * checks both against the same expectations.
 *
 * <p>Matrices are row-major {@code float[]}; shapes are written {@code [rows, columns]}.
 */
public interface Kernels {
    /**
     * System property: where the Vector API layers keep packed fp32 weights, {@code offheap} (the
     * default: 64-byte aligned, so no 512-bit load straddles two cache lines) or {@code heap} (a
     * {@code float[]}, for comparison).
     */
    String WEIGHTS_PROPERTY = "ferrite.weights";

    /** Whether {@link #WEIGHTS_PROPERTY} asks for off-heap weights; any value but heap or offheap is refused. */
    static boolean offHeapWeights() {
        String v = System.getProperty(WEIGHTS_PROPERTY, "offheap");
        return switch (v) {
            case "heap" -> false;
            case "offheap" -> true;
            default -> throw new IllegalArgumentException("system property " + WEIGHTS_PROPERTY + " is '" + v
                    + "'; expected heap or offheap");
        };
    }

    /** The plain-Java reference kernels. */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Vector API kernels; fails when the {@code jdk.incubator.vector} module is not loaded. */
    static Kernels vector() {
        return VectorKernels.INSTANCE;
    }

    /** The Vector API kernels when the JVM has the module ({@code --add-modules jdk.incubator.vector}), else scalar. */
    static Kernels best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? vector() : scalar();
    }

    /** The Vector API layer with its packed weights off-heap (a {@code MemorySegment}), whatever {@link #WEIGHTS_PROPERTY} says. */
    static Linear vectorOffHeapLinear(float[] weights, int in, int out, float[] bias) {
        return VectorKernels.offHeapLinear(weights, in, out, bias);
    }

    /** The Vector API layer with its packed weights off-heap in a slice of {@code memory} (sized for it: {@link WeightMemory#fp32Bytes}). */
    static Linear vectorLinear(float[] weights, int in, int out, float[] bias, WeightMemory memory) {
        return VectorKernels.linear(weights, in, out, bias, memory);
    }

    /** The Vector API layer with its packed weights in a heap {@code float[]}, whatever {@link #WEIGHTS_PROPERTY} says. */
    static Linear vectorHeapLinear(float[] weights, int in, int out, float[] bias) {
        return VectorKernels.heapLinear(weights, in, out, bias);
    }

    /**
     * Prepares a layer from {@code weights [in, out]} (ONNX MatMul's right operand) and
     * {@code bias [out]} (null for none). The arrays are copied.
     */
    Linear linear(float[] weights, int in, int out, float[] bias);

    /**
     * Layer normalization of each row of {@code x [rows, width]} into {@code y} (may be x):
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta}, with the biased variance.
     */
    void layerNorm(ComputePool pool, float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] y);

    /** {@code x[i] = gelu(x[i])} for {@code i} in {@code [from, to)}: the exact (erf) GELU. */
    void gelu(float[] x, int from, int to);

    /** Softmax of {@code x[from, from + n)} in place. */
    void softmax(float[] x, int from, int n);

    /**
     * Self-attention of packed sequences, without mask: for every sequence {@code s} (tokens
     * {@code starts[s] .. starts[s+1]-1}) and head {@code h}, {@code softmax(Q K^T * scale) V}.
     *
     * @param qkv    {@code [tokens, 3 * heads * headDim]}: each row is q, then k, then v, each heads x headDim
     * @param starts cumulative sequence starts, {@code starts[0] == 0}, {@code starts[last] == tokens}
     * @param out    {@code [tokens, heads * headDim]}, head h at columns {@code h*headDim ..}
     */
    void attention(ComputePool pool, float[] qkv, int[] starts, int heads, int headDim, float scale, float[] out);
}
