package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.PackedLinearsTest.assertSameResults;
import static dev.ferrite.runtime.kernels.PackedLinearsTest.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightMemory}: layers packed into slices of one block compute bit for bit as layers with
 * memory of their own; slices are 64-byte aligned, apart, and no more than the block holds.
 */
class WeightMemoryTest {
    private static final int IN = 80;
    private static final int OUT = 130; // not a whole number of panels of either kind

    @Test
    void layersPackedIntoOneBlockComputeBitForBitAsLayersOfTheirOwn() {
        Random random = new Random(5);
        float[] w = floats(random, IN * OUT);
        float[] bias = floats(random, OUT);
        byte[] codes = new byte[IN * OUT];
        random.nextBytes(codes);
        float[] scales = {0.004f};
        WeightMemory memory = WeightMemory.of(WeightMemory.fp32Bytes(IN, OUT) + WeightMemory.int8Bytes(IN, OUT));

        Linear fp32 = Kernels.vectorLinear(w, IN, OUT, bias, memory);
        Linear int8 = Int8Linear.of(Int8Weights.pack(codes, false, IN, OUT, new int[] {128}, scales, bias, memory), Kernels.vector());

        assertSameResults(Kernels.vectorOffHeapLinear(w, IN, OUT, bias), fp32, random);
        assertSameResults(Int8Linear.of(Int8Weights.pack(codes, false, IN, OUT, new int[] {128}, scales, bias), Kernels.vector()), int8, random);
        assertThat(PackedLinears.writable(fp32)).isTrue();
        assertThat(PackedLinears.writable(int8)).isTrue();
        assertThatThrownBy(() -> memory.take(1)).isInstanceOf(IndexOutOfBoundsException.class); // sized for the two
    }

    @Test
    void slicesAreAlignedAndApart() {
        WeightMemory memory = WeightMemory.of(3 * 64);
        MemorySegment a = memory.take(1);
        MemorySegment b = memory.take(100);
        assertThat(a.byteSize()).isEqualTo(1);
        assertThat(b.byteSize()).isEqualTo(100);
        assertThat(a.address() % 64).isZero();
        assertThat(b.address()).isEqualTo(a.address() + 64);
        assertThatThrownBy(() -> memory.take(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
