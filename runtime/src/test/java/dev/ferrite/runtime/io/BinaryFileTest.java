package dev.ferrite.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BinaryWriter} and {@link BinaryReader}: values read back as written, blocks aligned, damage named. */
class BinaryFileTest {
    @TempDir
    Path dir;

    @Test
    void everyValueReadsBackAsWrittenAndBlocksStartOn64ByteBoundaries() throws IOException {
        MemorySegment block = Arena.ofAuto().allocate(100_000);
        for (int i = 0; i < 100_000; i++) block.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
        float[] many = new float[50_000]; // more than the writer's buffer holds
        for (int i = 0; i < many.length; i++) many[i] = i * 0.25f - 7;
        Path file = write(out -> {
            out.writeString("héllo ✓");
            out.writeInt(-5);
            out.writeLong(1L << 40);
            out.writeFloat(Float.MIN_VALUE);
            out.writeBoolean(true);
            out.writeFloats(null);
            out.writeFloats(many);
            out.writeInts(new int[] {1, -2, 3});
            out.writeInts(null);
            out.writeBlock(block);
            out.writeInt(42);
        });
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file)) {
            MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            BinaryReader in = new BinaryReader(data);
            assertThat(in.readString()).isEqualTo("héllo ✓");
            assertThat(in.readInt()).isEqualTo(-5);
            assertThat(in.readLong()).isEqualTo(1L << 40);
            assertThat(in.readFloat()).isEqualTo(Float.MIN_VALUE);
            assertThat(in.readBoolean()).isTrue();
            assertThat(in.readFloats()).isNull();
            assertThat(in.readFloats()).isEqualTo(many);
            assertThat(in.readInts()).containsExactly(1, -2, 3);
            assertThat(in.readInts()).isNull();
            MemorySegment read = in.readBlock();
            assertThat(read.address() % BinaryWriter.BLOCK_ALIGNMENT).isZero(); // the mapping is page-aligned
            assertThat(read.mismatch(block)).isEqualTo(-1);
            assertThat(read.isReadOnly()).isTrue();
            assertThat(in.readInt()).isEqualTo(42);
            assertThat(in.atEnd()).isTrue();
        }
    }

    @Test
    void everyTruncationOfAFileIsNamedAsDamageNeverAnotherError() throws IOException {
        Path file = write(out -> {
            out.writeString("abc");
            out.writeFloats(new float[] {1, 2, 3});
            out.writeBlock(MemorySegment.ofArray(new byte[200]));
            out.writeInt(7);
        });
        byte[] whole = Files.readAllBytes(file);
        for (int length = 0; length < whole.length; length++) {
            BinaryReader in = new BinaryReader(MemorySegment.ofArray(java.util.Arrays.copyOf(whole, length)));
            assertThatThrownBy(() -> {
                in.readString();
                in.readFloats();
                in.readBlock();
                in.readInt();
            }).as("cut at %d of %d bytes", length, whole.length).isInstanceOf(BinaryReader.DamagedFileException.class)
                    .hasMessageContaining("at byte").hasMessageContaining("expected");
        }
    }

    @Test
    void aHugeOrNegativeLengthIsDamageNotAnAllocation() {
        MemorySegment data = MemorySegment.ofArray(new byte[16]);
        data.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Integer.MAX_VALUE);
        assertThatThrownBy(() -> new BinaryReader(data).readFloats()).isInstanceOf(BinaryReader.DamagedFileException.class)
                .hasMessage("at byte 4: expected floats: a length of 2147483647, but 12 bytes are left");
        data.set(ValueLayout.JAVA_INT_UNALIGNED, 0, -7);
        assertThatThrownBy(() -> new BinaryReader(data).readInts()).isInstanceOf(BinaryReader.DamagedFileException.class);
        data.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 2);
        assertThatThrownBy(() -> new BinaryReader(data).readBoolean()).isInstanceOf(BinaryReader.DamagedFileException.class)
                .hasMessage("at byte 4: expected a boolean (0 or 1), found 2");
        data.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, -1L);
        assertThatThrownBy(() -> new BinaryReader(data).readBlock()).isInstanceOf(BinaryReader.DamagedFileException.class);
    }

    interface Body {
        void write(BinaryWriter out) throws IOException;
    }

    private Path write(Body body) throws IOException {
        Path file = dir.resolve("f.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); BinaryWriter out = new BinaryWriter(ch)) {
            body.write(out);
        }
        return file;
    }
}
