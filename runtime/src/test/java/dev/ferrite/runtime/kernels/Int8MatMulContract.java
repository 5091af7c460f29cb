package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link Int8MatMul}, bit for bit against the unfused ONNX arithmetic written
 * out here (long accumulation, Cast to float, scale product, bias): one battery, a subclass per
 * implementation and storage.
 */
abstract class Int8MatMulContract {
    abstract Int8MatMul kernel();

    Int8Weights.Storage storage() {
        return Int8Weights.Storage.OFF_HEAP;
    }

    /** The ONNX graph's result for rows [from, to); NaN elsewhere. */
    private static float[] expected(byte[] a, int aZero, float aScale, int m, int k, int n, byte[] b, boolean signed,
            int[] bZero, float[] bScale, float[] bias, int from, int to) {
        float[] y = new float[m * n];
        Arrays.fill(y, Float.NaN);
        for (int r = from; r < to; r++) {
            for (int j = 0; j < n; j++) {
                long acc = 0;
                int zb = bZero.length == 1 ? bZero[0] : bZero[j];
                for (int p = 0; p < k; p++) {
                    int code = signed ? b[p * n + j] : b[p * n + j] & 0xff;
                    acc += (long) ((a[r * k + p] & 0xff) - aZero) * (code - zb);
                }
                float scale = aScale * (bScale.length == 1 ? bScale[0] : bScale[j]);
                float v = (float) (int) acc * scale;
                y[r * n + j] = bias == null ? v : bias[j] + v;
            }
        }
        return y;
    }

    private void check(Random random, int m, int k, int n, boolean signed, boolean perColumn, boolean withBias, int from, int to) {
        check(random, m, k, n, signed, perColumn, withBias, from, to, 0, n);
    }

