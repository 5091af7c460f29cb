package dev.ferrite.runtime.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.LongFunction;
import jdk.incubator.vector.FloatVector;

/**
 * The weights of one quantized matmul, {@code B: [k, n]} int8 or uint8 with a zero point and a scale
 * per column (or one for all), and an optional float32 bias, prepared once at load for {@link Int8MatMul}.
 *
 * <p>One copy, for both kernels (the scalar reference reads the codes back, {@link #code}): one
 * signed byte per weight in column panels of {@link #panelWidth()} columns, each panel k rows of
 * panelWidth consecutive bytes, columns past n zero; 64-byte aligned, off-heap by default. The
 * panel byte of an int8 code is the code; of a uint8 code, the code - 128 (with the column's zero
 * point lowered by 128 to match, {@link #panelZeros}), so that {@code byte - panelZero = B - zeroPoint}
 * exactly and the kernel widens with a plain sign extension.
 *
 * <p>Why bytes and not the floats the kernel multiplies: a small batch reads every weight once or
 * a few times, so its time is the weights' memory traffic; one byte per weight is a quarter of a
 * float's, and widening a panel to floats in cache costs little against that.
 */
public final class Int8Weights {
    /** Where the packed panels live; off-heap is the house default, the heap variant is for measuring. */
    public enum Storage { OFF_HEAP, HEAP }

    /** Two vectors of the preferred float species per panel (32 columns with AVX-512). */
    static final int PANEL = 2 * FloatVector.SPECIES_PREFERRED.length();
    /** What a uint8 code is lowered by in its panel byte (an int8 code is stored as it is). */
    private static final int UINT8_OFFSET = 128;

    final int k;
    final int n;
    final boolean signed;
    final int[] zeroPoints;
    /** Per column, padded with 0 to a whole number of panels. */
    final float[] scales;
    /** Per column, padded with 0 to a whole number of panels; null when there is no bias. */
    final float[] bias;
    /** Per column, the zero point matching the panel bytes (zero point, or zero point - 128 for uint8), padded with 0. */
    final float[] panelZeros;
    /** Signed bytes, [panels][k][PANEL]. */
    final MemorySegment packed;

    private Int8Weights(int k, int n, boolean signed, int[] zeroPoints, float[] scales, float[] bias,
            float[] panelZeros, MemorySegment packed) {
        this.k = k;
        this.n = n;
        this.signed = signed;
        this.zeroPoints = zeroPoints;
        this.scales = scales;
        this.bias = bias;
        this.panelZeros = panelZeros;
        this.packed = packed;
    }

    /** {@link #pack(byte[], boolean, int, int, int[], float[], float[], Storage)} off-heap. */
    public static Int8Weights pack(byte[] codes, boolean signed, int k, int n, int[] zeroPoints, float[] scales, float[] bias) {
        return pack(codes, signed, k, n, zeroPoints, scales, bias, Storage.OFF_HEAP);
    }

    /**
     * @param codes      B row-major [k, n]: the int8 values, or the uint8 values' bits
     * @param signed     true for int8 codes, false for uint8
     * @param zeroPoints B's zero point: one value, or one per column (n), in the codes' range
     * @param scales     B's scale: one value, or one per column (n)
     * @param bias       added after scaling, one per column (n), or null for none
     * @throws IllegalArgumentException when a length does not fit k and n or a zero point is out of range
     */
    public static Int8Weights pack(byte[] codes, boolean signed, int k, int n, int[] zeroPoints, float[] scales,
            float[] bias, Storage storage) {
        return pack(codes, signed, k, n, zeroPoints, scales, bias, storage == Storage.OFF_HEAP
                ? bytes -> Arena.ofAuto().allocate(bytes, 64) : bytes -> MemorySegment.ofArray(new byte[Math.toIntExact(bytes)]));
    }

    /**
     * As {@link #pack(byte[], boolean, int, int, int[], float[], float[])}, in a slice of {@code memory} (sized for
     * it: {@link WeightMemory#int8Bytes}), or off-heap in memory of its own when {@code memory} is null.
     */
    public static Int8Weights pack(byte[] codes, boolean signed, int k, int n, int[] zeroPoints, float[] scales,
            float[] bias, WeightMemory memory) {
        return memory == null ? pack(codes, signed, k, n, zeroPoints, scales, bias)
                : pack(codes, signed, k, n, zeroPoints, scales, bias, memory::take);
    }

    /** Bytes of the packed panels of {@code [k, n]} (n padded to whole panels). */
    static long packedBytes(int k, int n) {
        return (long) (n + PANEL - 1) / PANEL * PANEL * k;
    }

