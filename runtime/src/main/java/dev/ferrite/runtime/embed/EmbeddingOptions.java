package dev.ferrite.runtime.embed;

/**
 * How {@link EmbeddingModel} embeds.
 *
 * @param pooling   how token states become one vector; null: what the model directory says
 *                  (sentence-transformers' {@code 1_Pooling/config.json}), else {@link Pooling#MEAN}
 * @param normalize whether each embedding is scaled to unit L2 norm
 * @param maxLength the most tokens of a text that are embedded (special tokens included; the rest
 *                  is cut off); 0: the model's own limit (see {@link EmbeddingModel#maxLength()})
 */
public record EmbeddingOptions(Pooling pooling, boolean normalize, int maxLength) {
    public EmbeddingOptions {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be positive, or 0 for the model's limit: " + maxLength);
        }
    }

    /** The model's pooling and length limit, normalized. */
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(null, true, 0);
    }

    public EmbeddingOptions withPooling(Pooling pooling) {
        return new EmbeddingOptions(pooling, normalize, maxLength);
    }

    public EmbeddingOptions withNormalize(boolean normalize) {
        return new EmbeddingOptions(pooling, normalize, maxLength);
    }

    public EmbeddingOptions withMaxLength(int maxLength) {
        return new EmbeddingOptions(pooling, normalize, maxLength);
    }
}