    /** Rows [from, to) by columns [c0, c1): those outputs bit for bit, every other one untouched (NaN). */
    private void check(Random random, int m, int k, int n, boolean signed, boolean perColumn, boolean withBias, int from, int to,
            int c0, int c1) {
        byte[] a = new byte[m * k];
        random.nextBytes(a);
        byte[] b = new byte[k * n];
        random.nextBytes(b);
        int aZero = random.nextInt(256);
        float aScale = 0.001f + random.nextFloat() * 0.1f;
        int lo = signed ? -128 : 0;
        int[] bZero = new int[perColumn ? n : 1];
        float[] bScale = new float[bZero.length];
        for (int j = 0; j < bZero.length; j++) {
            bZero[j] = lo + random.nextInt(256);
            bScale[j] = 0.0001f + random.nextFloat() * 0.01f;
        }
        float[] bias = null;
        if (withBias) {
            bias = new float[n];
            for (int j = 0; j < n; j++) bias[j] = (float) random.nextGaussian();
        }
        Int8Weights w = Int8Weights.pack(b, signed, k, n, bZero, bScale, bias, storage());
        float[] y = new float[m * n];
        Arrays.fill(y, Float.NaN);
        if (c0 == 0 && c1 == n) {
            kernel().multiply(a, aZero, aScale, w, y, from, to);
        } else {
            kernel().multiply(a, fill(aZero, m), fill(aScale, m), w, y, from, to, c0, c1);
        }
        float[] want = expected(a, aZero, aScale, m, k, n, b, signed, bZero, bScale, bias, from, to);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                if (j < c0 || j >= c1) want[r * n + j] = Float.NaN;
            }
        }
        assertThat(y).as("m %d k %d n %d signed %s perColumn %s bias %s rows [%d, %d) columns [%d, %d)", m, k, n, signed, perColumn,
                withBias, from, to, c0, c1).isEqualTo(want);
    }

    @Test
    void randomShapesBitForBit() {
        Random random = new Random(3);
        int[] ms = {1, 3, 4, 5, 9, 13}; // the vector kernel takes 8 rows, then 4, then 1
        int[] ks = {1, 7, 255, 256, 257, 600};
        int[] ns = {1, 15, 16, 33, 64, 70};
        for (int m : ms) {
            for (int k : ks) {
                for (int n : ns) {
                    check(random, m, k, n, random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), 0, m);
                }
            }
        }
    }

    @Test
    void rowRangesWriteOnlyTheirRows() {
        Random random = new Random(4);
        check(random, 11, 40, 50, true, true, true, 2, 9);
        check(random, 11, 40, 50, false, false, false, 5, 6);
        check(random, 11, 40, 50, true, false, true, 7, 7);
    }

    @Test
    void columnRangesWriteOnlyTheirColumns() {
        Random random = new Random(6);
        int p = Int8Weights.panelWidth();
        check(random, 7, 300, 3 * p + 5, true, true, true, 0, 7, p, 2 * p);
        check(random, 7, 300, 3 * p + 5, false, true, true, 1, 6, 2 * p, 3 * p + 5);
        check(random, 5, 513, 2 * p, false, false, true, 0, 5, 0, p);
        check(random, 5, 40, 2 * p, true, true, false, 2, 4, p, p);
    }

    @Test
    void modelShapes() {
        Random random = new Random(5);
        check(random, 9, 384, 1536, true, true, true, 0, 9);
        check(random, 6, 1536, 384, true, true, true, 1, 6);
        // Several row blocks (the vector kernel converts about 84 rows of k = 1536 at a time), ragged at both ends.
        check(random, 100, 1536, 40, false, true, true, 3, 97);
    }

    @Test
    void extremeProductsStayExact() {
        // |a - aZero| = |B - bZero| = 255 everywhere: the largest sums a long k can make, both signs.
        for (boolean signed : new boolean[] {true, false}) {
            int k = 1000;
            int n = 40;
            byte[] a = new byte[2 * k];
            Arrays.fill(a, 0, k, (byte) 255);
            byte[] b = new byte[k * n];
            for (int i = 0; i < b.length; i++) b[i] = (byte) (signed ? (i % 2 == 0 ? -128 : 127) : (i % 2 == 0 ? 0 : 255));
            int[] zero = new int[n];
            for (int j = 0; j < n; j++) zero[j] = signed ? (j % 2 == 0 ? 127 : -128) : (j % 2 == 0 ? 255 : 0);
            float[] scale = {1f};
            Int8Weights w = Int8Weights.pack(b, signed, k, n, zero, scale, null, storage());
            float[] y = new float[2 * n];
            kernel().multiply(a, 0, 1f, w, y, 0, 2);
            float[] want = expected(a, 0, 1f, 2, k, n, b, signed, zero, scale, null, 0, 2);
            assertThat(y).isEqualTo(want);
            assertThat(Math.abs(want[0])).isEqualTo((float) (k * 255 * 255));
        }
    }

    @Test
    void multiplyRejectsArraysThatDoNotFit() {
        Int8Weights w = Int8Weights.pack(new byte[8], true, 2, 4, new int[] {0}, new float[] {1}, null, storage());
        assertThatThrownBy(() -> kernel().multiply(new byte[4], 0, 1f, w, new float[8], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> kernel().multiply(new byte[6], 0, 1f, w, new float[8], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 floats");
        assertThatThrownBy(() -> kernel().multiply(new byte[6], 256, 1f, w, new float[12], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero point 256");
        assertThatThrownBy(() -> kernel().multiply(new byte[6], new int[3], fill(1f, 3), w, new float[12], 0, 3, 1, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns [1, 4)");
        assertThatThrownBy(() -> kernel().multiply(new byte[6], new int[3], fill(1f, 3), w, new float[12], 0, 3, 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns [0, 5)");
        assertThatThrownBy(() -> kernel().multiply(new byte[6], new int[2], fill(1f, 3), w, new float[12], 0, 3, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 zero points");
    }

    /**
     * Rows of different zero points and scales in one call (the sequences of a packed batch, each
     * quantized by its own range): every row exactly as computed alone with its own parameters,
     * across the vector kernel's 8-, 4- and 1-row tiles and its row blocks.
     */
    @Test
    void eachRowUsesItsOwnZeroPointAndScale() {
        Random random = new Random(7);
        int m = 100;
        int k = 1536;
        int n = 70;
        byte[] a = new byte[m * k];
        random.nextBytes(a);
        byte[] b = new byte[k * n];
        random.nextBytes(b);
        int[] bZero = new int[n];
        float[] bScale = new float[n];
        float[] bias = new float[n];
        for (int j = 0; j < n; j++) {
            bZero[j] = -128 + random.nextInt(256);
            bScale[j] = 0.0001f + random.nextFloat() * 0.01f;
            bias[j] = (float) random.nextGaussian();
        }
        int[] zeros = new int[m];
        float[] scales = new float[m];
        for (int r = 0; r < m; r++) {
            zeros[r] = random.nextInt(256);
            scales[r] = 0.001f + random.nextFloat() * 0.1f;
        }
        Int8Weights w = Int8Weights.pack(b, true, k, n, bZero, bScale, bias, storage());
        float[] y = new float[m * n];
        kernel().multiply(a, zeros, scales, w, y, 0, m, 0, n);
        for (int r = 0; r < m; r++) {
            float[] alone = expected(a, zeros[r], scales[r], m, k, n, b, true, bZero, bScale, bias, r, r + 1);
            assertThat(Arrays.copyOfRange(y, r * n, (r + 1) * n)).as("row %d", r)
                    .isEqualTo(Arrays.copyOfRange(alone, r * n, (r + 1) * n));
        }
    }

    private static int[] fill(int value, int length) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }

    private static float[] fill(float value, int length) {
        float[] a = new float[length];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void packRejectsWhatDoesNotFit() {
        assertThatThrownBy(() -> Int8Weights.pack(new byte[6], true, 2, 4, new int[] {0}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> Int8Weights.pack(new byte[8], true, 2, 4, new int[] {0, 0}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero points");
        assertThatThrownBy(() -> Int8Weights.pack(new byte[8], false, 2, 4, new int[] {-1}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint8");
        assertThatThrownBy(() -> Int8Weights.pack(new byte[8], true, 2, 4, new int[] {0}, new float[] {1}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("biases");
        assertThatThrownBy(() -> Int8Weights.pack(new byte[0], true, -2, 4, new int[] {0}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-2, 4]");
    }

    @Test
    void packChecksItsArgumentsBeforeTakingMemory() {
        WeightMemory memory = WeightMemory.of(WeightMemory.int8Bytes(2, 4));
        assertThatThrownBy(() -> Int8Weights.pack(new byte[6], true, 2, 4, new int[] {0}, new float[] {1}, null, memory))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4]");
        // The failed call took nothing: the block still holds a whole [2, 4].
        Int8Weights.pack(new byte[8], true, 2, 4, new int[] {0}, new float[] {1}, null, memory);
    }
}
