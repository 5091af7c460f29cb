package dev.ferrite.runtime.kernels;

/** The heap variant of the Vector API matmul (weights in a heap byte[], kept for comparison) meets the same contract as the default off-heap one. */
class VectorHeapLinearTest extends KernelsContract {
    @Override
    Kernels kernels() {
        return new Kernels() {
            @Override
            public Linear linear(float[] weights, int in, int out, float[] bias) {
                return VectorKernels.heapLinear(weights, in, out, bias);
            }

            @Override
            public void layerNorm(ComputePool pool, float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] y) {
                Kernels.vector().layerNorm(pool, x, rows, width, gamma, beta, eps, y);
            }

            @Override
            public void gelu(float[] x, int from, int to) {
                Kernels.vector().gelu(x, from, to);
            }

            @Override
            public void softmax(float[] x, int from, int n) {
                Kernels.vector().softmax(x, from, n);
            }

            @Override
            public void attention(ComputePool pool, float[] qkv, int[] starts, int heads, int headDim, float scale, float[] out) {
                Kernels.vector().attention(pool, qkv, starts, heads, headDim, scale, out);
            }
        };
    }
}
