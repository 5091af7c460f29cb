package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.reference.SpecialFunctions;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link Kernels} implementation meets, checked against plain double-precision
 * arithmetic on the same inputs. Sizes include 1, odd numbers and numbers that are no multiple of any
 * vector width, so bodies, tails and masks all run.
 */
abstract class KernelsContract {
    private static ComputePool pool;

    abstract Kernels kernels();

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(3); // more workers than this machine's cores: tasks interleave
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void linearMatchesDoubleArithmetic() {
        int[][] sizes = {{1, 1, 1}, {1, 7, 3}, {3, 5, 7}, {5, 17, 33}, {4, 16, 48}, {13, 64, 49}, {9, 384, 100},
                {67, 33, 130}, {130, 40, 200}, {2, 1536, 17}};
        Random random = new Random(1);
        for (int[] s : sizes) {
            int m = s[0], k = s[1], n = s[2];
            float[] x = uniform(random, m * k);
            float[] w = uniform(random, k * n);
            float[] b = uniform(random, n);
            float[] r = uniform(random, m * n);
            for (Activation act : Activation.values()) {
                for (boolean withBias : new boolean[] {false, true}) {
                    for (boolean withResidual : new boolean[] {false, true}) {
                        Linear linear = kernels().linear(w, k, n, withBias ? b : null);
                        assertThat(linear.inFeatures()).isEqualTo(k);
                        assertThat(linear.outFeatures()).isEqualTo(n);
                        float[] y = new float[m * n + 3];
                        y[m * n] = 42; // past the output: must stay untouched
                        linear.forward(pool, x, m, y, withResidual ? r : null, act);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = withBias ? b[j] : 0;
                                for (int c = 0; c < k; c++) {
                                    acc += (double) x[i * k + c] * w[c * n + j];
                                }
                                if (withResidual) acc += r[i * n + j];
                                double expected = act == Activation.GELU ? gelu(acc) : acc;
                                assertThat((double) y[i * n + j]).as("%s [%d,%d,%d] %s bias %s residual %s at (%d,%d)",
                                        kernels(), m, k, n, act, withBias, withResidual, i, j)
                                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * Math.sqrt(k) + 1e-6));
                            }
                        }
                        assertThat(y[m * n]).isEqualTo(42);
                    }
                }
            }
        }
    }

    /**
     * A row's output is bit for bit the same whatever the other rows are: computed alone, or at any
     * position of a batch of any size (what keeps a sentence's embedding the same alone and in a
     * batch). The batch sizes cover the kernels' row tiles (8, 4, 3, 2, 1) and blocks (64) with tails.
     */
    @Test
    void linearRowDoesNotDependOnTheBatch() {
        Random random = new Random(5);
        int[][] shapes = {{33, 100}, {384, 49}, {40, 200}};
        for (int[] s : shapes) {
            int k = s[0], n = s[1], m = 75;
            float[] x = uniform(random, m * k);
            float[] r = uniform(random, m * n);
            Linear linear = kernels().linear(uniform(random, k * n), k, n, uniform(random, n));
            for (Activation act : Activation.values()) {
                float[] alone = new float[m * n];
                for (int i = 0; i < m; i++) {
                    float[] y = new float[n];
                    linear.forward(pool, java.util.Arrays.copyOfRange(x, i * k, (i + 1) * k), 1, y,
                            java.util.Arrays.copyOfRange(r, i * n, (i + 1) * n), act);
                    System.arraycopy(y, 0, alone, i * n, n);
                }
                for (int rows : new int[] {2, 3, 6, 7, 8, 11, 12, 13, 14, 64, 65, 75}) {
                    for (int first : new int[] {0, Math.min(3, m - rows), m - rows}) {
                        float[] y = new float[rows * n];
                        linear.forward(pool, java.util.Arrays.copyOfRange(x, first * k, (first + rows) * k), rows, y,
                                java.util.Arrays.copyOfRange(r, first * n, (first + rows) * n), act);
                        assertThat(y).as("%s [%d, %d] %s rows %d from %d", kernels(), k, n, act, rows, first)
                                .isEqualTo(java.util.Arrays.copyOfRange(alone, first * n, (first + rows) * n));
                    }
                }
            }
        }
    }

    @Test
    void layerNormMatchesDoubleArithmetic() {
        Random random = new Random(2);
        for (int width : new int[] {1, 7, 16, 17, 100, 384}) {
            for (int rows : new int[] {1, 5, 33}) {
                float[] x = uniform(random, rows * width);
                for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 1; // a non-zero mean
                float[] g = uniform(random, width);
                float[] b = uniform(random, width);
                float[] y = new float[x.length];
                kernels().layerNorm(pool, x, rows, width, g, b, 1e-12f, y);
                for (int r = 0; r < rows; r++) {
                    double mean = 0, var = 0;
                    for (int i = 0; i < width; i++) mean += x[r * width + i];
                    mean /= width;
                    for (int i = 0; i < width; i++) var += (x[r * width + i] - mean) * (x[r * width + i] - mean);
                    var /= width;
                    for (int i = 0; i < width; i++) {
                        double expected = (x[r * width + i] - mean) / Math.sqrt(var + 1e-12) * g[i] + b[i];
                        assertThat((double) y[r * width + i]).as("width %d row %d col %d", width, r, i)
                                .isCloseTo(expected, org.assertj.core.api.Assertions.within(width == 1 ? 1e-5 : 2e-5));
                    }
                }
                kernels().layerNorm(pool, x, rows, width, g, b, 1e-12f, x); // in place gives the same
                assertThat(x).isEqualTo(y);
            }
        }
    }

    @Test
    void geluIsTheErfGeluToFloatPrecision() {
        int n = 20_001;
        float[] x = new float[n + 2];
        for (int i = 0; i < n; i++) x[i + 1] = -10 + 20f * i / (n - 1);
        x[0] = 7; // outside the range: untouched
        x[n + 1] = 7;
        kernels().gelu(x, 1, n + 1);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double v = -10 + 20f * i / (n - 1);
            worst = Math.max(worst, Math.abs(x[i + 1] - gelu((float) v)) / Math.max(1, Math.abs(v)));
        }
        // 1e-4 is allowed on hidden states; a GELU within a few float ulps keeps far inside it.
        assertThat(worst).as("max error of gelu relative to max(1, |x|)").isLessThan(1e-6);
        assertThat(x[0]).isEqualTo(7);
        assertThat(x[n + 1]).isEqualTo(7);
        float[] one = {1.5f};
        kernels().gelu(one, 0, 1);
        assertThat((double) one[0]).isCloseTo(gelu(1.5), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void softmaxSumsToOneAndMatchesDoubleArithmetic() {
        Random random = new Random(3);
        for (int n : new int[] {1, 2, 7, 16, 17, 100, 513}) {
            float[] x = new float[n + 2];
            for (int i = 1; i <= n; i++) x[i] = (random.nextFloat() - 0.5f) * 40 + 60; // large: needs the max shift
            float[] before = x.clone();
            kernels().softmax(x, 1, n);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 1; i <= n; i++) max = Math.max(max, before[i]);
            for (int i = 1; i <= n; i++) sum += Math.exp(before[i] - max);
            for (int i = 1; i <= n; i++) {
                assertThat((double) x[i]).as("n %d at %d", n, i)
                        .isCloseTo(Math.exp(before[i] - max) / sum, org.assertj.core.api.Assertions.within(1e-6));
            }
            assertThat(x[0]).isZero();
            assertThat(x[n + 1]).isZero();
        }
    }

    @Test
    void attentionOfPackedSequencesMatchesDoubleArithmetic() {
        Random random = new Random(4);
        int[][] layouts = {{0, 1}, {0, 1, 8, 25}, {0, 0, 3, 3, 20}, {0, 70}, {0, 130, 258}};
        for (int[] starts : layouts) {
            for (int[] hd : new int[][] {{1, 1}, {3, 5}, {2, 32}, {2, 17}}) {
                int heads = hd[0], d = hd[1], hidden = heads * d, tokens = starts[starts.length - 1];
                float[] qkv = uniform(random, tokens * 3 * hidden);
                for (int i = 0; i < qkv.length; i++) qkv[i] *= 2;
                float scale = (float) (1 / Math.sqrt(d));
                float[] out = new float[tokens * hidden];
                kernels().attention(pool, qkv, starts, heads, d, scale, out);
                for (int s = 0; s + 1 < starts.length; s++) {
                    for (int h = 0; h < heads; h++) {
                        for (int i = starts[s]; i < starts[s + 1]; i++) {
                            double[] p = new double[starts[s + 1] - starts[s]];
                            double max = Double.NEGATIVE_INFINITY, sum = 0;
                            for (int j = 0; j < p.length; j++) {
                                double dot = 0;
                                for (int c = 0; c < d; c++) {
                                    dot += (double) qkv[i * 3 * hidden + h * d + c] * qkv[(starts[s] + j) * 3 * hidden + hidden + h * d + c];
                                }
                                p[j] = dot * scale;
                                max = Math.max(max, p[j]);
                            }
                            for (int j = 0; j < p.length; j++) sum += p[j] = Math.exp(p[j] - max);
                            for (int c = 0; c < d; c++) {
                                double expected = 0;
                                for (int j = 0; j < p.length; j++) {
                                    expected += p[j] / sum * qkv[(starts[s] + j) * 3 * hidden + 2 * hidden + h * d + c];
                                }
                                assertThat((double) out[i * hidden + h * d + c]).as("layout %s heads %d d %d seq %d head %d token %d",
                                        java.util.Arrays.toString(starts), heads, d, s, h, i)
                                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-6));
                            }
                        }
                    }
                }
            }
        }
    }

    private static double gelu(double x) {
        return 0.5 * x * (1 + SpecialFunctions.erf(x / Math.sqrt(2)));
    }

    private static float[] uniform(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 2 - 1;
        return a;
    }
}
