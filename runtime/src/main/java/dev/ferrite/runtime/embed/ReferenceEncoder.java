package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.reference.NdArray;
import dev.ferrite.runtime.reference.ReferenceExecutor;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link Encoder} on the scalar {@link ReferenceExecutor}: each sequence of the batch runs on
 * its own as a {@code [1, length]} input with an all-ones attention mask. Exact and slow.
 */
final class ReferenceEncoder implements Encoder {
    private final String source;
    private final ReferenceExecutor executor;
    private final Map<String, DType> inputs;
    private final String output;
    private final int hiddenSize;

    /**
     * @param inputs the graph's inputs (some of input_ids, attention_mask, token_type_ids) and their types
     * @param output the graph output holding the last hidden states, float32[batch, sequence, hidden]
     */
    ReferenceEncoder(Graph graph, Map<String, DType> inputs, String output, int hiddenSize) {
        this.source = graph.source();
        this.executor = new ReferenceExecutor(graph); // rejects an operator Ferrite lacks, naming it
        this.inputs = Map.copyOf(inputs);
        this.output = output;
        this.hiddenSize = hiddenSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public float[] run(TokenBatch batch) {
        float[] out = null;
        for (int s = 0; s < batch.size(); s++) {
            int n = batch.length(s);
            if (n == 0) continue;
            float[] states = runOne(batch, s, n);
            if (out == null) out = new float[batch.tokens() * (states.length / n)];
            System.arraycopy(states, 0, out, batch.starts()[s] * (states.length / n), states.length);
        }
        return out != null ? out : new float[0];
    }

    private float[] runOne(TokenBatch batch, int s, int n) {
        int from = batch.starts()[s];
        int[] shape = {1, n};
        Map<String, NdArray> feed = new HashMap<>();
        inputs.forEach((name, dtype) -> feed.put(name, NdArray.integers(dtype, shape, switch (name) {
            case "input_ids" -> widen(batch.ids(), from, n);
            case "token_type_ids" -> widen(batch.typeIds(), from, n);
            default -> ones(n);
        })));
        NdArray hidden = executor.run(feed).get(output);
        if (hidden.rank() != 3 || hidden.dim(0) != 1 || hidden.dim(1) != n) {
            throw new ModelException(source + ": output '" + output + "' came out as " + hidden + " for " + n
                    + " tokens, expected float32[1, " + n + ", hidden]");
        }
        return hidden.f();
    }

    private static long[] widen(int[] values, int from, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[from + i];
        }
        return out;
    }

    private static long[] ones(int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    @Override
    public String toString() {
        return "ReferenceEncoder[" + source + "]";
    }
}
