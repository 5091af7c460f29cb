package dev.ferrite.runtime.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Int8MatMul} on the Vector API, exact integer arithmetic carried in float32 FMAs.
 *
 * <p>Why floats: the Vector API has no int8 dot-product instruction (VPDPBUSD, VPMADDUBSW), and an
 * int32 multiply (VPMULLD) issues at half the rate of a float FMA. Every operand {@code a - aZero}
 * and {@code B - bZero} is an integer in [-255, 255], so each product is an integer of magnitude at
 * most 65025, and a float32 sum of at most {@link #BLOCK} = 256 of them stays below 2^24 = 16777216,
 * where every integer is exact: the float accumulation over a block of k is the exact integer sum.
 * After each block the floats are converted to int32 and added to int32 accumulators, so the
 * result is exactly the int32 sum the scalar reference computes, for any k.
 *
 * <p>Tiling: blocks of rows converted to {@code a - aZero} floats (256 KiB), each multiplied by every
 * packed panel of B in turn; within that, 4 rows by one panel (2 vectors: 32 columns with AVX-512),
 * 8 float accumulators and 8 int accumulators in registers. Left-over rows go one at a time.
 */
final class VectorInt8MatMul implements Int8MatMul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int ROWS = 4;
    /** Converted activations per row block: 256 KiB of floats. */
    private static final int BLOCK_FLOATS = 64 * 1024;
    /** k steps per exact float block: 256 * 255 * 255 < 2^24. */
    static final int BLOCK = 256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Declared after the constants its constructor reads. */
    static final VectorInt8MatMul INSTANCE = new VectorInt8MatMul();

    private VectorInt8MatMul() {
        if (Int8Weights.PANEL != 2 * L) {
            throw new IllegalStateException("panel width " + Int8Weights.PANEL + " is not two vectors of " + L);
        }
    }

    @Override
    public void multiply(byte[] a, int aZero, float aScale, Int8Weights w, float[] y, int from, int to) {
        w.checkCall(a, aZero, y, from, to);
        int k = w.k;
        // A block of rows, converted once, is multiplied by every panel in turn: the panel (k * 128
        // bytes) and the block (at most BLOCK_FLOATS floats) stay in L2 instead of streaming all of
        // B once per 4 rows.
        int blockRows = Math.max(ROWS, BLOCK_FLOATS / k / ROWS * ROWS);
        float[] rows = new float[Math.min(blockRows, Math.max(to - from, 1)) * k];
        for (int r0 = from; r0 < to; r0 += blockRows) {
            int r1 = Math.min(to, r0 + blockRows);
            center(a, r0, r1 - r0, k, aZero, rows);
            for (int p = 0; p * Int8Weights.PANEL < w.n; p++) {
                int r = r0;
                for (; r + ROWS <= r1; r += ROWS) {
                    tile4(rows, (r - r0) * k, w, p, aScale, y, r);
                }
                for (; r < r1; r++) {
                    tile1(rows, (r - r0) * k, w, p, aScale, y, r);
                }
            }
        }
    }

    /** rows[i * k + p] = a[row + i, p] - aZero, as float. */
    private static void center(byte[] a, int row, int count, int k, int aZero, float[] rows) {
        int base = row * k;
        for (int i = 0; i < count * k; i++) {
            rows[i] = (a[base + i] & 0xff) - aZero;
        }
    }

    private static void tile4(float[] rows, int at, Int8Weights w, int panel, float aScale, float[] y, int row) {
        int k = w.k;
        MemorySegment seg = w.packed;
        long base = (long) panel * k * Int8Weights.PANEL * Float.BYTES;
        IntVector s00 = IntVector.zero(I), s01 = IntVector.zero(I), s10 = IntVector.zero(I), s11 = IntVector.zero(I);
        IntVector s20 = IntVector.zero(I), s21 = IntVector.zero(I), s30 = IntVector.zero(I), s31 = IntVector.zero(I);
        for (int kb = 0; kb < k; kb += BLOCK) {
            int ke = Math.min(k, kb + BLOCK);
            FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
            FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
            for (int p = kb; p < ke; p++) {
                long off = base + (long) p * Int8Weights.PANEL * Float.BYTES;
                FloatVector b0 = FloatVector.fromMemorySegment(F, seg, off, ORDER);
                FloatVector b1 = FloatVector.fromMemorySegment(F, seg, off + (long) L * Float.BYTES, ORDER);
                FloatVector x = FloatVector.broadcast(F, rows[at + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(F, rows[at + k + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(F, rows[at + 2 * k + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(F, rows[at + 3 * k + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            s00 = s00.add(toInt(c00));
            s01 = s01.add(toInt(c01));
            s10 = s10.add(toInt(c10));
            s11 = s11.add(toInt(c11));
            s20 = s20.add(toInt(c20));
            s21 = s21.add(toInt(c21));
            s30 = s30.add(toInt(c30));
            s31 = s31.add(toInt(c31));
        }
        int j = panel * Int8Weights.PANEL;
        store(s00, s01, w, j, aScale, y, row);
        store(s10, s11, w, j, aScale, y, row + 1);
        store(s20, s21, w, j, aScale, y, row + 2);
        store(s30, s31, w, j, aScale, y, row + 3);
    }

    private static void tile1(float[] rows, int at, Int8Weights w, int panel, float aScale, float[] y, int row) {
        int k = w.k;
        MemorySegment seg = w.packed;
        long base = (long) panel * k * Int8Weights.PANEL * Float.BYTES;
        IntVector s0 = IntVector.zero(I), s1 = IntVector.zero(I);
        for (int kb = 0; kb < k; kb += BLOCK) {
            int ke = Math.min(k, kb + BLOCK);
            FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F);
            for (int p = kb; p < ke; p++) {
                long off = base + (long) p * Int8Weights.PANEL * Float.BYTES;
                FloatVector x = FloatVector.broadcast(F, rows[at + p]);
                c0 = x.fma(FloatVector.fromMemorySegment(F, seg, off, ORDER), c0);
                c1 = x.fma(FloatVector.fromMemorySegment(F, seg, off + (long) L * Float.BYTES, ORDER), c1);
            }
            s0 = s0.add(toInt(c0));
            s1 = s1.add(toInt(c1));
        }
        store(s0, s1, w, panel * Int8Weights.PANEL, aScale, y, row);
    }

    private static IntVector toInt(FloatVector v) {
        return (IntVector) v.convertShape(VectorOperators.F2I, I, 0);
    }

    /** y[row, j .. j + 2L) = float(acc) * (aScale * bScale) [+ bias], columns past n left alone. */
    private static void store(IntVector lo, IntVector hi, Int8Weights w, int j, float aScale, float[] y, int row) {
        storeOne(lo, w, j, aScale, y, row);
        storeOne(hi, w, j + L, aScale, y, row);
    }

    private static void storeOne(IntVector acc, Int8Weights w, int j, float aScale, float[] y, int row) {
        if (j >= w.n) {
            return;
        }
        FloatVector scale = FloatVector.fromArray(F, w.scales, j).mul(aScale);
        FloatVector v = ((FloatVector) acc.convertShape(VectorOperators.I2F, F, 0)).mul(scale);
        if (w.bias != null) {
            v = v.add(FloatVector.fromArray(F, w.bias, j));
        }
        int at = row * w.n + j;
        if (j + L <= w.n) {
            v.intoArray(y, at);
        } else {
            VectorMask<Float> m = F.indexInRange(j, w.n);
            v.intoArray(y, at, m);
        }
    }
}
