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
 * <p>Single-threaded over a row range: a caller splits the rows [0, m) among its threads; calls on
 * disjoint row ranges may run concurrently on the same weights.
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
    void multiply(byte[] a, int aZero, float aScale, Int8Weights w, float[] y, int from, int to);

    /** The plain Java reference: one dot product per output, int accumulation. */
    static Int8MatMul scalar() {
        return ScalarInt8MatMul.INSTANCE;
    }

    /** The Vector API version: 4 rows by one packed panel per step. */
    static Int8MatMul vector() {
        return VectorInt8MatMul.INSTANCE;
    }
}
