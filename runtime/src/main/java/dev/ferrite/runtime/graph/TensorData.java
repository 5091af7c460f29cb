package dev.ferrite.runtime.graph;

/**
 * The elements of a constant tensor, row-major, in a heap array of the narrowest Java type that
 * holds the {@link DType}: {@code float} for float32, {@code int} for int32, {@code long} for int64,
 * {@code byte} for int8/uint8/bool (uint8 kept as raw bits), {@code short} for the 16-bit types (raw
 * bits, float16 and bfloat16 included), {@code double} for double. Unsigned 32/64-bit values are
 * kept as raw bits in {@code int}/{@code long}.
 *
 * <p>Heap arrays are a first step: weights move off-heap (mapped where the file allows) when the
 * kernels that read them land.
 */
public sealed interface TensorData {

    /** Number of elements. */
    int length();

    record Floats(float[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }

    record Doubles(double[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }

    record Ints(int[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }

    record Longs(long[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }

    record Shorts(short[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }

    record Bytes(byte[] values) implements TensorData {
        public int length() {
            return values.length;
        }
    }
}