    /**
     * Packs into the zeroed memory that {@code memory} gives for {@link #packedBytes} (the padding columns are not
     * written), asked for once the arguments are checked.
     */
    private static Int8Weights pack(byte[] codes, boolean signed, int k, int n, int[] zeroPoints, float[] scales,
            float[] bias, LongFunction<MemorySegment> memory) {
        if (k <= 0 || n <= 0 || codes.length != (long) k * n) {
            throw new IllegalArgumentException("weights of " + codes.length + " codes do not make [" + k + ", " + n + "]");
        }
        int[] zero = perColumn(zeroPoints, n, "zero points");
        int lo = signed ? -128 : 0;
        for (int z : zero) {
            if (z < lo || z > lo + 255) {
                throw new IllegalArgumentException("zero point " + z + " is outside the " + (signed ? "int8" : "uint8") + " range");
            }
        }
        int panels = (n + PANEL - 1) / PANEL;
        int padded = panels * PANEL;
        float[] scale = Arrays.copyOf(perColumn(scales, n, "scales"), padded);
        float[] b = null;
        if (bias != null) {
            if (bias.length != n) {
                throw new IllegalArgumentException(bias.length + " biases for " + n + " columns");
            }
            b = Arrays.copyOf(bias, padded);
        }
        int shift = signed ? 0 : UINT8_OFFSET;
        float[] panelZeros = new float[padded];
        for (int j = 0; j < n; j++) panelZeros[j] = zero[j] - shift;
        MemorySegment seg = memory.apply(packedBytes(k, n));
        for (int p = 0; p < panels; p++) {
            int width = Math.min(PANEL, n - p * PANEL);
            for (int row = 0; row < k; row++) {
                packRow(codes, row * n + p * PANEL, width, signed, seg, ((long) p * k + row) * PANEL);
            }
        }
        return new Int8Weights(k, n, signed, zero, scale, b, panelZeros, seg);
    }

    /**
     * Weights packed before (by {@link #pack}, read back from a file by {@link PackedLinears}): the
     * fields as {@link #pack} leaves them, checked for their sizes.
     */
    static Int8Weights restore(int k, int n, boolean signed, int[] zeroPoints, float[] scales, float[] bias,
            float[] panelZeros, MemorySegment packed) {
        int padded = (n + PANEL - 1) / PANEL * PANEL;
        if (k <= 0 || n <= 0 || zeroPoints.length != n || scales.length != padded || (bias != null && bias.length != padded)
                || panelZeros.length != padded || packed.byteSize() != (long) padded * k) {
            throw new IllegalArgumentException("packed int8 weights [" + k + ", " + n + "] do not fit their arrays");
        }
        return new Int8Weights(k, n, signed, zeroPoints, scales, bias, panelZeros, packed);
    }

    /**
     * One panel row: {@code width} codes from {@code codes[from..]} as panel bytes at {@code at}. A
     * method of its own, called once per row, so the JIT compiles it within the first matrix: the
     * loop over a whole matrix ran in the interpreter for most of a model's load (packing the int8
     * MiniLM took 266 ms in a fresh JVM).
     */
    private static void packRow(byte[] codes, int from, int width, boolean signed, MemorySegment seg, long at) {
        if (signed) {
            MemorySegment.copy(codes, from, seg, ValueLayout.JAVA_BYTE, at, width);
            return;
        }
        for (int c = 0; c < width; c++) {
            // A uint8 code u is stored as u - UINT8_OFFSET, which as a byte is u with its top bit flipped.
            seg.set(ValueLayout.JAVA_BYTE, at + c, (byte) (codes[from + c] ^ UINT8_OFFSET));
        }
    }

    private static int[] perColumn(int[] v, int n, String what) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            int[] out = new int[n];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(v.length + " " + what + " for " + n + " columns (give 1 or " + n + ")");
    }

    private static float[] perColumn(float[] v, int n, String what) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            float[] out = new float[n];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(v.length + " " + what + " for " + n + " columns (give 1 or " + n + ")");
    }

    /** Rows of B: the inner dimension of the product. */
    public int k() {
        return k;
    }

    /** Columns of B: the width of the output. */
    public int n() {
        return n;
    }

    /**
     * B's code at (row, column), as an integer (sign-extended for int8, 0..255 for uint8), read back
     * from its panel (the panel byte is the code, or the code - 128 for uint8).
     */
    int code(int row, int column) {
        byte c = packed.get(ValueLayout.JAVA_BYTE, ((long) (column / PANEL) * k + row) * PANEL + column % PANEL);
        return signed ? c : c + UINT8_OFFSET;
    }

    /** The {@link Int8MatMul#multiply} arguments fit these weights, or an IllegalArgumentException says how not. */
    void checkCall(byte[] a, int[] aZero, float[] aScale, float[] y, int from, int to, int columnFrom, int columnTo) {
        if (from < 0 || from > to || (long) to * k > a.length || (long) to * n > y.length || to > aZero.length || to > aScale.length) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of a (" + a.length + " codes, " + aZero.length
                    + " zero points, " + aScale.length + " scales) by [" + k + ", " + n + "] into y (" + y.length
                    + " floats) do not fit");
        }
        for (int r = from; r < to; r++) {
            if (aZero[r] < 0 || aZero[r] > 255) {
                throw new IllegalArgumentException("row " + r + "'s zero point " + aZero[r] + " is not a uint8");
            }
        }
        if (columnFrom < 0 || columnFrom > columnTo || columnTo > n || columnFrom % PANEL != 0 || (columnTo % PANEL != 0 && columnTo != n)) {
            throw new IllegalArgumentException("columns [" + columnFrom + ", " + columnTo + ") of [" + k + ", " + n
                    + "] are not whole panels of " + PANEL);
        }
    }

    /** Panels of {@link #panelWidth()} columns: the last one may be partly padding. */
    public int panels() {
        return (n + PANEL - 1) / PANEL;
    }

    /** Columns per packed panel: column ranges given to {@link Int8MatMul} start on a multiple of it. */
    public static int panelWidth() {
        return PANEL;
    }
}
