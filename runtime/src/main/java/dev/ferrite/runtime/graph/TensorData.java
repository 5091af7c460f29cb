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

    /**
     * Float32 values kept as the int8 or uint8 codes they were dequantized from: value i is
     * {@code (float(code i) - float(zeroPoint)) * scale} in float32, exactly as ONNX DequantizeLinear
     * (and {@link #toFloats()}) computes it. Why: a quantized model's embedding table is gathered a
     * row at a time, so it can stay a quarter of its float32 size (MiniLM's: 11.7 MB, not 47 MB).
     *
     * @param signed true for int8 codes, false for uint8 (raw bits in the bytes)
     */
    record Dequantized(byte[] codes, boolean signed, float scale, int zeroPoint) implements TensorData {
        public int length() {
            return codes.length;
        }

        /** The float32 value of element i. */
        public float value(int i) {
            return dequantize(codes[i], signed, scale, zeroPoint);
        }

        /** DequantizeLinear of one code: {@code (float(code) - float(zeroPoint)) * scale}. */
        public static float dequantize(byte code, boolean signed, float scale, int zeroPoint) {
            return ((float) (signed ? code : code & 0xff) - (float) zeroPoint) * scale;
        }

        /** Every value, in a new array. */
        public float[] toFloats() {
            float[] y = new float[codes.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = value(i);
            }
            return y;
        }
    }
}
