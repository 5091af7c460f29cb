package dev.ferrite.runtime.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * The elements of a constant tensor, row-major, in a heap array of the narrowest Java type that
 * holds the {@link DType}: {@code float} for float32, {@code int} for int32, {@code long} for int64,
 * {@code byte} for int8/uint8/bool (uint8 kept as raw bits), {@code short} for the 16-bit types (raw
 * bits, float16 and bfloat16 included), {@code double} for double. Unsigned 32/64-bit values are
 * kept as raw bits in {@code int}/{@code long}.
 *
 * <p>float32 data read from a model file, mapped or in memory, is a view of its bytes until asked
 * for its array (see {@link Floats}); the packed kernels keep their weights off the heap in their own layout.
 */
public sealed interface TensorData {

    /** Number of elements. */
    int length();

    /**
     * Float32 values: made from an array, or a view of a model file's little-endian bytes (mapped, or
     * in memory: a jar's inflated entry) that is read into an array only when {@link #values()} is
     * first called, and then let go. Why: the packed engine reads the largest tensor, the word
     * embeddings, a row at a time straight from the mapped file (see {@link #mappedBytes()}), or
     * copies it from the bytes in memory off the heap in one go ({@link #bytes()}), so it never
     * becomes a heap array; and the tensors it packs are copied once, in parallel, by the packing
     * instead of at import.
     */
    final class Floats implements TensorData {
        private static final ValueLayout.OfFloat LITTLE_ENDIAN =
                ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

        private final int length;
        /**
         * The file's bytes this view reads; null when made from an array, and once read into {@link
         * #values} (so a graph kept after its tensors were read, as the reference executor keeps one,
         * does not hold the whole model's bytes too). Written after {@link #values}, both volatile: a
         * reader that finds it null finds the values.
         */
        private volatile MemorySegment bytes;
        /** The values; read from {@link #bytes} on first use (racing readers make equal arrays). */
        private volatile float[] values;

        public Floats(float[] values) {
            this.values = Objects.requireNonNull(values, "values");
            this.length = values.length;
            this.bytes = null;
        }

        private Floats(MemorySegment bytes) {
            if (bytes.byteSize() % Float.BYTES != 0 || bytes.byteSize() / Float.BYTES > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(bytes.byteSize() + " bytes are not a float32 array");
            }
            this.length = (int) (bytes.byteSize() / Float.BYTES);
            this.bytes = bytes;
        }

        /** A view of float32 values stored little-endian in {@code bytes}, which must not change. */
        public static Floats view(MemorySegment bytes) {
            return new Floats(bytes);
        }

        public int length() {
            return length;
        }

        /**
         * The values, in an array that callers must not modify. A view reads its bytes on the first
         * call and lets them go; where they are a mapped file's, the file's pages it read are then
         * released from this process's resident memory (they stay in the OS's file cache): the array
         * holds them now.
         */
        public float[] values() {
            float[] v = values;
            if (v != null) return v;
            MemorySegment b = bytes;
            if (b == null) return values; // another reader has just read them
            v = new float[length];
            MemorySegment.copy(b, LITTLE_ENDIAN, 0, v, 0, length);
            if (b.isMapped()) b.unload();
            values = v;
            bytes = null;
            return v;
        }

        /** The little-endian bytes of a view not yet read into an array (mapped or in memory); else empty. */
        public Optional<MemorySegment> bytes() {
            return Optional.ofNullable(bytes);
        }

        /**
         * The little-endian bytes of a view of a mapped file not yet read into an array, to read in
         * place; empty otherwise (bytes in memory are a whole model's: holding a view of them would
         * keep all of it on the heap).
         */
        public Optional<MemorySegment> mappedBytes() {
            return bytes().filter(MemorySegment::isMapped);
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
