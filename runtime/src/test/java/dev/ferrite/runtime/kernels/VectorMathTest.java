package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The Vector API kernels' own exp and lane sum: accuracy, range ends, and a fixed order of addition. */
class VectorMathTest {
    @Test
    void expIsWithinTwoUlpOfMathExpOverTheFloatRange() {
        float[] x = new float[VectorMath.L];
        float[] y = new float[VectorMath.L];
        double worst = 0;
        for (float start = -87.3f; start + 0.0137f * VectorMath.L < 88f; start += 0.0137f * VectorMath.L) {
            for (int i = 0; i < x.length; i++) x[i] = start + i * 0.0137f;
            System.arraycopy(x, 0, y, 0, x.length);
            VectorMath.expShiftedSum(y, 0, y.length, 0f);
            for (int i = 0; i < x.length; i++) {
                float expected = (float) Math.exp(x[i]);
                worst = Math.max(worst, Math.abs(y[i] - expected) / Math.ulp(expected));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void expEndsAreZeroBelowTheNormalRangeAndOneAtZero() {
        float[] x = new float[VectorMath.L];
        float[] y = new float[VectorMath.L];
        x[0] = 0;
        x[1] = -88f;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = -1000f;
        x[4] = -87.3f;
        System.arraycopy(x, 0, y, 0, x.length);
        VectorMath.expShiftedSum(y, 0, y.length, 0f);
        assertThat(y[0]).isEqualTo(1f);
        assertThat(y[1]).isZero();
        assertThat(y[2]).isZero();
        assertThat(y[3]).isZero();
        assertThat(y[4]).isCloseTo((float) Math.exp(-87.3f), org.assertj.core.api.Assertions.withinPercentage(1e-4));
    }

    @Test
    void expShiftedSumReturnsTheSumOfTheRangeOnlyAndLeavesTheRestAlone() {
        int n = 2 * VectorMath.L + VectorMath.L / 2; // a ragged tail
        float[] x = new float[n + 3];
        for (int i = 0; i < n; i++) x[i] = -0.25f * i;
        float shift = -1f;
        double expected = 0;
        for (int i = 0; i < n; i++) expected += Math.exp(x[i] - shift);
        float sum = VectorMath.expShiftedSum(x, 0, n, shift);
        assertThat((double) sum).isCloseTo(expected, org.assertj.core.api.Assertions.within(expected * 1e-6));
        double stored = 0;
        for (int i = 0; i < n; i++) stored += x[i];
        assertThat((double) sum).isCloseTo(stored, org.assertj.core.api.Assertions.within(expected * 1e-6));
        assertThat(new float[] {x[n], x[n + 1], x[n + 2]}).containsOnly(0f); // past the range: untouched
    }

    @Test
    void sumAddsTheLanesInAFixedButterflyOrder() {
        int n = VectorMath.L;
        float[] x = new float[n];
        x[0] = 1e8f;
        x[n / 2] = 1f; // paired with lane 0 first: lost against 1e8
        x[1] = -1e8f;
        for (int i = 2; i < n; i++) if (i != n / 2) x[i] = 0.25f;
        // The butterfly: lanes i and i + n/2, then i and i + n/4, ...
        float[] v = x.clone();
        for (int half = n / 2; half >= 1; half /= 2) {
            float[] next = new float[n];
            for (int i = 0; i < n; i++) next[i] = v[i] + v[i ^ half];
            v = next;
        }
        assertThat(VectorMath.sum(x.clone())).isEqualTo(v[0]);
    }
}
