package dev.ferrite.runtime.embed;

/** Comparing embeddings. */
public final class Similarity {
    private Similarity() {
    }

    /**
     * The cosine of the angle between {@code a} and {@code b}, summed in double precision (so that
     * comparing two engines' vectors measures them, not this sum); 0 when either is all zeros.
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
