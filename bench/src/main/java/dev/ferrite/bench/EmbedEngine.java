package dev.ferrite.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.runtime.embed.TokenBatch;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One side of {@code compare-embed}: a packed batch of token ids in, one pooled, L2-normalized
 * vector per sequence out. Both sides are fed Ferrite's tokenizer output, so only the engines differ.
 */
sealed interface EmbedEngine extends AutoCloseable permits EmbedEngine.Ferrite, EmbedEngine.OnnxRuntime {
    String name();

    /** Embeds the batch; {@code float[batch.size()][hidden]}. */
    float[][] embed(TokenBatch batch);

    /** Tokens the engine computes for {@code batch}: the real ones, or with padding where it pads. */
    long computedTokens(TokenBatch batch);

    @Override
    void close();

    /** Ferrite: the packed batch as it is, no padding ({@link EmbeddingModel#embed(TokenBatch, boolean)}). */
    record Ferrite(EmbeddingModel model) implements EmbedEngine {
        public String name() {
            return "Ferrite";
        }

        public float[][] embed(TokenBatch batch) {
            return model.embed(batch, true);
        }

        public long computedTokens(TokenBatch batch) {
            return batch.tokens();
        }

        public void close() {
        }
    }

    /**
     * ONNX Runtime as its users run a BERT-style embedding model: the batch padded to its longest
     * sequence ({@code [batch, longest]} int64 inputs, pad id 0, attention mask 0 on padding), the
     * {@code last_hidden_state} output pooled over each sequence's real tokens and normalized in Java.
     */
    final class OnnxRuntime implements EmbedEngine {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final Pooling pooling;

        /**
         * @param threads intra-op threads (inter-op 1, sequential execution, all graph optimizations)
         */
        OnnxRuntime(byte[] onnx, Pooling pooling, int threads) {
            this((Object) onnx, pooling, threads);
        }

        /** As {@link #OnnxRuntime(byte[], Pooling, int)}, ORT reading the .onnx file itself. */
        OnnxRuntime(Path onnx, Pooling pooling, int threads) {
            this((Object) onnx, pooling, threads);
        }

        private OnnxRuntime(Object onnx, Pooling pooling, int threads) {
            this.env = OrtEnvironment.getEnvironment();
            this.pooling = pooling;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = onnx instanceof Path file ? env.createSession(file.toString(), options)
                        : env.createSession((byte[]) onnx, options);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
            }
        }

        public String name() {
            return "ORT";
        }

        public long computedTokens(TokenBatch batch) {
            return (long) batch.size() * batch.maxLength();
        }

        public float[][] embed(TokenBatch batch) {
            int n = batch.size();
            int longest = batch.maxLength();
            long[] ids = new long[n * longest];
            long[] types = new long[n * longest];
            long[] mask = new long[n * longest];
            for (int s = 0; s < n; s++) {
                for (int t = 0, from = batch.starts()[s]; t < batch.length(s); t++) {
                    ids[s * longest + t] = batch.ids()[from + t];
                    types[s * longest + t] = batch.typeIds()[from + t];
                    mask[s * longest + t] = 1;
                }
            }
            long[] dims = {n, longest};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                for (String name : session.getInputNames()) {
                    long[] values = switch (name) {
                        case "input_ids" -> ids;
                        case "token_type_ids" -> types;
                        case "attention_mask" -> mask;
                        default -> throw new IllegalStateException("model input " + name + " is not a BERT input");
                    };
                    inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(values), dims));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get("last_hidden_state").orElseThrow()).getFloatBuffer();
                    int dim = hidden.remaining() / (n * longest);
                    float[] all = new float[hidden.remaining()];
                    hidden.get(all);
                    float[][] out = new float[n][];
                    for (int s = 0; s < n; s++) {
                        int len = batch.length(s);
                        out[s] = len == 0 ? new float[dim] : Pooling.normalize(pooling.pool(all, s * longest * dim, len, dim));
                    }
                    return out;
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
