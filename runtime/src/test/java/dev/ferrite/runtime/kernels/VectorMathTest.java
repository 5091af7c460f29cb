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
            VectorMath.exp(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
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
        VectorMath.exp(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
        assertThat(y[0]).isEqualTo(1f);
        assertThat(y[1]).isZero();
        assertThat(y[2]).isZero();
        assertThat(y[3]).isZero();
        assertThat(y[4]).isCloseTo((float) Math.exp(-87.3f), org.assertj.core.api.Assertions.withinPercentage(1e-4));
    }

    @Test
    void sumAddsTheLanesInOrder() {
        float[] x = new float[VectorMath.L];
        x[0] = 1e8f;
        x[1] = 1f; // lost when added to 1e8 first, kept if the small lanes were added together first
        x[2] = -1e8f;
        for (int i = 3; i < x.length; i++) x[i] = 1f;
        float expected = 0;
        for (float v : x) expected += v;
        assertThat(VectorMath.sum(FloatVector.fromArray(VectorMath.S, x, 0))).isEqualTo(expected);
    }
}
