package dev.ferrite.runtime.kernels;

/** The reference {@link Linear}: weights kept row-major {@code [in, out]} on the heap, a plain triple loop. */
final class ScalarLinear implements Linear {
    private final float[] w;
    private final float[] bias;
    private final int in;
    private final int out;

    ScalarLinear(float[] weights, int in, int out, float[] bias) {
        if (weights.length != (long) in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("weights of " + weights.length + " for [" + in + ", " + out + "], bias "
                    + (bias == null ? "none" : bias.length));
        }
        this.w = weights.clone();
        this.bias = bias == null ? new float[out] : bias.clone();
        this.in = in;
        this.out = out;
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
        float[] acc = new float[out];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = 0; k < in; k++) {
                float a = x[r * in + k];
                for (int n = 0; n < out; n++) {
                    acc[n] += a * w[k * out + n];
                }
            }
            for (int n = 0; n < out; n++) {
                float v = acc[n] + bias[n];
                if (residual != null) {
                    v += residual[r * out + n];
                }
                y[r * out + n] = act == Activation.GELU ? ScalarKernels.gelu(v) : v;
            }
        }
    }
}
