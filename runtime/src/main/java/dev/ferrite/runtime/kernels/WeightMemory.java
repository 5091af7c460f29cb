package dev.ferrite.runtime.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Off-heap memory for the packed weights of one model's layers, allocated as one block and handed
 * out in 64-byte aligned slices as the layers are packed; freed when no layer uses any of it (an
 * automatic arena).
 *
 * <p>Why one block: each layer allocating its own (0.6-2.4 MB each for MiniLM) is served by
 * malloc from its heaps once the C library has raised its threshold for mapping a block on its own
 * (up to 32 MB, as the JVM frees large blocks), and those heaps keep the memory after it is freed:
 * a first load that switches to the written encoder's mapping ({@code PackedEncoder.useWeightsOf})
 * then still held 40 MB of resident memory it no longer used (MiniLM fp32; int8 30 MB). One block
 * past that threshold is mapped on its own and unmapped when freed.
 */
public final class WeightMemory {
    private static final long ALIGNMENT = 64;

    private final MemorySegment block;
    private long used;

    private WeightMemory(long bytes) {
        this.block = Arena.ofAuto().allocate(Math.max(bytes, 1), ALIGNMENT);
    }

    /** A block for layers whose {@link #fp32Bytes} and {@link #int8Bytes} add up to {@code bytes}. */
    public static WeightMemory of(long bytes) {
        return new WeightMemory(bytes);
    }

    /** What a float32 layer {@code [in, out]} takes of a block: its packed panels, aligned. */
    public static long fp32Bytes(int in, int out) {
        return aligned(VectorLinear.packedBytes(in, out));
    }

    /** What an int8 layer {@code [k, n]} takes of a block: its packed panels, aligned. */
    public static long int8Bytes(int k, int n) {
        return aligned(Int8Weights.packedBytes(k, n));
    }

    /**
     * The next {@code bytes} of the block, 64-byte aligned (zeroed, as allocated).
     *
     * @throws IndexOutOfBoundsException when the block has not that much left (sized for other layers)
     */
    synchronized MemorySegment take(long bytes) {
        MemorySegment slice = block.asSlice(used, bytes);
        used += aligned(bytes);
        return slice;
    }

    private static long aligned(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
