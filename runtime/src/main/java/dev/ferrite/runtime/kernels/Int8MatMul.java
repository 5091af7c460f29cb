package dev.ferrite.runtime.kernels;

import java.util.Arrays;

/**
 * The quantized matmul of the int8 models, fused from MatMulInteger, Cast, Mul (scales) and Add
 * (bias) as ONNX defines them: for each row r in [from, to) and column j in [0, n),
 * <pre>
 *   acc      = sum over p of (a[r, p] - aZero[r]) * (B[p, j] - bZero[j])     exact, in int32
 *   y[r, j]  = (float) acc * (aScale[r] * bScale[j])  [+ bias[j]]             float32, two roundings, no FMA
 * </pre>
 * which is bit for bit what the unfused ONNX graph computes (Cast rounds the int32 to nearest;
 * the graph multiplies the two scales first). Implementations agree bit for bit. Each row carries
 * its own zero point and scale, so one call can span the rows of sequences quantized apart (each
 * by its own range) and still give every row exactly what it gets alone.
 *
 * <p>Single-threaded over a block of rows and columns: a caller splits the rows [0, m) and the
 * columns (in whole panels, {@link Int8Weights#panelWidth()}) among its threads; calls on disjoint
 * blocks may run concurrently on the same weights.
 */
public interface Int8MatMul {
    /**
     * One zero point and scale for all rows [from, to), as one ONNX DynamicQuantizeLinear gives.
     *
     * @param a      the quantized activations, row-major [m, k], uint8 codes as byte bits (as
     *               {@link DynamicQuantizer#quantize} writes them); rows [from, to) are read
     * @param aZero  a's zero point, 0..255
     * @param aScale a's scale
     * @param w      B, its zero points, scales and bias, packed at load
     * @param y      the output, row-major [m, n]; rows [from, to) are written, nothing else
     * @throws IllegalArgumentException when the arrays are too short for rows [from, to) or aZero is not a uint8
     */
    default void multiply(byte[] a, int aZero, float aScale, Int8Weights w, float[] y, int from, int to) {
        int[] zeros = new int[to];
        float[] scales = new float[to];
        Arrays.fill(zeros, aZero);
        Arrays.fill(scales, aScale);
        multiply(a, zeros, scales, w, y, from, to, 0, w.n());
    }

    /**
     * Rows [from, to) by the columns [columnFrom, columnTo), row r quantized with zero point
     * {@code aZero[r]} and scale {@code aScale[r]}: y[r, j] is written for those columns of those
     * rows, nothing else.
     *
     * @throws IllegalArgumentException when the arrays are too short for rows [from, to), a row's zero
     *                                  point is not a uint8, columnFrom is not a multiple of the panel
     *                                  width, or columnTo neither a multiple nor n, or the range is outside [0, n]
     */
    void multiply(byte[] a, int[] aZero, float[] aScale, Int8Weights w, float[] y, int from, int to, int columnFrom, int columnTo);

    /** The plain Java reference: one dot product per output, int accumulation. */
    static Int8MatMul scalar() {
        return ScalarInt8MatMul.INSTANCE;
    }

    /** The Vector API version: each byte panel widened to floats once, then 8 rows by the panel per step. */
    static Int8MatMul vector() {
        return VectorInt8MatMul.INSTANCE;
    }
}
