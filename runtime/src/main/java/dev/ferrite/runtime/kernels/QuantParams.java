package dev.ferrite.runtime.kernels;

/**
 * The scale and zero point ONNX DynamicQuantizeLinear chooses for a float32 tensor quantized to
 * uint8, from the tensor's range. The formula is the specification's, in float32:
 * {@code scale = (max - min) / 255} (1/255 when max == min), {@code zeroPoint = rint(clamp(0 - min / scale, 0, 255))},
 * where the range has been widened to include 0 so that 0 quantizes exactly.
 *
 * @param scale     float32 units per quantization step, > 0
 * @param zeroPoint the uint8 code of 0.0, in [0, 255]
 */
public record QuantParams(float scale, int zeroPoint) {
    /**
     * @param min the tensor's minimum, already folded with 0 (so {@code min <= 0})
     * @param max the tensor's maximum, already folded with 0 (so {@code max >= 0})
     */
    public static QuantParams of(float min, float max) {
        // The specification guards the all-zero tensor (max == min) with a range of 1.
        float scale = (max == min ? 1f : max - min) / 255f;
        float initialZeroPoint = 0 - min / scale;
        return new QuantParams(scale, (int) Math.rint(Math.clamp(initialZeroPoint, 0f, 255f)));
    }
}
