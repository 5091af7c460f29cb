package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.VectorMath.L;
import static dev.ferrite.runtime.kernels.VectorMath.S;
import static dev.ferrite.runtime.kernels.VectorLinear.NR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernels of {@link VectorLinear}: a tile of 8, 4, 3, 2 or 1 rows of A times one packed panel
 * of W ({@code [in, NR]}, NR = 3 vectors, in a memory segment). A tile keeps its
 * {@code rows x 3} sums in vector registers over the whole of k, then writes them unchanged to
 * {@code acc} ({@code [rows, NR]} from {@code ao}); bias, residual and activation are applied
 * afterwards by the caller, so the kernel stays small enough for C2 to compile it into register
 * code (with the GELU epilogue inlined in, the 8-row kernel ran about 10 times slower than the
 * 4-row one).
 *
 * <p>Every output element is the same chain of fused multiply-adds, k = 0, 1, ..., in - 1, from
 * zero, whichever kernel computes it: a row's result does not depend on how many rows the call has
 * or where in a tile the row falls (what keeps a sentence's embedding the same alone and in a batch).
 *
 * <p>Why 8 rows: each k step loads 3 W vectors and broadcasts 8 A elements (memory-operand
 * {@code vbroadcastss}) for 24 FMAs, so W is read from L2 at half the rate of the 4-row kernel;
 * 24 accumulators + 3 W vectors + broadcasts just fit AVX-512's 32 registers (C2 spills a few
 * accumulators to the stack, which costs less than the halved W traffic gains).
 * The methods are written out (not loops over arrays of vectors) so every vector is a local C2 can
 * keep in a register. A tail of 1-3 rows takes one pass of its own size (3 or 2 rows keep more FMA
 * chains in flight than one row, whose 3 chains leave the FMA units waiting on their latency).
 */
final class PanelTiles {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private PanelTiles() {
    }

    /** Rows {@code a0 / in ..} + 8 (A at {@code x[a0 + i * in + k]}) times the panel at {@code base} (bytes). */
    static void tile8(MemorySegment w, long base, float[] x, int a0, int in, float[] acc, int ao) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a0 + in + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, x[a0 + 2 * in + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, x[a0 + 3 * in + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
            a = FloatVector.broadcast(S, x[a0 + 4 * in + k]);
            c40 = b0.fma(a, c40); c41 = b1.fma(a, c41); c42 = b2.fma(a, c42);
            a = FloatVector.broadcast(S, x[a0 + 5 * in + k]);
            c50 = b0.fma(a, c50); c51 = b1.fma(a, c51); c52 = b2.fma(a, c52);
            a = FloatVector.broadcast(S, x[a0 + 6 * in + k]);
            c60 = b0.fma(a, c60); c61 = b1.fma(a, c61); c62 = b2.fma(a, c62);
            a = FloatVector.broadcast(S, x[a0 + 7 * in + k]);
            c70 = b0.fma(a, c70); c71 = b1.fma(a, c71); c72 = b2.fma(a, c72);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L); c02.intoArray(acc, ao + 2 * L);
        c10.intoArray(acc, ao + NR); c11.intoArray(acc, ao + NR + L); c12.intoArray(acc, ao + NR + 2 * L);
        c20.intoArray(acc, ao + 2 * NR); c21.intoArray(acc, ao + 2 * NR + L); c22.intoArray(acc, ao + 2 * NR + 2 * L);
        c30.intoArray(acc, ao + 3 * NR); c31.intoArray(acc, ao + 3 * NR + L); c32.intoArray(acc, ao + 3 * NR + 2 * L);
        c40.intoArray(acc, ao + 4 * NR); c41.intoArray(acc, ao + 4 * NR + L); c42.intoArray(acc, ao + 4 * NR + 2 * L);
        c50.intoArray(acc, ao + 5 * NR); c51.intoArray(acc, ao + 5 * NR + L); c52.intoArray(acc, ao + 5 * NR + 2 * L);
        c60.intoArray(acc, ao + 6 * NR); c61.intoArray(acc, ao + 6 * NR + L); c62.intoArray(acc, ao + 6 * NR + 2 * L);
        c70.intoArray(acc, ao + 7 * NR); c71.intoArray(acc, ao + 7 * NR + L); c72.intoArray(acc, ao + 7 * NR + 2 * L);
    }

    static void tile4(MemorySegment w, long base, float[] x, int a0, int in, float[] acc, int ao) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a0 + in + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, x[a0 + 2 * in + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, x[a0 + 3 * in + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L); c02.intoArray(acc, ao + 2 * L);
        c10.intoArray(acc, ao + NR); c11.intoArray(acc, ao + NR + L); c12.intoArray(acc, ao + NR + 2 * L);
        c20.intoArray(acc, ao + 2 * NR); c21.intoArray(acc, ao + 2 * NR + L); c22.intoArray(acc, ao + 2 * NR + 2 * L);
        c30.intoArray(acc, ao + 3 * NR); c31.intoArray(acc, ao + 3 * NR + L); c32.intoArray(acc, ao + 3 * NR + 2 * L);
    }

    /**
     * Three rows: 9 independent FMA chains, enough to keep both FMA units busy, where three
     * {@link #tile1} passes (3 chains each) wait on the FMA latency every k step.
     */
    static void tile3(MemorySegment w, long base, float[] x, int a0, int in, float[] acc, int ao) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a0 + in + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, x[a0 + 2 * in + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L); c02.intoArray(acc, ao + 2 * L);
        c10.intoArray(acc, ao + NR); c11.intoArray(acc, ao + NR + L); c12.intoArray(acc, ao + NR + 2 * L);
        c20.intoArray(acc, ao + 2 * NR); c21.intoArray(acc, ao + 2 * NR + L); c22.intoArray(acc, ao + 2 * NR + 2 * L);
    }

    /** Two rows: one pass over the panel where two {@link #tile1} calls make two. */
    static void tile2(MemorySegment w, long base, float[] x, int a0, int in, float[] acc, int ao) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, x[a0 + in + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L); c02.intoArray(acc, ao + 2 * L);
        c10.intoArray(acc, ao + NR); c11.intoArray(acc, ao + NR + L); c12.intoArray(acc, ao + NR + 2 * L);
    }

    static void tile1(MemorySegment w, long base, float[] x, int a0, int in, float[] acc, int ao) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        for (int k = 0; k < in; k++) {
            long o = base + (long) k * NR * Float.BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, o + L * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, w, o + 2 * L * Float.BYTES, ORDER);
            FloatVector a = FloatVector.broadcast(S, x[a0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L); c02.intoArray(acc, ao + 2 * L);
    }
}
