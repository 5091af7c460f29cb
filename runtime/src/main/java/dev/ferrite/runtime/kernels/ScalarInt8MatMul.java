package dev.ferrite.runtime.kernels;

/** The plain reference of {@link Int8MatMul}: B's codes one at a time, one int dot product per output. */
final class ScalarInt8MatMul implements Int8MatMul {
    static final ScalarInt8MatMul INSTANCE = new ScalarInt8MatMul();

    private ScalarInt8MatMul() {
    }

    @Override
    public void multiply(byte[] a, int[] aZero, float[] aScale, Int8Weights w, float[] y, int from, int to, int columnFrom,
            int columnTo) {
        w.checkCall(a, aZero, aScale, y, from, to, columnFrom, columnTo);
        int k = w.k;
        int n = w.n;
        for (int r = from; r < to; r++) {
            int zero = aZero[r];
            for (int j = columnFrom; j < columnTo; j++) {
                int acc = 0;
                int bZero = w.zeroPoints[j];
                for (int p = 0; p < k; p++) {
                    acc += ((a[r * k + p] & 0xff) - zero) * (w.code(p, j) - bZero);
                }
                float v = (float) acc * (aScale[r] * w.scales[j]);
                y[r * n + j] = w.bias == null ? v : v + w.bias[j];
            }
        }
    }
}
