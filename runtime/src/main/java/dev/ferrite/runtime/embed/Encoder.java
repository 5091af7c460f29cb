package dev.ferrite.runtime.embed;

/**
 * The transformer of an embedding model: token ids in, last hidden states out. This is the contract
 * between whoever forms batches (the CLI, the server's batcher) and the engine that computes them.
 *
 * <p>Sequences are independent: each token attends only to the tokens of its own sequence, so the
 * states of a sequence never depend on what else is in the batch. Implementations are thread-safe.
 */
public interface Encoder {
    /** Width of a token's hidden state, or -1 when the model does not declare it. */
    int hiddenSize();

    /** The longest sequence the model runs (its position embeddings), or {@link Integer#MAX_VALUE} when it does not say. */
    default int positions() {
        return Integer.MAX_VALUE;
    }

    /**
     * The last hidden states of every token of the batch, row by row in the batch's token order:
     * {@code float[batch.tokens() * hidden]}. A sequence of length 0 contributes no rows.
     *
     * @throws dev.ferrite.runtime.ModelException when the model fails on this input
     */
    float[] run(TokenBatch batch);
}
