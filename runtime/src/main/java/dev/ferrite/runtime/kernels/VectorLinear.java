package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.VectorMath.L;
import static dev.ferrite.runtime.kernels.VectorMath.S;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * A float32 {@link Linear} on the Vector API. At load, W {@code [in, out]} is packed into panels of
 * {@link #NR} columns: panel p holds rows k = 0..in-1 of columns {@code p*NR ..} contiguously
 * ({@code [panels, in, NR]}, the last panel zero-padded), so the micro-kernel streams one panel
 * with unit stride. The micro-kernel keeps a 4 x NR tile of C in 12 vector registers and reads each
 * A element once per tile (a broadcast) and each W vector once per 4 rows.
 *
 * <p>The panels live on the heap in a {@code float[]} (the default: see {@link VectorKernels#linear}),
 * or off-heap in a {@link MemorySegment} of an automatic {@link Arena} (freed with this object); both
 * are kept so the benchmark can compare {@code fromArray} against {@code fromMemorySegment}.
 */
final class VectorLinear implements Linear {
    /** Vectors per panel: 4 rows x 3 vectors = 12 accumulators, leaving registers for W and A. */
    static final int NV = 3;
    static final int NR = NV * L;
    private static final int MR = 4;
    /** Rows per task: a 64 x in block of A (96 KB at in = 384) is reused across the panels of a task. */
    private static final int ROW_BLOCK = 64;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final int in;
    private final int out;
    private final int panels;
    private final float[] bias; // [panels * NR], zero-padded
    private final float[] heap; // packed panels, or null when off-heap
    private final MemorySegment segment; // packed panels, or null when on the heap

    VectorLinear(float[] weights, int in, int out, float[] bias, boolean offHeap) {
        if (weights.length != (long) in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("weights of " + weights.length + " for [" + in + ", " + out + "], bias "
                    + (bias == null ? "none" : bias.length));
        }
        this.in = in;
        this.out = out;
        this.panels = (out + NR - 1) / NR;
        this.bias = new float[panels * NR];
        if (bias != null) {
            System.arraycopy(bias, 0, this.bias, 0, out);
        }
        float[] packed = new float[panels * in * NR];
        for (int p = 0; p < panels; p++) {
            for (int k = 0; k < in; k++) {
                int cols = Math.min(NR, out - p * NR);
                System.arraycopy(weights, k * out + p * NR, packed, (p * in + k) * NR, cols);
            }
        }
        if (offHeap) {
            segment = Arena.ofAuto().allocate((long) packed.length * Float.BYTES, 64);
            MemorySegment.copy(packed, 0, segment, ValueLayout.JAVA_FLOAT, 0, packed.length);
            heap = null;
        } else {
            heap = packed;
            segment = null;
        }
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public void forward(ComputePool pool, float[] x, int rows, float[] y, float[] residual, Activation act) {
        if (rows <= 0) {
            return;
        }
        int rowBlocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        // Enough tasks for every thread to get several (load balance), each as wide as that allows.
        int perTask = panels;
        while (perTask > 1 && rowBlocks * ((panels + perTask - 1) / perTask) < 4 * pool.threads()) {
            perTask = (perTask + 1) / 2;
        }
        int width = perTask;
        int groups = (panels + width - 1) / width;
        boolean gelu = act == Activation.GELU;
        pool.parallelFor(rowBlocks * groups, (task, worker) -> {
            int r0 = (task / groups) * ROW_BLOCK;
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            int p0 = (task % groups) * width;
            int p1 = Math.min(panels, p0 + width);
            for (int p = p0; p < p1; p++) {
                int r = r0;
                if (segment != null) {
                    for (; r + MR <= r1; r += MR) {
                        tile4(segment, x, r, p, y, residual, gelu);
                    }
                    for (; r < r1; r++) {
                        tile1(segment, x, r, p, y, residual, gelu);
                    }
                } else {
                    for (; r + MR <= r1; r += MR) {
                        tile4(heap, x, r, p, y, residual, gelu);
                    }
                    for (; r < r1; r++) {
                        tile1(heap, x, r, p, y, residual, gelu);
                    }
                }
            }
        });
    }

    private void tile4(float[] w, float[] x, int r, int p, float[] y, float[] res, boolean gelu) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int a0 = r * in;
        int a1 = a0 + in;
        int a2 = a1 + in;
        int a3 = a2 + in;
        int base = p * in * NR;
        for (int k = 0; k < in; k++) {
            int o = base + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, w, o);
            FloatVector b1 = FloatVector.fromArray(S, w, o + L);
            FloatVector b2 = FloatVector.fromArray(S, w, o + 2 * L);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a1 + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, x[a2 + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, x[a3 + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
        }
        storeRow(r, p, c00, c01, c02, y, res, gelu);
        storeRow(r + 1, p, c10, c11, c12, y, res, gelu);
        storeRow(r + 2, p, c20, c21, c22, y, res, gelu);
        storeRow(r + 3, p, c30, c31, c32, y, res, gelu);
    }

    private void tile1(float[] w, float[] x, int r, int p, float[] y, float[] res, boolean gelu) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        int a0 = r * in;
        int base = p * in * NR;
        for (int k = 0; k < in; k++) {
            int o = base + k * NR;
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c0 = FloatVector.fromArray(S, w, o).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, o + L).fma(a, c1);
            c2 = FloatVector.fromArray(S, w, o + 2 * L).fma(a, c2);
        }
        storeRow(r, p, c0, c1, c2, y, res, gelu);
    }

    private void tile4(MemorySegment w, float[] x, int r, int p, float[] y, float[] res, boolean gelu) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int a0 = r * in;
        int a1 = a0 + in;
        int a2 = a1 + in;
        int a3 = a2 + in;
        long base = (long) p * in * NR * Float.BYTES;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a1 + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, x[a2 + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, x[a3 + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
        }
        storeRow(r, p, c00, c01, c02, y, res, gelu);
        storeRow(r + 1, p, c10, c11, c12, y, res, gelu);
        storeRow(r + 2, p, c20, c21, c22, y, res, gelu);
        storeRow(r + 3, p, c30, c31, c32, y, res, gelu);
    }

    private void tile1(MemorySegment w, float[] x, int r, int p, float[] y, float[] res, boolean gelu) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        int a0 = r * in;
        long base = (long) p * in * NR * Float.BYTES;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c0 = FloatVector.fromMemorySegment(S, w, o, ORDER).fma(a, c0);
            c1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER).fma(a, c1);
            c2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER).fma(a, c2);
        }
        storeRow(r, p, c0, c1, c2, y, res, gelu);
    }

    private void storeRow(int r, int p, FloatVector c0, FloatVector c1, FloatVector c2, float[] y, float[] res, boolean gelu) {
        int col = p * NR;
        store(r, col, c0, y, res, gelu);
        store(r, col + L, c1, y, res, gelu);
        store(r, col + 2 * L, c2, y, res, gelu);
    }

    /** The epilogue: bias, residual, activation; a masked store on the last panel's columns past out. */
    private void store(int r, int col, FloatVector acc, float[] y, float[] res, boolean gelu) {
        if (col >= out) {
            return;
        }
        FloatVector v = acc.add(FloatVector.fromArray(S, bias, col));
        int o = r * out + col;
        if (col + L <= out) {
            if (res != null) {
                v = v.add(FloatVector.fromArray(S, res, o));
            }
            if (gelu) {
                v = VectorMath.gelu(v);
            }
            v.intoArray(y, o);
        } else {
            VectorMask<Float> m = S.indexInRange(col, out);
            if (res != null) {
                v = v.add(FloatVector.fromArray(S, res, o, m));
            }
            if (gelu) {
                v = VectorMath.gelu(v);
            }
            v.intoArray(y, o, m);
        }
    }
}
