package dev.ferrite.runtime.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * A constant tensor: an initializer (a weight) or the value of a tensor attribute. {@code shape} is
 * fully known; its product equals {@code data.length()}, and the data's Java type matches the dtype
 * as {@link TensorData} describes.
 */
public record Tensor(String name, DType dtype, long[] shape, TensorData data) {
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != data.length()) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " (" + count + " elements) but " + data.length() + " values");
        }
        if (!holds(dtype, data)) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + dtype.label()
                    + " cannot hold " + data.getClass().getSimpleName());
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Product of the dimensions; 1 for a scalar. Throws on overflow or a negative dimension. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    /** The {@link TensorData} variant that holds each dtype (see its Javadoc). */
    public static boolean holds(DType dtype, TensorData data) {
        return switch (dtype) {
            case FLOAT32 -> data instanceof TensorData.Floats || data instanceof TensorData.Dequantized;
            case DOUBLE -> data instanceof TensorData.Doubles;
            case INT32, UINT32 -> data instanceof TensorData.Ints;
            case INT64, UINT64 -> data instanceof TensorData.Longs;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> data instanceof TensorData.Shorts;
            case INT8, UINT8, BOOL -> data instanceof TensorData.Bytes;
        };
    }

    @Override
    public String toString() {
        return name + ": " + dtype.label() + Arrays.toString(shape);
    }
}
