package dev.ferrite.runtime.kernels;

import dev.ferrite.runtime.reference.SpecialFunctions;

/** The reference kernels: plain loops in the order the ONNX graph computes, single-threaded. */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public Linear linear(float[] weights, int in, int out, float[] bias) {
        return new ScalarLinear(weights, in, out, bias);
    }

    @Override
    public void layerNorm(ComputePool pool, float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] y) {
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            float sum = 0;
            for (int i = 0; i < width; i++) {
                sum += x[o + i];
            }
            float mean = sum / width;
            float sq = 0;
            for (int i = 0; i < width; i++) {
                float d = x[o + i] - mean;
                sq += d * d;
            }
            float std = (float) Math.sqrt(sq / width + eps);
            for (int i = 0; i < width; i++) {
                y[o + i] = (x[o + i] - mean) / std * gamma[i] + beta[i];
            }
        }
    }

    @Override
    public void gelu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = gelu(x[i]);
        }
    }

    static float gelu(float x) {
        return (float) (0.5 * x * (1 + SpecialFunctions.erf(x / Math.sqrt(2))));
    }

    @Override
    public void softmax(float[] x, int from, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, x[i]);
        }
        float sum = 0;
        for (int i = from; i < from + n; i++) {
            x[i] = (float) Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = from; i < from + n; i++) {
            x[i] /= sum;
        }
    }

    @Override
    public void attention(ComputePool pool, float[] qkv, int[] starts, int heads, int headDim, float scale, float[] out) {
        int hidden = heads * headDim;
        int stride = 3 * hidden;
        for (int s = 0; s + 1 < starts.length; s++) {
            int first = starts[s];
            int n = starts[s + 1] - first;
            float[] p = new float[n];
            for (int h = 0; h < heads; h++) {
                int q = h * headDim;
                int k = hidden + q;
                int v = 2 * hidden + q;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        float dot = 0;
                        for (int c = 0; c < headDim; c++) {
                            dot += qkv[(first + i) * stride + q + c] * qkv[(first + j) * stride + k + c];
                        }
                        p[j] = dot * scale;
                    }
                    softmax(p, 0, n);
                    for (int c = 0; c < headDim; c++) {
                        float acc = 0;
                        for (int j = 0; j < n; j++) {
                            acc += p[j] * qkv[(first + j) * stride + v + c];
                        }
                        out[(first + i) * hidden + q + c] = acc;
                    }
                }
            }
        }
    }
}
