package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.io.BinaryReader;
import dev.ferrite.runtime.io.BinaryWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PackedLinears}: a packed float32 or int8 layer written to a file and read back over the
 * mapping computes exactly what the original does, in every activation and with a residual.
 */
class PackedLinearsTest {
    private static final int IN = 80;
    private static final int OUT = 130; // not a whole number of panels of either kind
    private static final int ROWS = 37;

    @TempDir
    Path dir;

    @Test
    void aFloat32LayerReadBackComputesBitForBitAsTheOriginal() throws IOException {
        Random random = new Random(3);
        Linear original = Kernels.vectorOffHeapLinear(floats(random, IN * OUT), IN, OUT, floats(random, OUT));
        assertSameResults(original, roundTrip(original), random);
    }

    @Test
    void anInt8LayerReadBackComputesBitForBitAsTheOriginal() throws IOException {
        Random random = new Random(4);
        byte[] codes = new byte[IN * OUT];
        random.nextBytes(codes);
        int[] zeros = new int[OUT];
        for (int j = 0; j < OUT; j++) zeros[j] = random.nextInt(256);
        float[] scales = new float[OUT];
        for (int j = 0; j < OUT; j++) scales[j] = 0.001f + random.nextFloat() * 0.01f;
        Linear original = Int8Linear.of(Int8Weights.pack(codes, false, IN, OUT, zeros, scales, floats(random, OUT)), Kernels.vector());
        assertSameResults(original, roundTrip(original), random);
    }

    @Test
    void onlyVectorLayersWithWeightsOffTheHeapAreWritten() {
        float[] w = new float[IN * OUT];
        assertThat(PackedLinears.writable(Kernels.vectorOffHeapLinear(w, IN, OUT, null))).isTrue();
        assertThat(PackedLinears.writable(Kernels.vectorHeapLinear(w, IN, OUT, null))).isFalse();
        assertThat(PackedLinears.writable(Kernels.scalar().linear(w, IN, OUT, null))).isFalse();
        Int8Weights int8 = Int8Weights.pack(new byte[IN * OUT], true, IN, OUT, new int[] {0}, new float[] {1}, null);
        assertThat(PackedLinears.writable(Int8Linear.of(int8, Kernels.scalar()))).isFalse();
        assertThatThrownBy(() -> PackedLinears.write(Kernels.vectorHeapLinear(w, IN, OUT, null), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PackedLinears.layout()).contains("fp32 panels of " + VectorLinear.NR).contains("int8 panels of " + Int8Weights.PANEL);
    }

    @Test
    void aLayerOfAnotherShapeThanItsBytesIsDamage() {
        MemorySegment data = Arena.ofAuto().allocate(64);
        data.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 3); // neither float32 (1) nor int8 (2)
        assertThatThrownBy(() -> PackedLinears.read(new BinaryReader(data))).isInstanceOf(BinaryReader.DamagedFileException.class)
                .hasMessageContaining("a layer kind (1 or 2), found 3");
    }

    private Linear roundTrip(Linear original) throws IOException {
        Path file = dir.resolve("layer.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); BinaryWriter out = new BinaryWriter(ch)) {
            out.writeInt(12345); // not at offset 0, so the block's alignment is the writer's doing
            PackedLinears.write(original, out);
        }
        try (FileChannel ch = FileChannel.open(file)) {
            BinaryReader in = new BinaryReader(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), Arena.ofAuto()));
            assertThat(in.readInt()).isEqualTo(12345);
            Linear read = PackedLinears.read(in);
            assertThat(in.atEnd()).isTrue();
            assertThat(read.getClass()).isEqualTo(original.getClass());
            return read;
        }
    }

    /** {@code read} computes bit for bit what {@code original} does ([IN, OUT] both), in every activation, with a residual. */
    static void assertSameResults(Linear original, Linear read, Random random) {
        assertThat(read.inFeatures()).isEqualTo(IN);
        assertThat(read.outFeatures()).isEqualTo(OUT);
        float[] x = floats(random, ROWS * IN);
        float[] residual = floats(random, ROWS * OUT);
        int[] starts = {0, 5, 6, ROWS};
        try (ComputePool pool = new ComputePool(2)) {
            for (Activation act : Activation.values()) {
                float[] expected = new float[ROWS * OUT];
                float[] actual = new float[ROWS * OUT];
                original.forward(pool, x, starts, expected, residual, act);
                read.forward(pool, x, starts, actual, residual, act);
                assertThat(actual).as(act.toString()).isEqualTo(expected);
            }
        }
    }

    static float[] floats(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }
}
