package dev.ferrite.runtime.reference;

import java.util.Arrays;

/** Matrix product, reductions and Softmax, accumulated in double so the oracle is the exact one. */
final class MathOps {
    private MathOps() {
    }

    /** numpy matmul for rank >= 2 operands: batch dimensions broadcast, the last two multiply. */
    static final Op MATMUL = (node, in, opset) -> {
        NdArray a = Op.floatInput(node, in, 0);
        NdArray b = Op.floatInput(node, in, 1);
        MatMulShape mm = MatMulShape.of(node, a, b);
        int m = mm.m(), k = mm.k(), n = mm.n();
        float[] out = new float[NdArray.size(mm.shape())];
        mm.forEachBatch((offA, offB, offC) -> {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) a.f()[offA + i * k + p] * b.f()[offB + p * n + j];
                    }
                    out[offC + i * n + j] = (float) sum;
                }
            }
        });
        return new NdArray[] {NdArray.floats(mm.shape(), out)};
    };

    static final Op REDUCE_MEAN = (node, in, opset) -> {
        NdArray x = Op.floatInput(node, in, 0);
        int rank = x.rank();
        // axes: an attribute before opset 18, an optional input since; none means all axes.
        long[] axes = opset < 18 ? node.intsAttr("axes").orElse(null)
                : in.length > 1 && in[1] != null ? Op.longValues(node, in[1], "axes") : null;
        boolean keepDims = node.intAttr("keepdims", 1) != 0;
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[Op.axis(node, a, rank)] = true;
            }
        }
        int[] kept = x.shape();
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        int[] keptStrides = NdArray.strides(kept);
        double[] sums = new double[NdArray.size(kept)];
        int[] idx = new int[rank];
        for (int i = 0; i < x.size(); i++) {
            int o = 0;
            for (int d = 0; d < rank; d++) {
                o += reduced[d] ? 0 : idx[d] * keptStrides[d];
            }
            sums[o] += x.f()[i];
            for (int d = rank - 1; d >= 0 && ++idx[d] == x.dim(d); d--) {
                idx[d] = 0;
            }
        }
        double count = (double) x.size() / sums.length;
        float[] out = new float[sums.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sums[i] / count);
        }
        int[] shape = kept;
        if (!keepDims) {
            shape = new int[rank - (int) java.util.stream.IntStream.range(0, rank).filter(d -> reduced[d]).count()];
            for (int d = 0, j = 0; d < rank; d++) {
                if (!reduced[d]) {
                    shape[j++] = kept[d];
                }
            }
        }
        return new NdArray[] {NdArray.floats(shape, out)};
    };

    /**
     * Before opset 13 Softmax flattens the input to 2-D at {@code axis} (default 1) and normalises
     * each row; since 13 it normalises along {@code axis} alone (default -1).
     */
    static final Op SOFTMAX = (node, in, opset) -> {
        NdArray x = Op.floatInput(node, in, 0);
        int rank = x.rank();
        int axis = Op.axis(node, node.intAttr("axis", opset < 13 ? 1 : -1), rank);
        int[] shape = x.shape();
        int stride;
        int len;
        if (opset < 13) {
            stride = 1;
            len = 1;
            for (int d = axis; d < rank; d++) {
                len *= shape[d];
            }
        } else {
            stride = NdArray.strides(shape)[axis];
            len = shape[axis];
        }
        float[] out = new float[x.size()];
        int groups = x.size() / Math.max(1, len);
        for (int g = 0; g < groups; g++) {
            // Group g covers elements base + j*stride, j < len.
            int base = (g / stride) * stride * len + g % stride;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                max = Math.max(max, x.f()[base + j * stride]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                sum += Math.exp(x.f()[base + j * stride] - max);
            }
            for (int j = 0; j < len; j++) {
                out[base + j * stride] = (float) (Math.exp(x.f()[base + j * stride] - max) / sum);
            }
        }
        return new NdArray[] {NdArray.floats(shape, out)};
    };
}
