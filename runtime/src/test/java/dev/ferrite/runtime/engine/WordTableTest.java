package dev.ferrite.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTableTest {
    private static final byte[] CODES = {-128, -1, 0, 1, 2, 127, 5, -7, 100};

    @Test
    void aQuantizedTableReadsTheRowsDequantizingTheWholeTableGives() {
        for (boolean signed : new boolean[] {true, false}) {
            TensorData.Dequantized codes = new TensorData.Dequantized(CODES, signed, 0.37f, signed ? -3 : 130);
            WordTable table = new WordTable(new Tensor("w", DType.FLOAT32, new long[] {3, 3}, codes));
            float[] all = codes.toFloats();
            assertThat(table.rows()).isEqualTo(3);
            for (int id = 0; id < 3; id++) {
                float[] h = new float[5];
                table.read(id, h, 1);
                assertThat(Arrays.copyOfRange(h, 1, 4)).containsExactly(Arrays.copyOfRange(all, 3 * id, 3 * id + 3));
                assertThat(h[0]).isZero();
                assertThat(h[4]).isZero();
            }
        }
    }

    @Test
    void aFloatTableReadsItsRows() {
        float[] values = {1, 2, 3, 4, 5, 6};
        WordTable table = new WordTable(new Tensor("w", DType.FLOAT32, new long[] {2, 3}, new TensorData.Floats(values)));
        float[] h = new float[3];
        table.read(1, h, 0);
        assertThat(h).containsExactly(4, 5, 6);
    }

    @Test
    void aTableInAMappedFileIsReadInPlace(@TempDir Path dir) throws IOException {
        ByteBuffer le = ByteBuffer.allocate(6 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, -2, 3.5f, 4, 5, -6.25f}) le.putFloat(v);
        Path file = dir.resolve("table.bin");
        Files.write(file, le.array());
        try (FileChannel channel = FileChannel.open(file)) {
            MemorySegment mapped = MemorySegment.ofBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            TensorData.Floats view = TensorData.Floats.view(mapped);
            WordTable table = new WordTable(new Tensor("w", DType.FLOAT32, new long[] {2, 3}, view));
            float[] h = new float[4];
            table.read(1, h, 1);
            assertThat(h).containsExactly(0, 4, 5, -6.25f);
            table.read(0, h, 0);
            assertThat(h).containsExactly(1, -2, 3.5f, -6.25f);
        }
    }

    @Test
    void dequantizingFollowsOnnxDequantizeLinear() {
        // (float(code) - float(zero)) * scale, uint8 codes read as unsigned bits.
        assertThat(TensorData.Dequantized.dequantize((byte) 255, false, 0.5f, 2)).isEqualTo(126.5f);
        assertThat(TensorData.Dequantized.dequantize((byte) -128, true, 0.25f, -3)).isEqualTo(-31.25f);
    }

    @Test
    void aTableOfAnotherTypeIsRefused() {
        Tensor ints = new Tensor("w", DType.INT32, new long[] {1, 2}, new TensorData.Ints(new int[] {1, 2}));
        assertThatThrownBy(() -> new WordTable(ints)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'");
    }
}
