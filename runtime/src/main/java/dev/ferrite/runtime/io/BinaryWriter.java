package dev.ferrite.runtime.io;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes a file of values in the machine's byte order, for {@link BinaryReader} to read back in the
 * same order on the same kind of machine (a cache, not an exchange format). Arrays carry their length
 * (-1 for null); a {@link #writeBlock block} starts on a 64-byte boundary of the file, so that a
 * mapping of the file hands it out aligned as the kernels want their weights.
 */
public final class BinaryWriter implements Closeable {
    /** File offsets blocks are aligned to: a cache line, and a 512-bit vector. */
    public static final int BLOCK_ALIGNMENT = 64;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
    private final MemorySegment bufferSegment = MemorySegment.ofBuffer(buffer);
    private long written;

    public BinaryWriter(FileChannel channel) {
        this.channel = channel;
    }

    public void writeInt(int v) throws IOException {
        room(Integer.BYTES);
        buffer.putInt(v);
    }

    public void writeLong(long v) throws IOException {
        room(Long.BYTES);
        buffer.putLong(v);
    }

    public void writeFloat(float v) throws IOException {
        room(Float.BYTES);
        buffer.putFloat(v);
    }

    public void writeBoolean(boolean v) throws IOException {
        writeInt(v ? 1 : 0);
    }

    public void writeString(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        for (byte b : bytes) {
            room(1);
            buffer.put(b);
        }
    }

    /** The length, then the values; null is written as length -1. */
    public void writeFloats(float[] values) throws IOException {
        if (values == null) {
            writeInt(-1);
            return;
        }
        writeInt(values.length);
        for (int i = 0; i < values.length; ) {
            room(Float.BYTES);
            int n = Math.min(values.length - i, buffer.remaining() / Float.BYTES);
            MemorySegment.copy(values, i, bufferSegment, ValueLayout.JAVA_FLOAT_UNALIGNED, buffer.position(), n);
            buffer.position(buffer.position() + n * Float.BYTES);
            i += n;
        }
    }

    /** The length, then the values; null is written as length -1. */
    public void writeInts(int[] values) throws IOException {
        if (values == null) {
            writeInt(-1);
            return;
        }
        writeInt(values.length);
        for (int v : values) writeInt(v);
    }

    /** The byte size, then (from the next 64-byte boundary of the file) the bytes of {@code block}. */
    public void writeBlock(MemorySegment block) throws IOException {
        writeLong(block.byteSize());
        long at = position();
        long pad = (BLOCK_ALIGNMENT - at % BLOCK_ALIGNMENT) % BLOCK_ALIGNMENT;
        for (long i = 0; i < pad; i++) {
            room(1);
            buffer.put((byte) 0);
        }
        for (long off = 0; off < block.byteSize(); ) {
            room(1);
            int n = (int) Math.min(block.byteSize() - off, buffer.remaining());
            MemorySegment.copy(block, off, bufferSegment, buffer.position(), n);
            buffer.position(buffer.position() + n);
            off += n;
        }
    }

    /** Bytes written so far, buffered ones included. */
    public long position() {
        return written + buffer.position();
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) flush();
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }

    /** Writes out what is buffered; the channel stays open (its owner closes it). */
    @Override
    public void close() throws IOException {
        flush();
    }
}
