package dev.ferrite.runtime.kernels;

/** The plain reference of {@link DynamicQuantizer}: one element at a time, as the specification reads. */
final class ScalarDynamicQuantizer implements DynamicQuantizer {
    static final ScalarDynamicQuantizer INSTANCE = new ScalarDynamicQuantizer();

    private ScalarDynamicQuantizer() {
    }

    @Override
    public void range(float[] x, int from, int to, float[] minMax) {
        float min = minMax[0];
        float max = minMax[1];
        for (int i = from; i < to; i++) {
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        minMax[0] = min;
        minMax[1] = max;
    }

    @Override
    public void quantize(float[] x, int from, int to, QuantParams params, byte[] q, int qFrom) {
        for (int i = from; i < to; i++) {
            q[qFrom + i - from] = (byte) code(x[i], params);
        }
    }

    /** The uint8 code of {@code x}: {@code saturate(rint(x / scale) + zeroPoint)}, the float32 division. */
    static int code(float x, QuantParams params) {
        return (int) Math.clamp(Math.rint(x / params.scale()) + params.zeroPoint(), 0, 255);
    }
}
