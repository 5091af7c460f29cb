package dev.ferrite.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Elementwise functions on whole vectors, shared by the Vector API kernels. */
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

    private VectorMath() {
    }

    static FloatVector erf(FloatVector v) {
        FloatVector x = v.max(-4f).min(4f);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(A13, A11).fma(x2, c(A9)).fma(x2, c(A7)).fma(x2, c(A5))
                .fma(x2, c(A3)).fma(x2, c(A1)).mul(x);
        FloatVector q = x2.fma(B8, B6).fma(x2, c(B4)).fma(x2, c(B2)).fma(x2, c(B0));
        return p.div(q);
    }

    /** The exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    static FloatVector gelu(FloatVector x) {
        return x.mul(0.5f).mul(erf(x.mul(INV_SQRT2)).add(1f));
    }

    private static FloatVector c(float value) {
        return FloatVector.broadcast(S, value);
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
