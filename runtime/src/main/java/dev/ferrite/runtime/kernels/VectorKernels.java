package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.VectorMath.L;
import static dev.ferrite.runtime.kernels.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** The Vector API kernels: a vector body over full vectors, a masked vector for the tail. */
final class VectorKernels implements Kernels {
    static final VectorKernels INSTANCE = new VectorKernels();
    /**
     * Rows of a layer norm per task: a row is ~1 microsecond, so a short batch (one task) is normed
     * inline by the calling worker rather than paying for a parallel loop.
     */
    private static final int NORM_ROWS = 64;

    private VectorKernels() {
    }

    /**
     * Packed weights off-heap, or on the heap when the system property {@value Kernels#WEIGHTS_PROPERTY}
     * is {@code heap} (read at each layer's creation). Off-heap is the default because, run side by
     * side in one process on the whole encoder, it was 15-30% faster than panels in a heap array (the
     * segment is 64-byte aligned; an array's elements start 16 bytes into its object, so every 512-bit
     * load of a heap panel straddles two cache lines) and keeps the weights out of the Java heap.
     */
    @Override
    public Linear linear(float[] weights, int in, int out, float[] bias) {
        return Kernels.offHeapWeights() ? offHeapLinear(weights, in, out, bias) : heapLinear(weights, in, out, bias);
    }

    /** A layer whose packed weights live in a heap {@code float[]} segment. */
    static Linear heapLinear(float[] weights, int in, int out, float[] bias) {
        return new VectorLinear(weights, in, out, bias, VectorLinear.heapPanels(in, out));
    }

    /** A layer whose packed weights live off-heap. */
    static Linear offHeapLinear(float[] weights, int in, int out, float[] bias) {
        return new VectorLinear(weights, in, out, bias, VectorLinear.offHeapPanels(in, out));
    }

    /** A layer whose packed weights live off-heap in a slice of {@code memory}. */
    static Linear linear(float[] weights, int in, int out, float[] bias, WeightMemory memory) {
        return new VectorLinear(weights, in, out, bias, memory.take(VectorLinear.packedBytes(in, out)));
    }

    @Override
    public void layerNorm(ComputePool pool, float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] y) {
        pool.parallelFor((rows + NORM_ROWS - 1) / NORM_ROWS, (task, worker) -> {
            int end = Math.min(rows, (task + 1) * NORM_ROWS);
            for (int r = task * NORM_ROWS; r < end; r++) {
                normRow(x, r * width, width, gamma, beta, eps, y);
            }
        });
    }

    private static void normRow(float[] x, int o, int width, float[] gamma, float[] beta, float eps, float[] y) {
        int body = S.loopBound(width);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < body; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, o + i));
        }
        float[] lanes = VectorMath.lanes();
        acc.intoArray(lanes, 0);
        float sum = VectorMath.sum(lanes);
        for (; i < width; i++) {
            sum += x[o + i];
        }
        float mean = sum / width;
        acc = FloatVector.zero(S);
        for (i = 0; i < body; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, o + i).sub(mean);
            acc = d.fma(d, acc);
        }
        acc.intoArray(lanes, 0);
        float sq = VectorMath.sum(lanes);
        for (; i < width; i++) {
            float d = x[o + i] - mean;
            sq += d * d;
        }
        float inv = (float) (1 / Math.sqrt(sq / width + eps));
        for (i = 0; i < width; i += L) {
            VectorMask<Float> m = S.indexInRange(i, width);
            FloatVector g = FloatVector.fromArray(S, gamma, i, m).mul(inv);
            FloatVector v = FloatVector.fromArray(S, x, o + i, m).sub(mean).fma(g, FloatVector.fromArray(S, beta, i, m));
            v.intoArray(y, o + i, m);
        }
    }

    @Override
    public void gelu(float[] x, int from, int to) {
        VectorMath.gelu(x, from, to);
    }

    @Override
    public void softmax(float[] x, int from, int n) {
        int end = from + n;
        // Two running maxima (max is exact in any order): one chain of dependent MAXes per row
        // would wait on its own latency.
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector mx2 = mx;
        int i = from;
        for (; i + 2 * L <= end; i += 2 * L) {
            mx = mx.max(FloatVector.fromArray(S, x, i));
            mx2 = mx2.max(FloatVector.fromArray(S, x, i + L));
        }
        for (; i < end; i += L) {
            VectorMask<Float> m = S.indexInRange(i, end);
            mx = mx.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, i, m), m);
        }
        float max = mx.max(mx2).reduceLanes(VectorOperators.MAX);
        float inv = 1 / VectorMath.expShiftedSum(x, from, end, max);
        for (i = from; i < end; i += L) {
            VectorMask<Float> m = S.indexInRange(i, end);
            FloatVector.fromArray(S, x, i, m).mul(inv).intoArray(x, i, m);
        }
    }

    @Override
    public void attention(ComputePool pool, float[] qkv, int[] starts, int heads, int headDim, float scale, float[] out) {
        VectorAttention.run(pool, qkv, starts, heads, headDim, scale, out);
    }
}
