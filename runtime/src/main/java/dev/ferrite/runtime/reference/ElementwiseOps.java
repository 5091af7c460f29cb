package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import java.util.function.DoubleUnaryOperator;

/** Element-wise operators: numpy-broadcast arithmetic, unary math, Cast. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    interface FloatFn {
        float apply(float a, float b);
    }

    interface LongFn {
        long apply(long a, long b);
    }

    static final Op ADD = binary((a, b) -> a + b, Long::sum);
    static final Op SUB = binary((a, b) -> a - b, (a, b) -> a - b);
    static final Op MUL = binary((a, b) -> a * b, (a, b) -> a * b);
    // ONNX integer Div truncates toward zero, as Java's does.
    static final Op DIV = binary((a, b) -> a / b, (a, b) -> a / b);
    static final Op POW = binary((a, b) -> (float) Math.pow(a, b), (a, b) -> (long) Math.pow(a, b));
    static final Op SQRT = unary(Math::sqrt);
    static final Op ERF = unary(ElementwiseOps::erf);

    static final Op CAST = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        long to = node.intAttr("to", 0);
        int n = x.size();
        if (to == TensorProto.DataType.FLOAT_VALUE) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) x.get(i);
            }
            return new NdArray[] {NdArray.floats(x.shape(), out)};
        }
        if (to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = to == TensorProto.DataType.INT32_VALUE ? (int) x.getLong(i) : x.getLong(i);
            }
            return new NdArray[] {NdArray.integers(to == TensorProto.DataType.INT32_VALUE ? DType.INT32 : DType.INT64,
                    x.shape(), out)};
        }
        throw Op.fail(node, "cast to element type " + to + " is not supported by the reference executor");
    };

    private static Op unary(DoubleUnaryOperator fn) {
        return (node, in, opset) -> {
            NdArray x = Op.floatInput(node, in, 0);
            float[] out = new float[x.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) fn.applyAsDouble(x.f()[i]);
            }
            return new NdArray[] {NdArray.floats(x.shape(), out)};
        };
    }

    private static Op binary(FloatFn floats, LongFn longs) {
        return (node, in, opset) -> {
            NdArray a = Op.input(node, in, 0);
            NdArray b = Op.input(node, in, 1);
            if (a.dtype() != b.dtype()) {
                throw Op.fail(node, "inputs differ in type: " + a + " and " + b);
            }
            int[] shape = broadcast(node, a.shape(), b.shape());
            int[] sa = broadcastStrides(a.shape(), shape);
            int[] sb = broadcastStrides(b.shape(), shape);
            int n = NdArray.size(shape);
            int rank = shape.length;
            int[] idx = new int[rank];
            int ia = 0;
            int ib = 0;
            float[] of = a.dtype() == DType.FLOAT32 ? new float[n] : null;
            long[] ol = of == null ? new long[n] : null;
            for (int i = 0; i < n; i++) {
                if (of != null) {
                    of[i] = floats.apply(a.f()[ia], b.f()[ib]);
                } else {
                    ol[i] = longs.apply(a.l()[ia], b.l()[ib]);
                }
                // Odometer step over the output index, moving both input offsets along.
                for (int d = rank - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        ia += sa[d];
                        ib += sb[d];
                        break;
                    }
                    idx[d] = 0;
                    ia -= sa[d] * (shape[d] - 1);
                    ib -= sb[d] * (shape[d] - 1);
                }
            }
            return new NdArray[] {of != null ? NdArray.floats(shape, of) : NdArray.integers(a.dtype(), shape, ol)};
        };
    }

    /** The numpy broadcast of two shapes (aligned at the right; a dimension of 1 stretches). */
    static int[] broadcast(Node node, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw Op.fail(node, "cannot broadcast " + Op.shapeText(a) + " with " + Op.shapeText(b));
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code shape} seen through {@code target}: 0 along stretched or missing axes. */
    static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = NdArray.strides(shape);
        int[] s = new int[target.length];
        int offset = target.length - shape.length;
        for (int i = offset; i < target.length; i++) {
            s[i] = shape[i - offset] == 1 ? 0 : own[i - offset];
        }
        return s;
    }

    /**
     * The error function in double precision: its Maclaurin series below 2.5 (terms stay under
     * 10^2, so no cancellation to speak of) and the continued fraction of erfc above, evaluated
     * from the tail. Both are accurate far beyond the float32 the graph computes in.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        if (ax > 6) {
            return Math.signum(x);
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double f = ax;
        for (int k = 60; k >= 1; k--) {
            f = ax + (k / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }
}
