package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Node;

/**
 * The operators of dynamically quantized (int8) models, as the ONNX specification and its Python
 * reference implementation ({@code onnx/reference/ops/op_dynamic_quantize_linear.py},
 * {@code op_matmul_integer.py}, {@code op_dequantize_linear.py}) define them: float32 arithmetic,
 * rounding half to even ({@code np.rint}), saturation to the target type's range.
 */
final class QuantOps {
    private QuantOps() {
    }

    private static final int QMIN = 0;
    private static final int QMAX = 255;

    /**
     * x (float32) to uint8 with a scale and zero point chosen from x's range, which is widened to
     * include 0 so that 0 is exact: scale = (max - min) / 255, zero point = rint(clamp(-min / scale)),
     * y = clamp(rint(x / scale) + zero point). Outputs y, scale (float32 scalar), zero point (uint8 scalar).
     */
    static final Op DYNAMIC_QUANTIZE_LINEAR = (node, in, opset) -> {
        NdArray x = Op.floatInput(node, in, 0);
        float max = 0;
        float min = 0;
        for (float v : x.f()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        // The reference guards the all-zero input (max == min) with a range of 1.
        float scale = (max == min ? 1f : max - min) / (float) (QMAX - QMIN);
        float initialZeroPoint = QMIN - min / scale;
        long zeroPoint = (long) Math.rint(Math.clamp(initialZeroPoint, QMIN, QMAX));
        long[] y = new long[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = saturate(Math.rint(x.f()[i] / scale) + zeroPoint, QMIN, QMAX);
        }
        return new NdArray[] {
            NdArray.integers(DType.UINT8, x.shape(), y),
            NdArray.floats(new int[0], new float[] {scale}),
            NdArray.integers(DType.UINT8, new int[0], new long[] {zeroPoint})};
    };

    /**
     * numpy matmul of (A - a_zero_point) by (B - b_zero_point) over int8/uint8 operands, exact in
     * int32. A zero point is a scalar (per tensor) or a vector: one per row of A ([M]) or one per
     * column of B ([N]); the N-D per-row forms are not supported here.
     */
    static final Op MATMUL_INTEGER = (node, in, opset) -> {
        NdArray a = byteInput(node, in, 0);
        NdArray b = byteInput(node, in, 1);
        MatMulShape mm = MatMulShape.of(node, a, b);
        int m = mm.m(), k = mm.k(), n = mm.n();
        long[] za = zeroPoints(node, in, 2, a, m, "rows of A");
        long[] zb = zeroPoints(node, in, 3, b, n, "columns of B");
        long[] out = new long[NdArray.size(mm.shape())];
        mm.forEachBatch((offA, offB, offC) -> {
            for (int i = 0; i < m; i++) {
                long zai = za.length == 1 ? za[0] : za[i];
                for (int j = 0; j < n; j++) {
                    long zbj = zb.length == 1 ? zb[0] : zb[j];
                    long sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (a.l()[offA + i * k + p] - zai) * (b.l()[offB + p * n + j] - zbj);
                    }
                    // Exact: |sum| <= k * 255 * 255 stays far inside int32 for any real layer.
                    out[offC + i * n + j] = (int) sum;
                }
            }
        });
        return new NdArray[] {NdArray.integers(DType.INT32, mm.shape(), out)};
    };

    /**
     * y = (float(x) - float(zero point)) * scale in float32, x of int8, uint8 or int32. The scale is
     * a scalar (per tensor) or, from opset 13, a vector along {@code axis} (default 1; per axis).
     */
    static final Op DEQUANTIZE_LINEAR = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        if (x.l() == null || x.dtype() == DType.INT64) {
            throw Op.fail(node, "input 0 should be int8, uint8 or int32 but is " + x);
        }
        if (node.intAttr("block_size", 0) != 0) {
            throw Op.fail(node, "blocked dequantization (opset 21 block_size) is not supported by the reference executor");
        }
        NdArray scale = Op.floatInput(node, in, 1);
        NdArray zero = in.length > 2 ? in[2] : null;
        if (zero != null && (zero.l() == null || zero.size() != scale.size())) {
            throw Op.fail(node, "zero point " + zero + " does not match scale " + scale);
        }
        int stride = 1;
        int count = 1;
        if (scale.size() != 1) {
            if (scale.rank() != 1 || opset < 13) {
                throw Op.fail(node, "scale " + scale + " should be a scalar" + (opset < 13 ? " before opset 13" : ""));
            }
            int axis = Op.axis(node, node.intAttr("axis", 1), x.rank());
            if (x.dim(axis) != scale.size()) {
                throw Op.fail(node, "scale " + scale + " does not fit axis " + axis + " of " + x);
            }
            stride = NdArray.strides(x.shape())[axis];
            count = scale.size();
        }
        float[] y = new float[x.size()];
        for (int i = 0; i < y.length; i++) {
            int c = (i / stride) % count;
            float zp = zero == null ? 0f : (float) zero.l()[c];
            y[i] = ((float) x.l()[i] - zp) * scale.f()[c];
        }
        return new NdArray[] {NdArray.floats(x.shape(), y)};
    };

    private static long saturate(double v, int lo, int hi) {
        return (long) Math.clamp(v, lo, hi);
    }

    private static NdArray byteInput(Node node, NdArray[] in, int i) {
        NdArray a = Op.input(node, in, i);
        if (a.dtype() != DType.INT8 && a.dtype() != DType.UINT8) {
            throw Op.fail(node, "input " + i + " should be int8 or uint8 but is " + a);
        }
        return a;
    }

    /** Zero points of input {@code i}: {0} when omitted, the scalar, or one per row/column. */
    private static long[] zeroPoints(Node node, NdArray[] in, int i, NdArray operand, int length, String what) {
        if (i >= in.length || in[i] == null) {
            return new long[] {0};
        }
        NdArray z = in[i];
        if (z.dtype() != operand.dtype()) {
            throw Op.fail(node, "zero point " + z + " should have the type of its operand " + operand);
        }
        if (z.size() == 1 && z.rank() <= 1) {
            return new long[] {z.l()[0]};
        }
        if (z.rank() == 1 && z.size() == length) {
            return z.l();
        }
        throw Op.fail(node, "zero point " + z + " should be a scalar or one value per " + what + " (" + length
                + "); other forms are not supported by the reference executor");
    }
}
