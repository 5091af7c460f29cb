package dev.ferrite.runtime.kernels;

import static dev.ferrite.runtime.kernels.VectorMath.L;
import static dev.ferrite.runtime.kernels.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Self-attention of packed sequences on the Vector API ({@link Kernels#attention}): one task per
 * (sequence, head), rows of the head taken 4 at a time.
 *
 * <p>K of the head is first transposed into worker scratch ({@code kt [headDim, np]}, np = n rounded
 * up to whole vectors), and V copied into scratch row after row ({@code vs [n, headDim]}): in qkv
 * consecutive keys' values lie 3 x hidden floats apart, a stride that maps them to a few L1 cache
 * sets, so reading them there missed L1 on most loads (the copy made attention at 128 tokens 16%
 * faster). With K transposed the scores of 4 query rows against 4 vectors of keys are 16 independent
 * FMA chains over headDim (a row against one vector at a time was one chain, bound by the FMA
 * latency, not its throughput). Each row's scores are soft-maxed in place, then 4 rows x 2 vectors
 * of the output are 8 independent chains over the n keys.
 *
 * <p>Every score is the chain {@code fma(k[c], q[c], acc)} over c = 0..headDim-1 from zero, times
 * the scale; every output element is {@code fma(v[j], p[j], acc)} over j = 0..n-1 from zero: the
 * same arithmetic in the same order as one row at a time, so a row's result does not depend on the
 * rows computed beside it. A tail of fewer than 4 rows repeats its last row in the missing places
 * (the same values are computed and written twice), which keeps one kernel for all rows.
 */
final class VectorAttention {
    private static final int ROWS = 4;

    private VectorAttention() {
    }

    static void run(ComputePool pool, float[] qkv, int[] starts, int heads, int headDim, float scale, float[] out) {
        int seqs = starts.length - 1;
        int hidden = heads * headDim;
        int stride = 3 * hidden;
        pool.parallelFor(seqs * heads, (task, worker) -> {
            int s = task / heads;
            int h = task % heads;
            int first = starts[s];
            int n = starts[s + 1] - first;
            if (n == 0) {
                return;
            }
            int np = (n + L - 1) / L * L;
            // Columns n..np-1 of kt and p are never written here: their scores are computed from
            // whatever the scratch held and never read (softmax and the output stop at n).
            float[] kt = pool.scratch(worker, 0, headDim * np);
            float[] p = pool.scratch(worker, 1, ROWS * np);
            float[] vs = pool.scratch(worker, 2, n * headDim);
            int q = h * headDim;
            int k = hidden + q;
            int v = 2 * hidden + q;
            for (int j = 0; j < n; j++) {
                int row = (first + j) * stride;
                for (int c = 0; c < headDim; c++) {
                    kt[c * np + j] = qkv[row + k + c];
                }
                System.arraycopy(qkv, row + v, vs, j * headDim, headDim);
            }
            for (int i = 0; i < n; i += ROWS) {
                int i1 = first + Math.min(i + 1, n - 1);
                int i2 = first + Math.min(i + 2, n - 1);
                int i3 = first + Math.min(i + 3, n - 1);
                int q0 = (first + i) * stride + q;
                int q1 = i1 * stride + q;
                int q2 = i2 * stride + q;
                int q3 = i3 * stride + q;
                int j = 0;
                for (; j + 4 * L <= np; j += 4 * L) {
                    scores4(qkv, q0, q1, q2, q3, kt, np, j, headDim, scale, p);
                }
                for (; j < np; j += L) {
                    scores1(qkv, q0, q1, q2, q3, kt, np, j, headDim, scale, p);
                }
                for (int r = 0; r < ROWS; r++) {
                    VectorKernels.INSTANCE.softmax(p, r * np, n);
                }
                for (int c = 0; c < headDim; c += 2 * L) {
                    weighted(vs, n, p, np, c, headDim, out,
                            (first + i) * hidden + q, i1 * hidden + q, i2 * hidden + q, i3 * hidden + q);
                }
            }
        });
    }

    /** Scaled scores of query rows at q0..q3 against keys j .. j + 4L - 1, into rows 0..3 of p. */
    private static void scores4(float[] qkv, int q0, int q1, int q2, int q3, float[] kt, int np, int j, int d, float scale,
            float[] p) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        for (int c = 0; c < d; c++) {
            int o = c * np + j;
            FloatVector k0 = FloatVector.fromArray(S, kt, o);
            FloatVector k1 = FloatVector.fromArray(S, kt, o + L);
            FloatVector k2 = FloatVector.fromArray(S, kt, o + 2 * L);
            FloatVector k3 = FloatVector.fromArray(S, kt, o + 3 * L);
            FloatVector a = FloatVector.broadcast(S, qkv[q0 + c]);
            c00 = k0.fma(a, c00); c01 = k1.fma(a, c01); c02 = k2.fma(a, c02); c03 = k3.fma(a, c03);
            a = FloatVector.broadcast(S, qkv[q1 + c]);
            c10 = k0.fma(a, c10); c11 = k1.fma(a, c11); c12 = k2.fma(a, c12); c13 = k3.fma(a, c13);
            a = FloatVector.broadcast(S, qkv[q2 + c]);
            c20 = k0.fma(a, c20); c21 = k1.fma(a, c21); c22 = k2.fma(a, c22); c23 = k3.fma(a, c23);
            a = FloatVector.broadcast(S, qkv[q3 + c]);
            c30 = k0.fma(a, c30); c31 = k1.fma(a, c31); c32 = k2.fma(a, c32); c33 = k3.fma(a, c33);
        }
        c00.mul(scale).intoArray(p, j); c01.mul(scale).intoArray(p, j + L);
        c02.mul(scale).intoArray(p, j + 2 * L); c03.mul(scale).intoArray(p, j + 3 * L);
        c10.mul(scale).intoArray(p, np + j); c11.mul(scale).intoArray(p, np + j + L);
        c12.mul(scale).intoArray(p, np + j + 2 * L); c13.mul(scale).intoArray(p, np + j + 3 * L);
        c20.mul(scale).intoArray(p, 2 * np + j); c21.mul(scale).intoArray(p, 2 * np + j + L);
        c22.mul(scale).intoArray(p, 2 * np + j + 2 * L); c23.mul(scale).intoArray(p, 2 * np + j + 3 * L);
        c30.mul(scale).intoArray(p, 3 * np + j); c31.mul(scale).intoArray(p, 3 * np + j + L);
        c32.mul(scale).intoArray(p, 3 * np + j + 2 * L); c33.mul(scale).intoArray(p, 3 * np + j + 3 * L);
    }

    /** {@link #scores4} for one vector of keys. */
    private static void scores1(float[] qkv, int q0, int q1, int q2, int q3, float[] kt, int np, int j, int d, float scale,
            float[] p) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int c = 0; c < d; c++) {
            FloatVector k0 = FloatVector.fromArray(S, kt, c * np + j);
            c0 = k0.fma(FloatVector.broadcast(S, qkv[q0 + c]), c0);
            c1 = k0.fma(FloatVector.broadcast(S, qkv[q1 + c]), c1);
            c2 = k0.fma(FloatVector.broadcast(S, qkv[q2 + c]), c2);
            c3 = k0.fma(FloatVector.broadcast(S, qkv[q3 + c]), c3);
        }
        c0.mul(scale).intoArray(p, j);
        c1.mul(scale).intoArray(p, np + j);
        c2.mul(scale).intoArray(p, 2 * np + j);
        c3.mul(scale).intoArray(p, 3 * np + j);
    }

    /**
     * Columns {@code c .. c + 2L - 1} (those below d) of the outputs at o0..o3: the probabilities in
     * rows 0..3 of p times the values of keys 0..n-1 (key j's values at {@code vs[j * d ..]}).
     */
    private static void weighted(float[] vs, int n, float[] p, int np, int c, int d, float[] out, int o0, int o1, int o2,
            int o3) {
        VectorMask<Float> m0 = S.indexInRange(c, d);
        VectorMask<Float> m1 = S.indexInRange(c + L, d);
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int j = 0; j < n; j++) {
            int o = j * d + c;
            FloatVector v0 = FloatVector.fromArray(S, vs, o, m0);
            FloatVector v1 = FloatVector.fromArray(S, vs, o + L, m1);
            FloatVector a = FloatVector.broadcast(S, p[j]);
            c00 = v0.fma(a, c00); c01 = v1.fma(a, c01);
            a = FloatVector.broadcast(S, p[np + j]);
            c10 = v0.fma(a, c10); c11 = v1.fma(a, c11);
            a = FloatVector.broadcast(S, p[2 * np + j]);
            c20 = v0.fma(a, c20); c21 = v1.fma(a, c21);
            a = FloatVector.broadcast(S, p[3 * np + j]);
            c30 = v0.fma(a, c30); c31 = v1.fma(a, c31);
        }
        c00.intoArray(out, o0 + c, m0); c01.intoArray(out, o0 + c + L, m1);
        c10.intoArray(out, o1 + c, m0); c11.intoArray(out, o1 + c + L, m1);
        c20.intoArray(out, o2 + c, m0); c21.intoArray(out, o2 + c + L, m1);
        c30.intoArray(out, o3 + c, m0); c31.intoArray(out, o3 + c + L, m1);
    }
}
