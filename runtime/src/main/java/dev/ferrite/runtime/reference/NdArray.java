package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import java.util.Arrays;

/**
 * A dense row-major array as the reference executor passes it between nodes: float32 elements in
 * {@code f}, or integer elements in {@code l} whatever their width (int64 ids, masks and shapes;
 * int32, int8 and uint8 of the quantized operators, uint8 as its value 0..255). Exactly one of the
 * two arrays is non-null; {@code dtype} says what the integers stand for. Plain heap arrays: this is the slow, obvious oracle
 * the fast kernels are checked against, not the production tensor type.
 */
public record NdArray(DType dtype, int[] shape, float[] f, long[] l) {

    public NdArray {
        shape = shape.clone();
        int n = size(shape);
        if (dtype == DType.FLOAT32 ? f == null || l != null || f.length != n
                : !isInteger(dtype) || l == null || f != null || l.length != n) {
            throw new IllegalArgumentException(dtype + Arrays.toString(shape) + " does not match its data");
        }
    }

    public static NdArray floats(int[] shape, float[] data) {
        return new NdArray(DType.FLOAT32, shape, data, null);
    }

    public static NdArray longs(int[] shape, long[] data) {
        return new NdArray(DType.INT64, shape, null, data);
    }

    /** Integers of {@code dtype} (int64, int32, int8 or uint8), held as longs. */
    public static NdArray integers(DType dtype, int[] shape, long[] data) {
        return new NdArray(dtype, shape, null, data);
    }

    /** The integer element types the reference executor holds in {@code l}. */
    static boolean isInteger(DType dtype) {
        return dtype == DType.INT64 || dtype == DType.INT32 || dtype == DType.INT8 || dtype == DType.UINT8;
    }

    /** The reference array of a constant: float32, int64, int32, int8 or uint8. */
    static NdArray of(Tensor t, String where) {
        int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
        return switch (t.data()) {
            case TensorData.Floats d when t.dtype() == DType.FLOAT32 -> floats(shape, d.values());
            case TensorData.Dequantized d when t.dtype() == DType.FLOAT32 -> floats(shape, d.toFloats());
            case TensorData.Longs d when t.dtype() == DType.INT64 -> longs(shape, d.values());
            case TensorData.Ints d when t.dtype() == DType.INT32 ->
                    integers(DType.INT32, shape, Arrays.stream(d.values()).asLongStream().toArray());
            case TensorData.Bytes d when t.dtype() == DType.INT8 || t.dtype() == DType.UINT8 -> {
                long[] v = new long[d.values().length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.dtype() == DType.UINT8 ? d.values()[i] & 0xFF : d.values()[i];
                }
                yield integers(t.dtype(), shape, v);
            }
            default -> throw new dev.ferrite.runtime.ModelException(where + ": constant '" + t.name() + "' of "
                    + t.dtype().label() + " is not supported by the reference executor");
        };
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return f != null ? f.length : l.length;
    }

    /** Element {@code i} widened to double, whatever the dtype. */
    double get(int i) {
        return f != null ? f[i] : l[i];
    }

    /** Element {@code i} as a long (floats truncated toward zero). */
    long getLong(int i) {
        return l != null ? l[i] : (long) f[i];
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Row-major strides of {@code shape}, in elements. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return dtype.label() + Arrays.toString(shape);
    }
}
