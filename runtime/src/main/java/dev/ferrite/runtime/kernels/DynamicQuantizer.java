package dev.ferrite.runtime.kernels;

/**
 * ONNX DynamicQuantizeLinear (float32 to uint8), split into two passes so that blocks of one tensor
 * can run on different threads: {@link #range} over every block, folded into one range; then
 * {@link QuantParams#of} once; then {@link #quantize} over every block.
 *
 * <p>{@code quantize} is exactly the specification's {@code y = saturate(rint(x / scale) + zeroPoint)}:
 * a float32 division (not a multiplication by the reciprocal, which rounds differently), rounding
 * half to even, saturation to [0, 255]. Implementations give bit-identical results; NaN inputs are
 * outside the contract.
 */
public interface DynamicQuantizer {
    /**
     * Folds the range of {@code x[from, to)} into {@code minMax}: {@code minMax[0] = min(minMax[0], x...)},
     * {@code minMax[1] = max(minMax[1], x...)}. Start from {@code {0, 0}}: the specification's range
     * includes zero.
     */
    void range(float[] x, int from, int to, float[] minMax);

    /** {@code q[qFrom + i] = uint8 code of x[from + i]} for i in [0, to - from), stored as the byte's bits. */
    void quantize(float[] x, int from, int to, QuantParams params, byte[] q, int qFrom);

    /** The plain Java reference. */
    static DynamicQuantizer scalar() {
        return ScalarDynamicQuantizer.INSTANCE;
    }

    /** The Vector API version (preferred species). */
    static DynamicQuantizer vector() {
        return VectorDynamicQuantizer.INSTANCE;
    }
}
