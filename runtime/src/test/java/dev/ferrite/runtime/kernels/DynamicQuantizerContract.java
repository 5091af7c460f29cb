package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link DynamicQuantizer}, against the ONNX formula written out here
 * (double rint, i.e. round half to even, then saturation): one battery, a subclass per implementation.
 */
abstract class DynamicQuantizerContract {
    abstract DynamicQuantizer quantizer();

    private static byte expected(float x, QuantParams p) {
        return (byte) (int) Math.clamp(Math.rint(x / p.scale()) + p.zeroPoint(), 0, 255);
    }

    @Test
    void paramsFollowTheSpecification() {
        // 1 / (2 / 255) is 127.49999 in float32, not 127.5: the float arithmetic decides, as in the specification.
        assertThat(QuantParams.of(-1f, 1f)).isEqualTo(new QuantParams(2f / 255f, 127));
        assertThat(QuantParams.of(0f, 0f)).isEqualTo(new QuantParams(1f / 255f, 0));
        assertThat(QuantParams.of(0f, 5f)).isEqualTo(new QuantParams(5f / 255f, 0));
        assertThat(QuantParams.of(-5f, 0f)).isEqualTo(new QuantParams(5f / 255f, 255));
        // -min / scale computed in float32: -(-0.3) / (1.3 / 255)
        float scale = (1f - -0.3f) / 255f;
        assertThat(QuantParams.of(-0.3f, 1f).zeroPoint()).isEqualTo((int) Math.rint(0 - -0.3f / scale));
    }

    @Test
    void rangeFoldsMinMaxWithZeroOverAnySlice() {
        Random random = new Random(1);
        for (int len = 0; len < 70; len++) {
            float[] x = new float[len + 5];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian() * 3 + 0.5f;
            float[] got = {0, 0};
            quantizer().range(x, 3, 3 + len, got);
            float min = 0;
            float max = 0;
            for (int i = 3; i < 3 + len; i++) {
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
            assertThat(got).as("length %d", len).containsExactly(min, max);
        }
    }

    @Test
    void rangeFoldsIntoWhatItIsGiven() {
        float[] minMax = {-7f, 9f};
        quantizer().range(new float[] {1, 2, -3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, -1}, 0, 18, minMax);
        assertThat(minMax).containsExactly(-7f, 17f);
    }

    @Test
    void quantizeMatchesTheFormulaOnRandomTensors() {
        Random random = new Random(2);
        for (int len = 0; len < 100; len += 1 + len / 8) {
            float[] x = new float[len + 2];
            for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * (1 + random.nextInt(20)));
            float[] minMax = {0, 0};
            quantizer().range(x, 2, 2 + len, minMax);
            QuantParams p = QuantParams.of(minMax[0], minMax[1]);
            byte[] q = new byte[len + 4];
            quantizer().quantize(x, 2, 2 + len, p, q, 4 - 1);
            for (int i = 0; i < len; i++) {
                assertThat(q[3 + i]).as("length %d, element %d: x %s, %s", len, i, x[2 + i], p).isEqualTo(expected(x[2 + i], p));
            }
            assertThat(q[0]).isZero();
        }
    }

    @Test
    void tiesRoundHalfToEvenAndOutOfRangeSaturates() {
        QuantParams p = new QuantParams(1f, 100);
        float[] x = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.4999998f, 3.5000002f, 155.5f, 154.5f, -100.5f, -99.5f,
            1e9f, -1e9f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 7f};
        byte[] q = new byte[x.length];
        quantizer().quantize(x, 0, x.length, p, q, 0);
        int[] codes = new int[x.length];
        for (int i = 0; i < x.length; i++) codes[i] = q[i] & 0xff;
        assertThat(codes).containsExactly(100, 102, 102, 100, 98, 98, 103, 104, 255, 254, 0, 0, 255, 0, 255, 0, 100, 100, 107);
    }

    @Test
    void inexactDivisionsRoundLikeTheSpecification() {
        // A scale whose reciprocal is not exact: x / scale and x * (1 / scale) part on some of these.
        float scale = 0.157520041f;
        QuantParams p = new QuantParams(scale, 80);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) x[i] = (i - 2048 + 0.5f) * scale + Math.ulp(scale) * ((i % 5) - 2);
        byte[] q = new byte[x.length];
        quantizer().quantize(x, 0, x.length, p, q, 0);
        for (int i = 0; i < x.length; i++) {
            assertThat(q[i]).as("x %s", x[i]).isEqualTo(expected(x[i], p));
        }
    }
}
