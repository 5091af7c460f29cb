package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.VectorMath.L;
import static dev.ferrite.runtime.kernels.VectorMath.S;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * A float32 {@link Linear} on the Vector API. At load, W {@code [in, out]} is packed into panels of
 * {@link #NR} columns: panel p holds rows k = 0..in-1 of columns {@code p*NR ..} contiguously
 * ({@code [panels, in, NR]}, the last panel zero-padded), so the micro-kernel streams one panel
 * with unit stride. The micro-kernels ({@link PanelTiles}) keep an 8 x NR tile of C in 24 vector
 * registers, reading each A element once per tile (a broadcast) and each W vector once per 8 rows;
 * they leave raw sums in a worker's scratch block, and the epilogue (bias, residual) then writes y;
 * the activation runs over each row of a task once all its panels are stored.
 *
 * <p>The panels live in a {@link MemorySegment}: off-heap, 64-byte aligned, in an automatic
 * {@link Arena} (freed with this object; the default, see {@link VectorKernels#linear}), or on the
 * heap in the packed {@code float[]} (for comparison); the same kernels read both.
 */
final class VectorLinear implements Linear {
    /** Vectors per panel: 8 rows x 3 vectors = 24 accumulators, leaving registers for W and A. */
    static final int NV = 3;
    static final int NR = NV * L;
    /** Rows per task: a 64 x in block of A (96 KB at in = 384) is reused across the panels of a task. */
    private static final int ROW_BLOCK = 64;
    /** The {@link ComputePool#scratch} slot of the sums of a task's {@code [ROW_BLOCK, NR]} block. */
    private static final int ACC_SLOT = 2;

    private final int in;
    private final int out;
    private final int panels;
    /** Bytes of one packed panel, {@code [in, NR]} floats. */
    private final long panelBytes;
    private final float[] bias; // [panels * NR], zero-padded
    /** The packed panels: off-heap (64-byte aligned), or the heap float[] (for comparison), read by the same kernels. */
    private final MemorySegment panelData;

    /** Bytes of the packed panels of a layer {@code [in, out]}. */
    static long packedBytes(int in, int out) {
        return (long) (out + NR - 1) / NR * in * NR * Float.BYTES;
    }

    /** Off-heap panels of their own for a layer {@code [in, out]}, 64-byte aligned, in an automatic arena. */
    static MemorySegment offHeapPanels(int in, int out) {
        return Arena.ofAuto().allocate(packedBytes(in, out), 64);
    }

    /**
     * Heap panels for a layer {@code [in, out]}: a float[], because C2 compiles FloatVector loads
     * from a heap segment only when its array holds floats; over a byte[] they ran 7-10x slower
     * (LatencyProbe, -Dferrite.weights=heap).
     */
    static MemorySegment heapPanels(int in, int out) {
        return MemorySegment.ofArray(new float[Math.toIntExact(packedBytes(in, out) / Float.BYTES)]);
    }

    /** Packs {@code weights [in, out]} into {@code panelData}, of {@link #packedBytes} (every byte written). */
    VectorLinear(float[] weights, int in, int out, float[] bias, MemorySegment panelData) {
        if (weights.length != (long) in * out || (bias != null && bias.length != out) || panelData.byteSize() != packedBytes(in, out)) {
            throw new IllegalArgumentException("weights of " + weights.length + " for [" + in + ", " + out + "], bias "
                    + (bias == null ? "none" : bias.length) + ", " + panelData.byteSize() + " bytes of panels");
        }
        this.in = in;
        this.out = out;
        this.panels = (out + NR - 1) / NR;
        this.bias = new float[panels * NR];
        if (bias != null) {
            System.arraycopy(bias, 0, this.bias, 0, out);
        }
        this.panelBytes = (long) in * NR * Float.BYTES;
        this.panelData = panelData;
        // One panel at a time through a heap buffer of one panel (not the whole packed matrix, which
        // would be as large as the weights), then one bulk copy: a copy into the segment per row of
        // NR floats would be ~10^5 small copies per model, slow while the JIT is still cold at load.
        float[] panel = new float[in * NR];
        for (int p = 0; p < panels; p++) {
            int cols = Math.min(NR, out - p * NR);
            if (cols < NR) {
                Arrays.fill(panel, 0f); // the last panel's padding columns
            }
            for (int k = 0; k < in; k++) {
                System.arraycopy(weights, k * out + p * NR, panel, k * NR, cols);
            }
            MemorySegment.copy(panel, 0, panelData, ValueLayout.JAVA_FLOAT_UNALIGNED, p * panelBytes, panel.length);
        }
    }

    /** A layer over panels packed before (by the constructor above, read back from a file): {@code bias} padded to whole panels. */
    VectorLinear(int in, int out, float[] bias, MemorySegment panelData) {
        this.in = in;
        this.out = out;
        this.panels = (out + NR - 1) / NR;
        this.panelBytes = (long) in * NR * Float.BYTES;
        if (in <= 0 || out <= 0 || bias.length != panels * NR || panelData.byteSize() != panels * panelBytes) {
            throw new IllegalArgumentException("packed layer [" + in + ", " + out + "]: " + bias.length + " biases, "
                    + panelData.byteSize() + " bytes of panels");
        }
        this.bias = bias;
        this.panelData = panelData;
    }

    /** The padded bias, shared: for {@link PackedLinears} to write, never to change. */
    float[] paddedBias() {
        return bias;
    }

    /** The packed panels, for {@link PackedLinears} to write. */
    MemorySegment panelData() {
        return panelData;
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
            float[] acc = pool.scratch(worker, ACC_SLOT, ROW_BLOCK * NR);
            for (int p = p0; p < p1; p++) {
                sums(x, r0, r1, p, acc);
                for (int r = r0; r < r1; r++) {
                    epilogue(acc, (r - r0) * NR, r, p * NR, y, residual);
                }
            }
            if (gelu) {
                // Over the task's whole rows, not panel by panel: a call of a few vectors left the
                // GELU in C1-compiled code (where vector operations are calls on Java objects) in some
                // JVMs for as long as they ran, costing ffn1 twice ffn2's time; one call per row
                // loops long enough for C2 to take it.
                int c0 = p0 * NR;
                int c1 = Math.min(out, p1 * NR);
                for (int r = r0; r < r1; r++) {
                    VectorMath.gelu(y, r * out + c0, r * out + c1);
                }
            }
        });
    }

    /**
     * Raw sums of rows {@code r0 .. r1-1} times panel p into {@code acc [r1 - r0, NR]}: tiles of 8
     * rows, then one of 4, then one of the 1-3 rows left.
     *
     * <p>No pass reads the panel ahead of the tiles: on few rows (a batch of one sentence) the first
     * tile's pass brings the panel from memory, and on this AMD EPYC (Zen 4) host the hardware
     * prefetcher keeps pace with it. A plain read of the panel first (which paid off on the Intel
     * host of earlier runs, where that pass drew memory at half a plain read's rate) only put the
     * memory traffic and the FMAs one after the other here: batch-1 embeddings of english.txt with
     * the weights packed at load took p50 6.3-6.5 ms without it against 7.9-9.2 ms with it on one
     * thread, 4.3 against 5.7 ms on two (both builds in one JVM, in turn); weights mapped from a
     * prepared encoder ran alike either way.
     */
    private void sums(float[] x, int r0, int r1, int p, float[] acc) {
        MemorySegment w = panelData;
        long base = p * panelBytes;
        int r = r0;
        for (; r + 8 <= r1; r += 8) {
            PanelTiles.tile8(w, base, x, r * in, in, acc, (r - r0) * NR);
        }
        if (r + 4 <= r1) {
            PanelTiles.tile4(w, base, x, r * in, in, acc, (r - r0) * NR);
            r += 4;
        }
        switch (r1 - r) {
            case 3 -> PanelTiles.tile3(w, base, x, r * in, in, acc, (r - r0) * NR);
            case 2 -> PanelTiles.tile2(w, base, x, r * in, in, acc, (r - r0) * NR);
            case 1 -> PanelTiles.tile1(w, base, x, r * in, in, acc, (r - r0) * NR);
            default -> { } // no tail
        }
    }

    /** Row r's sums for columns {@code col .. col+NR-1} (from {@code acc[ao ..]}) through bias and residual into y. */
    private void epilogue(float[] acc, int ao, int r, int col, float[] y, float[] res) {
        for (int v = 0; v < NV; v++) {
            store(r, col + v * L, acc, ao + v * L, y, res);
        }
    }

    /**
     * The epilogue of one vector of sums ({@code acc[ao ..]}): bias and residual (the activation
     * follows over the stored row, see {@link VectorMath#gelu}); a masked
     * store on the last panel's columns past out. It takes the sums as an array and offset, not as a
     * vector: a vector passed to a method the JIT does not inline is boxed, and the arithmetic on it
     * then runs as plain Java objects, many times slower.
     */
    private void store(int r, int col, float[] acc, int ao, float[] y, float[] res) {
        if (col >= out) {
            return;
        }
        FloatVector v = FloatVector.fromArray(S, acc, ao).add(FloatVector.fromArray(S, bias, col));
        int o = r * out + col;
        if (col + L <= out) {
            if (res != null) {
                v = v.add(FloatVector.fromArray(S, res, o));
            }
            v.intoArray(y, o);
        } else {
            VectorMask<Float> m = S.indexInRange(col, out);
            if (res != null) {
                v = v.add(FloatVector.fromArray(S, res, o, m));
            }
            v.intoArray(y, o, m);
        }
    }
}
