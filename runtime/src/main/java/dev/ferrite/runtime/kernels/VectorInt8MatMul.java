package dev.ferrite.runtime.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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
 * <p>Tiling: the rows of the call are converted to {@code a - aZero} floats once (a block of at most
 * 512 KiB at a time; {@link #multiplyCentered} takes them converted, so that a caller splitting the
 * columns among tasks converts each row once), each whole group of 8 rows laid out k-major. Then for each packed byte panel of B (32 columns with AVX-512) and each block
 * of {@link #BLOCK} k-rows, the panel block is widened to {@code B - bZero} floats (32 KiB, in L1)
 * and multiplied by every row: 8 rows by the panel per step (then 4, then 1), 16 float accumulators in registers, the
 * int32 sums of the panel in a small array. The weights are read from memory once per call, as
 * bytes, and widened once per call: a call on few rows is bound by that traffic, not by the FMAs.
 */
final class VectorInt8MatMul implements Int8MatMul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** One byte per float lane: the byte species of the float species' lane count. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();
    private static final int PANEL = Int8Weights.PANEL;
    private static final int ROWS = 4;
    /** Converted activations per row block: 512 KiB of floats (64 rows of k = 1536 fit in one). */
    private static final int BLOCK_FLOATS = 128 * 1024;
    /** k steps per exact float block: 256 * 255 * 255 < 2^24. */
    static final int BLOCK = 256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Per thread (the pool's workers are fixed platform threads): converted rows, panel block, int sums. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** Declared after the constants its constructor reads. */
    static final VectorInt8MatMul INSTANCE = new VectorInt8MatMul();

    private VectorInt8MatMul() {
        if (PANEL != 2 * L) {
            throw new IllegalStateException("panel width " + PANEL + " is not two vectors of " + L);
        }
    }

    private static final class Scratch {
        float[] rows = new float[0];
        final float[] panel = new float[BLOCK * PANEL];
        /** One tile's float sums, 8 rows by the panel. */
        final float[] acc = new float[8 * PANEL];
        int[] sums = new int[0];
    }

    @Override
    public void multiply(byte[] a, int[] aZero, float[] aScale, Int8Weights w, float[] y, int from, int to, int columnFrom,
            int columnTo) {
        w.checkCall(a, aZero, aScale, y, from, to, columnFrom, columnTo);
        if (from == to || columnFrom == columnTo) return;
        int k = w.k;
        int blockRows = Math.max(8, BLOCK_FLOATS / k / 8 * 8);
        Scratch s = SCRATCH.get();
        int most = Math.min(blockRows, to - from);
        if (s.rows.length < most * k) s.rows = new float[most * k];
        for (int r0 = from; r0 < to; r0 += blockRows) {
            int count = Math.min(to, r0 + blockRows) - r0;
            center(a, r0, count, k, aZero, s.rows);
            multiplyCentered(s.rows, 0, aScale, w, y, r0, count, columnFrom, columnTo, s);
        }
    }

    /**
     * As {@link #multiply}, from activations already centered: {@code centered} holds rows
     * {@code [0, m)} as {@link #centerRow} lays them out (whole groups of 8 rows from row 0 k-major,
     * the rows after the last whole group row-major), so that a caller centers each row once for all
     * its column tasks. {@code from} must be a multiple of 8 and {@code to} a multiple of 8 or m.
     */
    void multiplyCentered(float[] centered, float[] aScale, Int8Weights w, float[] y, int from, int to, int columnFrom,
            int columnTo) {
        if (from % 8 != 0 || from > to || to > aScale.length || (long) to * w.k > centered.length || columnFrom % PANEL != 0
                || columnFrom > columnTo || columnTo > w.n || (long) to * w.n > y.length) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + centered.length / Math.max(1, w.k)
                    + " centered, columns [" + columnFrom + ", " + columnTo + ") of " + w.n);
        }
        if (from == to || columnFrom == columnTo) return;
        multiplyCentered(centered, from * w.k, aScale, w, y, from, to - from, columnFrom, columnTo, SCRATCH.get());
    }

    /** Rows {@code r0 .. r0 + count} (centered from {@code rows[at]}, grouped from r0) by the columns' panels. */
    private static void multiplyCentered(float[] rows, int at, float[] aScale, Int8Weights w, float[] y, int r0, int count,
            int columnFrom, int columnTo, Scratch s) {
        int k = w.k;
        if (s.sums.length < count * PANEL) s.sums = new int[count * PANEL];
        float[] panel = s.panel;
        float[] acc = s.acc;
        int[] sums = s.sums;
        for (int p = columnFrom / PANEL, p1 = (columnTo + PANEL - 1) / PANEL; p < p1; p++) {
            Arrays.fill(sums, 0, count * PANEL, 0);
            for (int kb = 0; kb < k; kb += BLOCK) {
                int ke = Math.min(k, kb + BLOCK);
                widen(w, p, kb, ke, panel);
                int r = 0;
                for (; r + 8 <= count; r += 8) {
                    tile8(rows, at + r * k, kb, ke, panel, acc, sums, r * PANEL);
                }
                for (; r + ROWS <= count; r += ROWS) {
                    tile4(rows, at + r * k, k, kb, ke, panel, acc, sums, r * PANEL);
                }
                for (; r < count; r++) {
                    tile1(rows, at + r * k, kb, ke, panel, acc, sums, r * PANEL);
                }
            }
            int j = p * PANEL;
            for (int r = 0; r < count; r++) {
                storeOne(sums, r * PANEL, w, j, aScale[r0 + r], y, r0 + r);
                storeOne(sums, r * PANEL + L, w, j + L, aScale[r0 + r], y, r0 + r);
            }
        }
    }

    /**
     * Where row {@code r} of {@code m} rows of length k starts in the centered layout, and the stride
     * of its elements there: in a whole group of 8 at {@code r / 8 * 8 * k + r % 8}, stride 8;
     * after the last whole group at {@code r * k}, stride 1.
     */
    static int centeredStart(int r, int m, int k) {
        return r < m / 8 * 8 ? r / 8 * 8 * k + r % 8 : r * k;
    }

    static int centeredStride(int r, int m) {
        return r < m / 8 * 8 ? 8 : 1;
    }

    /**
     * The rows {@code row .. row + count} as floats {@code a - aZero}, laid out for the tiles: each
     * whole group of 8 rows from {@code g * 8 * k} k-major ({@code rows[g * 8 * k + p * 8 + i]}, so the
     * 8-row tile finds a k step's eight values side by side and addresses them from one register:
     * per step it issues about 16 fewer integer instructions, and it was near the 6-wide issue limit),
     * the rows after the last whole group row-major ({@code rows[r * k + p]}).
     */
    private static void center(byte[] a, int row, int count, int k, int[] aZero, float[] rows) {
        for (int i = 0; i < count; i++) {
            int zero = aZero[row + i];
            int from = (row + i) * k;
            int to = centeredStart(i, count, k);
            int stride = centeredStride(i, count);
            for (int p = 0; p < k; p++) {
                rows[to + p * stride] = (a[from + p] & 0xff) - zero;
            }
        }
    }

    /** panel[(p - kb) * PANEL + c] = B[p, panel column c] - bZero, as float, for p in [kb, ke). */
    private static void widen(Int8Weights w, int p, int kb, int ke, float[] panel) {
        MemorySegment seg = w.packed;
        int j = p * PANEL;
        FloatVector z0 = FloatVector.fromArray(F, w.panelZeros, j);
        FloatVector z1 = FloatVector.fromArray(F, w.panelZeros, j + L);
        long base = ((long) p * w.k + kb) * PANEL;
        for (int i = 0, rows = ke - kb; i < rows; i++) {
            long off = base + (long) i * PANEL;
            FloatVector b0 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off, ORDER).convertShape(VectorOperators.B2F, F, 0);
            FloatVector b1 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + L, ORDER).convertShape(VectorOperators.B2F, F, 0);
            b0.sub(z0).intoArray(panel, i * PANEL);
            b1.sub(z1).intoArray(panel, i * PANEL + L);
        }
    }

    /**
     * sums[at .. at + 8 * PANEL) += the exact sums over k-rows [kb, ke) of the eight rows grouped k-major
     * from {@code at} (see {@link #center}) by the widened panel: 16 independent FMA chains (4 rows give 8, just the FMA latency times the two FMA ports,
     * with no slack), and each panel vector loaded once per 8 rows.
     */
    private static void tile8(float[] rows, int at, int kb, int ke, float[] panel, float[] acc, int[] sums, int sumAt) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = kb, q = 0, x8 = at + kb * 8; p < ke; p++, q += PANEL, x8 += 8) {
            FloatVector b0 = FloatVector.fromArray(F, panel, q);
            FloatVector b1 = FloatVector.fromArray(F, panel, q + L);
            FloatVector x = FloatVector.broadcast(F, rows[x8]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, rows[x8 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, rows[x8 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, rows[x8 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, rows[x8 + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, rows[x8 + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, rows[x8 + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, rows[x8 + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, PANEL);
        c11.intoArray(acc, PANEL + L);
        c20.intoArray(acc, 2 * PANEL);
        c21.intoArray(acc, 2 * PANEL + L);
        c30.intoArray(acc, 3 * PANEL);
        c31.intoArray(acc, 3 * PANEL + L);
        c40.intoArray(acc, 4 * PANEL);
        c41.intoArray(acc, 4 * PANEL + L);
        c50.intoArray(acc, 5 * PANEL);
        c51.intoArray(acc, 5 * PANEL + L);
        c60.intoArray(acc, 6 * PANEL);
        c61.intoArray(acc, 6 * PANEL + L);
        c70.intoArray(acc, 7 * PANEL);
        c71.intoArray(acc, 7 * PANEL + L);
        addExact(acc, sums, sumAt, 8 * PANEL);
    }

    /** sums[at .. at + 4 * PANEL) += the exact sums over k-rows [kb, ke) of four rows by the widened panel. */
    private static void tile4(float[] rows, int at, int k, int kb, int ke, float[] panel, float[] acc, int[] sums, int sumAt) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        for (int p = kb, q = 0; p < ke; p++, q += PANEL) {
            FloatVector b0 = FloatVector.fromArray(F, panel, q);
            FloatVector b1 = FloatVector.fromArray(F, panel, q + L);
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
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, PANEL);
        c11.intoArray(acc, PANEL + L);
        c20.intoArray(acc, 2 * PANEL);
        c21.intoArray(acc, 2 * PANEL + L);
        c30.intoArray(acc, 3 * PANEL);
        c31.intoArray(acc, 3 * PANEL + L);
        addExact(acc, sums, sumAt, ROWS * PANEL);
    }


    private static void tile1(float[] rows, int at, int kb, int ke, float[] panel, float[] acc, int[] sums, int sumAt) {
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F);
        for (int p = kb, q = 0; p < ke; p++, q += PANEL) {
            FloatVector x = FloatVector.broadcast(F, rows[at + p]);
            c0 = x.fma(FloatVector.fromArray(F, panel, q), c0);
            c1 = x.fma(FloatVector.fromArray(F, panel, q + L), c1);
        }
        c0.intoArray(acc, 0);
        c1.intoArray(acc, L);
        addExact(acc, sums, sumAt, PANEL);
    }


    /**
     * sums[at .. at + count) += the exact integers in acc[0 .. count). A tile writes its float sums to
     * {@code acc} rather than handing vectors to a method: C2 does not inline a callee into a tile this
     * big, and a vector passed to a method it did not inline is boxed on the heap, 16 allocations per
     * 8-row tile (JFR showed the tile's time; its machine code showed the allocations).
     */
    private static void addExact(float[] acc, int[] sums, int at, int count) {
        for (int i = 0; i < count; i += L) {
            IntVector exact = (IntVector) FloatVector.fromArray(F, acc, i).convertShape(VectorOperators.F2I, I, 0);
            IntVector.fromArray(I, sums, at + i).add(exact).intoArray(sums, at + i);
        }
    }

    /** y[row, j .. j + L) = float(sums[sumAt .. sumAt + L)) * (aScale * bScale) [+ bias], columns past n left alone. */
    private static void storeOne(int[] sums, int sumAt, Int8Weights w, int j, float aScale, float[] y, int row) {
        if (j >= w.n) {
            return;
        }
        IntVector acc = IntVector.fromArray(I, sums, sumAt);
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
