package dev.ferrite.runtime.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Reads back, in order, what a {@link BinaryWriter} wrote, from a segment (a mapped file). Every
 * length is checked against what is left, so a truncated or damaged file fails with a {@link
 * DamagedFileException} naming the offset, never with a huge allocation or an index error.
 * {@link #readBlock Blocks} are slices of the segment, not copies.
 */
public final class BinaryReader {
    private final MemorySegment data;
    private long position;

    public BinaryReader(MemorySegment data) {
        this.data = data;
    }

    public int readInt() {
        need(Integer.BYTES, "an int");
        int v = data.get(ValueLayout.JAVA_INT_UNALIGNED, position);
        position += Integer.BYTES;
        return v;
    }

    public long readLong() {
        need(Long.BYTES, "a long");
        long v = data.get(ValueLayout.JAVA_LONG_UNALIGNED, position);
        position += Long.BYTES;
        return v;
    }

    public float readFloat() {
        need(Float.BYTES, "a float");
        float v = data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, position);
        position += Float.BYTES;
        return v;
    }

    public boolean readBoolean() {
        int v = readInt();
        if (v != 0 && v != 1) throw damaged("a boolean (0 or 1), found " + v);
        return v == 1;
    }

    public String readString() {
        int n = length(1, "a string");
        byte[] bytes = new byte[n];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, position, bytes, 0, n);
        position += n;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An array written by {@link BinaryWriter#writeFloats}; null when null was written. */
    public float[] readFloats() {
        int n = nullableLength(Float.BYTES, "floats");
        if (n < 0) return null;
        float[] values = new float[n];
        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED, position, values, 0, n);
        position += (long) n * Float.BYTES;
        return values;
    }

    /** An array written by {@link BinaryWriter#writeInts}; null when null was written. */
    public int[] readInts() {
        int n = nullableLength(Integer.BYTES, "ints");
        if (n < 0) return null;
        int[] values = new int[n];
        MemorySegment.copy(data, ValueLayout.JAVA_INT_UNALIGNED, position, values, 0, n);
        position += (long) n * Integer.BYTES;
        return values;
    }

    /** A block written by {@link BinaryWriter#writeBlock}: a read-only slice of the file, aligned as written. */
    public MemorySegment readBlock() {
        long size = readLong();
        long pad = (BinaryWriter.BLOCK_ALIGNMENT - position % BinaryWriter.BLOCK_ALIGNMENT) % BinaryWriter.BLOCK_ALIGNMENT;
        if (size < 0 || pad + size > data.byteSize() - position) {
            throw damaged("a block of " + size + " bytes, but " + (data.byteSize() - position) + " are left");
        }
        MemorySegment block = data.asSlice(position + pad, size).asReadOnly();
        position += pad + size;
        return block;
    }

    /** Bytes read so far. */
    public long position() {
        return position;
    }

    /** Whether the whole segment has been read. */
    public boolean atEnd() {
        return position == data.byteSize();
    }

    /** A length prefix of elements of {@code width} bytes, checked against what is left. */
    private int length(int width, String what) {
        int n = nullableLength(width, what);
        if (n < 0) throw damaged(what + ": a length of " + n);
        return n;
    }

    /** As {@link #length}, or -1 for the null a writer marks with it. */
    private int nullableLength(int width, String what) {
        int n = readInt();
        if (n < -1 || (long) n * width > data.byteSize() - position) {
            throw damaged(what + ": a length of " + n + ", but " + (data.byteSize() - position) + " bytes are left");
        }
        return n;
    }

    private void need(int bytes, String what) {
        if (data.byteSize() - position < bytes) throw damaged(what + " past the end");
    }

    private DamagedFileException damaged(String what) {
        return new DamagedFileException("at byte " + position + ": expected " + what);
    }

    /** The file does not hold what its reader expects: truncated, damaged, or written by other code. */
    public static final class DamagedFileException extends RuntimeException {
        public DamagedFileException(String message) {
            super(message);
        }
    }
}
