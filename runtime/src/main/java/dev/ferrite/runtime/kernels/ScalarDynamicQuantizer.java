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
        float scale = params.scale();
        int zeroPoint = params.zeroPoint();
        for (int i = from; i < to; i++) {
            double v = Math.rint(x[i] / scale) + zeroPoint;
            q[qFrom + i - from] = (byte) (int) Math.clamp(v, 0, 255);
        }
    }
}
