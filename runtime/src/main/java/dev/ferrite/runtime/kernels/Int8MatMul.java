package dev.ferrite.runtime.kernels;

/**
 * The quantized matmul of the int8 models, fused from MatMulInteger, Cast, Mul (scales) and Add
 * (bias) as ONNX defines them: for each row r in [from, to) and column j in [0, n),
 * <pre>
 *   acc      = sum over p of (a[r, p] - aZero) * (B[p, j] - bZero[j])     exact, in int32
 *   y[r, j]  = (float) acc * (aScale * bScale[j])  [+ bias[j]]             float32, two roundings, no FMA
 * </pre>
 * which is bit for bit what the unfused ONNX graph computes (Cast rounds the int32 to nearest;
 * the graph multiplies the two scales first). Implementations agree bit for bit.
 *
 * <p>Single-threaded over a block of rows and columns: a caller splits the rows [0, m) and the
 * columns (in whole panels, {@link Int8Weights#panelWidth()}) among its threads; calls on disjoint
 * blocks may run concurrently on the same weights.
 */
public interface Int8MatMul {
    /**
     * @param a      the quantized activations, row-major [m, k], uint8 codes as byte bits (as
     *               {@link DynamicQuantizer#quantize} writes them); rows [from, to) are read
     * @param aZero  a's zero point, 0..255
     * @param aScale a's scale
     * @param w      B, its zero points, scales and bias, packed at load
     * @param y      the output, row-major [m, n]; rows [from, to) are written, nothing else
     * @throws IllegalArgumentException when the arrays are too short for rows [from, to) or aZero is not a uint8
     */
    default void multiply(byte[] a, int aZero, float aScale, Int8Weights w, float[] y, int from, int to) {
        multiply(a, aZero, aScale, w, y, from, to, 0, w.n());
    }

    /**
     * As {@link #multiply(byte[], int, float, Int8Weights, float[], int, int)} for the columns
     * [columnFrom, columnTo) only: y[r, j] is written for those columns of rows [from, to), nothing else.
     *
     * @throws IllegalArgumentException also when columnFrom is not a multiple of the panel width, or
     *                                  columnTo neither a multiple nor n, or the range is outside [0, n]
     */
    void multiply(byte[] a, int aZero, float aScale, Int8Weights w, float[] y, int from, int to, int columnFrom, int columnTo);

    /** The plain Java reference: one dot product per output, int accumulation. */
    static Int8MatMul scalar() {
        return ScalarInt8MatMul.INSTANCE;
    }

    /** The Vector API version: each byte panel widened to floats once, then 8 rows by the panel per step. */
    static Int8MatMul vector() {
        return VectorInt8MatMul.INSTANCE;
    }
}
