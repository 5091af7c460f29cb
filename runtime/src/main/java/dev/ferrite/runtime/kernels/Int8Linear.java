package dev.ferrite.runtime.kernels;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A dynamically quantized {@link Linear} (ONNX DynamicQuantizeLinear, MatMulInteger, Cast, Mul by
 * the scales, Add of the bias): the float input is quantized to uint8 with one scale and zero point
 * per sequence, multiplied exactly in integers by the int8 weights, and scaled back to float32 as
 * {@link Int8MatMul} defines; then the residual is added and the activation applied, each in its own
 * float32 rounding, in the order the graph computes them.
 *
 * <p>Why per sequence: ONNX DynamicQuantizeLinear takes one range over its whole input tensor, and
 * the model is run (by ONNX Runtime, by the reference) on one sequence at a time. Quantizing each
 * sequence of a packed batch over its own rows gives every sequence exactly the codes it gets when
 * run alone, so its result does not depend on what else is in the batch.
 *
 * <p>Thread-safe: the weights are read only; code buffers come from a pool.
 */
public final class Int8Linear implements Linear {
    /** Rows per matmul task at most: enough tasks to share out, each big enough to reuse B's panels. */
    private static final int MAX_CHUNK = 64;
    /**
     * Tasks per thread the work is cut into at least (when there are enough columns): a few, so that a
     * thread slowed by another process on a shared machine leaves its share to the others.
     */
    private static final int TASKS_PER_THREAD = 3;

    private final Int8Weights weights;
    private final DynamicQuantizer quantizer;
    private final Int8MatMul matmul;
    private final Kernels kernels;
    /** True with the Vector API kernels: the rows are quantized straight to the centered floats they multiply. */
    private final boolean centered;
    private final ConcurrentLinkedQueue<byte[]> bytes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<float[]> floats = new ConcurrentLinkedQueue<>();

    private Int8Linear(Int8Weights weights, DynamicQuantizer quantizer, Int8MatMul matmul, Kernels kernels) {
        this.weights = weights;
        this.quantizer = quantizer;
        this.matmul = matmul;
        this.kernels = kernels;
        this.centered = matmul instanceof VectorInt8MatMul && quantizer instanceof VectorDynamicQuantizer;
    }

    /**
     * The layer on {@code weights}, with the int8 kernels of the same family as {@code kernels}: the
     * scalar references with {@link Kernels#scalar()}, the Vector API versions otherwise. The GELU is
     * {@code kernels}' own.
     */
    public static Int8Linear of(Int8Weights weights, Kernels kernels) {
        boolean scalar = kernels == Kernels.scalar();
        return new Int8Linear(weights, scalar ? DynamicQuantizer.scalar() : DynamicQuantizer.vector(),
                scalar ? Int8MatMul.scalar() : Int8MatMul.vector(), kernels);
    }

    /** Whether this layer runs on the Vector API kernels (the ones {@link PackedLinears} restores). */
    boolean isVector() {
        return matmul instanceof VectorInt8MatMul && quantizer instanceof VectorDynamicQuantizer;
    }

    /** The weights, for {@link PackedLinears} to write. */
    Int8Weights weights() {
        return weights;
    }

    @Override
    public int inFeatures() {
        return weights.k();
    }

    @Override
    public int outFeatures() {
        return weights.n();
    }

    /** All {@code rows} as one tensor: one scale and zero point for the whole input, as ONNX defines it. */
    @Override
    public void forward(ComputePool pool, float[] x, int rows, float[] y, float[] residual, Activation act) {
        forward(pool, x, new int[] {0, rows}, y, residual, act);
    }

