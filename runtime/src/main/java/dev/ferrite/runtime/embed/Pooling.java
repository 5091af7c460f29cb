package dev.ferrite.runtime.embed;

import java.util.Locale;

/**
 * How the hidden states of a sequence's tokens become one vector. Every token of the sequence
 * counts: Ferrite runs sequences unpadded, so there is no padding to mask out.
 */
public enum Pooling {
    /** The average over all tokens, special tokens included (sentence-transformers' mean pooling). */
    MEAN,
    /** The first token's state ([CLS] for BERT-style tokenizers). */
    CLS,
    /** The last token's state (decoder-style embedding models). */
    LAST_TOKEN;

    /**
     * Pools {@code hidden}, the states of one sequence row by row ({@code // [tokens, dim]}), into
     * a new {@code float[dim]}. Means accumulate in double.
     */
    public float[] pool(float[] hidden, int tokens, int dim) {
        return pool(hidden, 0, tokens, dim);
    }

    /**
     * Pools the {@code tokens} rows of {@code hidden} that start at value {@code offset} (one
     * sequence of a packed batch, read in place rather than copied out).
     */
    public float[] pool(float[] hidden, int offset, int tokens, int dim) {
        if (tokens <= 0 || offset < 0 || hidden.length - offset < (long) tokens * dim) {
            throw new IllegalArgumentException("cannot pool " + tokens + " tokens of " + dim + " from " + hidden.length
                    + " values at " + offset);
        }
        float[] out = new float[dim];
        switch (this) {
            case CLS -> System.arraycopy(hidden, offset, out, 0, dim);
            case LAST_TOKEN -> System.arraycopy(hidden, offset + (tokens - 1) * dim, out, 0, dim);
            case MEAN -> {
                for (int j = 0; j < dim; j++) {
                    double sum = 0;
                    for (int t = 0; t < tokens; t++) {
                        sum += hidden[offset + t * dim + j];
                    }
                    out[j] = (float) (sum / tokens);
                }
            }
        }
        return out;
    }

    /** Scales {@code v} in place to unit L2 norm (a zero vector stays zero); returns it. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            double inv = 1 / Math.sqrt(sum);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * inv);
            }
        }
        return v;
    }

    /** {@code mean}, {@code cls} or {@code last} (also {@code last-token}, {@code lasttoken}); case-insensitive. */
    public static Pooling parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            case "last", "last-token", "last_token", "lasttoken" -> LAST_TOKEN;
            default -> throw new IllegalArgumentException("unknown pooling '" + name + "': expected mean, cls or last");
        };
    }

    /** The name {@link #parse} reads: {@code mean}, {@code cls} or {@code last}. */
    public String label() {
        return this == LAST_TOKEN ? "last" : name().toLowerCase(Locale.ROOT);
    }
}
