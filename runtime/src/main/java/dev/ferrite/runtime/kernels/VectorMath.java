package dev.ferrite.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise functions and reductions on whole vectors, shared by the Vector API kernels.
 *
 * <p>Everything here is built from operations IEEE 754 defines exactly (add, multiply, fused
 * multiply-add, divide, min, max, integer bit operations) in a fixed order, so a result does not
 * depend on whether the JIT has compiled the caller yet. The Vector API's own {@code EXP} does: the
 * compiled intrinsic (a vendor vector math routine) and the interpreter's per-lane {@code Math.exp}
 * can differ in the last bit, which made a sentence's embedding depend on when it ran, alone or in a
 * batch. Its {@code reduceLanes(ADD)} leaves the order of the additions to the implementation, so
 * {@link #sum(float[])} fixes one.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
    // erf as a rational function of x on [-4, 4] (odd degree 13 over even degree 8), the float
    // approximation of Eigen's generic_fast_erf_float: a few ulp, well below what 1e-4 on hidden
    // states allows, and no exp. Past |x| = 4, erf is 1 in float.
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;

    // exp: x = n ln2 + r, |r| <= ln2 / 2; exp(x) = 2^n exp(r), exp(r) by Cephes' expf polynomial
    // (relative error under 2 ulp). ln2 in two parts so n ln2 is exact enough for |n| <= 126.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693147182464599609375f; // the float nearest ln 2
    private static final float LN2_LO = -1.904654299957768e-09f; // ln 2 - LN2_HI
    /** 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final float EXP_MAX = 88.0f; // 2^127 stays finite
    /** Below this exp(x) is under 2^-126 (the smallest normal float): it is returned as 0. */
    private static final float EXP_MIN = -87.33654f;
    private static final float E0 = 1.9875691500e-4f;
    private static final float E1 = 1.3981999507e-3f;
    private static final float E2 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f;
    private static final float E4 = 1.6666665459e-1f;
    private static final float E5 = 5.0000001201e-1f;

    private VectorMath() {
    }

    /**
     * {@code x[i] = exp(x[i] - shift)} for i in {@code [from, to)}, within 2 ulp for arguments in
     * [-87.3, 88]; 0 below -87.3, and arguments above 88 give exp(88). Bit-identical compiled or
     * interpreted (see the class comment). Returns the sum of the new values: lane by lane over the
     * vectors in order, then {@link #sum}'s fixed order (the sum a softmax divides by, taken while
     * the values are in registers rather than in a second pass).
     *
     * <p>Array in, array out, like every function here that loops: a vector handed to or returned
     * from a method that C2 declines to inline is boxed, and its arithmetic then runs as plain Java
     * objects, 10-25x slower (this happened to the matmul epilogue). Inside one method the vectors
     * stay in registers whatever the inliner decides.
     */
    static float expShiftedSum(float[] a, int from, int to, float shift) {
        FloatVector sum = FloatVector.zero(S);
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            FloatVector v = FloatVector.fromArray(S, a, i, m).sub(shift);
            FloatVector x = v.max(EXP_MIN).min(EXP_MAX);
            FloatVector t = x.fma(LOG2E, ROUNDER); // n + ROUNDER, n = round(x log2 e)
            FloatVector n = t.sub(ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector r2 = r.mul(r);
            // Constants broadcast here, not by a helper method: see {@link #sum(float[])} for what a
            // helper taking or returning a vector costs when the JIT compiles it on its own.
            FloatVector p = r.fma(E0, E1).fma(r, FloatVector.broadcast(S, E2)).fma(r, FloatVector.broadcast(S, E3))
                    .fma(r, FloatVector.broadcast(S, E4)).fma(r, FloatVector.broadcast(S, E5));
            FloatVector y = p.fma(r2, r).add(1f);
            // 2^n: n + 127 in the exponent field. t's low mantissa bits hold n (two's complement), and
            // the shift drops ROUNDER's bits above them.
            FloatVector scale = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = y.mul(scale).blend(0f, v.lt(EXP_MIN));
            e.intoArray(a, i, m);
            sum = sum.add(e, m);
        }
        float[] lanes = lanes();
        sum.intoArray(lanes, 0);
        return sum(lanes);
    }

    /** Per thread, the lanes of one vector, for {@link #sum}. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    /** This thread's array of {@link #L} floats for {@link #sum}: {@code v.intoArray(lanes(), 0)}. */
    static float[] lanes() {
        return LANES.get();
    }

    /**
     * The sum of a vector's lanes (stored in {@code lanes}, which this overwrites) in a fixed order
     * whatever the JIT does: lanes i and i + L/2 first, then i and i + L/4, ... (a butterfly, each
     * step exact IEEE arithmetic per lane), the order the vector reduction used before it moved here.
     *
     * <p>Why an array and not a vector parameter: a method that takes a vector is compiled on its
     * own when the caller is too big to inline it into, and there the vector is a plain Java object
     * whose every operation runs in Java: in softmax this made 30% of attention's time (JFR samples
     * in {@code FloatVector.lanewiseTemplate}). And why not {@code reduceLanes(ADD)}: its order is
     * left to the implementation (a tree when compiled, a sequence when interpreted).
     */
    static float sum(float[] lanes) {
        for (int half = L / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[i] += lanes[i + half];
            }
        }
        return lanes[0];
    }

    /** {@code x[i] = gelu(x[i])} for i in {@code [from, to)}: the exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    static void gelu(float[] a, int from, int to) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            FloatVector x = FloatVector.fromArray(S, a, i, m);
            FloatVector e = x.mul(INV_SQRT2).max(-4f).min(4f);
            FloatVector e2 = e.mul(e);
            FloatVector p = e2.fma(A13, A11).fma(e2, FloatVector.broadcast(S, A9)).fma(e2, FloatVector.broadcast(S, A7))
                    .fma(e2, FloatVector.broadcast(S, A5)).fma(e2, FloatVector.broadcast(S, A3))
                    .fma(e2, FloatVector.broadcast(S, A1)).mul(e);
            FloatVector q = e2.fma(B8, B6).fma(e2, FloatVector.broadcast(S, B4)).fma(e2, FloatVector.broadcast(S, B2))
                    .fma(e2, FloatVector.broadcast(S, B0));
            x.mul(0.5f).mul(p.div(q).add(1f)).intoArray(a, i, m);
        }
    }

    /** Scalar erf with the same approximation, for tails. */
    static float erf(float v) {
        float x = Math.max(-4f, Math.min(4f, v));
        float x2 = x * x;
        float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
        float q = (((B8 * x2 + B6) * x2 + B4) * x2 + B2) * x2 + B0;
        return p / q;
    }
}