    /** Each sequence {@code starts[s] .. starts[s+1]-1} quantized over its own rows (see the class comment). */
    @Override
    public void forward(ComputePool pool, float[] x, int[] starts, float[] y, float[] residual, Activation act) {
        int in = weights.k();
        int out = weights.n();
        int sequences = starts.length - 1;
        int rows = starts[sequences];
        if (rows == 0) return;
        int[] zeros = centered ? null : new int[rows]; // the centered rows have their zero points subtracted
        float[] scales = new float[rows];
        QuantParams[] params = new QuantParams[sequences];
        byte[] q = centered ? null : buffer(bytes, rows * in, byte[]::new, b -> b.length);
        float[] c = centered ? buffer(floats, rows * in, float[]::new, f -> f.length) : null;
        try {
            pool.parallelFor(sequences, (s, worker) -> {
                int from = starts[s] * in;
                int to = starts[s + 1] * in;
                float[] minMax = {0, 0}; // the specification's range includes 0
                quantizer.range(x, from, to, minMax);
                QuantParams p = QuantParams.of(minMax[0], minMax[1]);
                params[s] = p;
                if (!centered) {
                    quantizer.quantize(x, from, to, p, q, from);
                    Arrays.fill(zeros, starts[s], starts[s + 1], p.zeroPoint());
                }
                Arrays.fill(scales, starts[s], starts[s + 1], p.scale());
            });
            if (centered) {
                // Each row centered once, for every column task (a batch of one sentence has several),
                // in 8-row groups, which is how the 8-row tile reads them.
                pool.parallelFor((rows + 7) / 8, (g, worker) -> {
                    int s = sequenceOf(starts, g * 8);
                    for (int r = g * 8, end = Math.min(rows, r + 8); r < end; r++) {
                        while (starts[s + 1] <= r) s++;
                        ((VectorDynamicQuantizer) quantizer).quantizeCentered(x, r * in, in, params[s], c,
                                VectorInt8MatMul.centeredStart(r, rows, in), VectorInt8MatMul.centeredStride(r, rows));
                    }
                });
            }
            // Tasks of at most MAX_CHUNK rows by a group of whole column panels. Each row carries its
            // sequence's zero point and scale, so a task may span sequences: a batch of short
            // sentences makes full tasks, not one short task per sentence. A task reads its panels
            // once whatever its rows, so rows are not split further; when the row tasks are too few
            // to keep every thread busy (a batch of one sentence is one), the columns are split
            // among them instead.
            int rowTasks = (rows + MAX_CHUNK - 1) / MAX_CHUNK;
            int panels = weights.panels();
            int groups = Math.clamp((TASKS_PER_THREAD * pool.threads() + rowTasks - 1) / rowTasks, 1, Math.max(1, panels / 2));
            int width = Int8Weights.panelWidth();
            pool.parallelFor(rowTasks * groups, (t, worker) -> {
                int from = t / groups * MAX_CHUNK;
                int group = t % groups;
                int to = Math.min(from + MAX_CHUNK, rows);
                int c0 = Math.min(out, panels * group / groups * width);
                int c1 = Math.min(out, panels * (group + 1) / groups * width);
                if (centered) {
                    ((VectorInt8MatMul) matmul).multiplyCentered(c, scales, weights, y, from, to, c0, c1);
                } else {
                    matmul.multiply(q, zeros, scales, weights, y, from, to, c0, c1);
                }
                for (int r = from; r < to; r++) {
                    int i0 = r * out + c0;
                    int i1 = r * out + c1;
                    if (residual != null) {
                        // (x·W + bias) + residual: the graph's two Adds, in that order.
                        for (int i = i0; i < i1; i++) y[i] += residual[i];
                    }
                    if (act == Activation.GELU) kernels.gelu(y, i0, i1);
                }
            });
        } finally {
            if (centered) floats.add(c); else bytes.add(q);
        }
    }

    /** The sequence row r (< the last start) belongs to: s with starts[s] <= r < starts[s + 1]. */
    private static int sequenceOf(int[] starts, int r) {
        int s = Arrays.binarySearch(starts, r);
        s = s < 0 ? -s - 2 : s;
        while (starts[s + 1] <= r) s++; // past empty sequences (equal starts)
        return s;
    }

    /** A pooled buffer of at least {@code size} (growing by half when too small). */
    private static <T> T buffer(ConcurrentLinkedQueue<T> pool, int size, IntFunction<T> create,
            ToIntFunction<T> length) {
        T b = pool.poll();
        return b != null && length.applyAsInt(b) >= size ? b
                : create.apply(Math.max(size, b == null ? 0 : length.applyAsInt(b) * 3 / 2));
    }

    @Override
    public String toString() {
        return "Int8Linear[" + weights.k() + " x " + weights.n() + ", " + matmul.getClass().getSimpleName() + "]";
    }
}
