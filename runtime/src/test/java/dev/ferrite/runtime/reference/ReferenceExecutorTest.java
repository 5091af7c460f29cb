package dev.ferrite.runtime.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.onnx.OnnxImporter;
import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 run by the reference executor and by ONNX Runtime on the same token ids (from
 * Ferrite's tokenizer, a padded batch of sentences of different lengths): the last hidden states
 * agree to 1e-4 everywhere, padding positions included.
 */
class ReferenceExecutorTest {
    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Ferrite runs transformer models on the JVM, in pure Java!",
            "short");

    @Test
    void lastHiddenStateMatchesOnnxRuntime() throws OrtException {
        TestModels model = TestModels.ALL_MINILM_L6_V2;
        byte[] onnx = model.onnxBytes();
        Graph graph = OnnxImporter.load(ByteBuffer.wrap(onnx), model.onnxName(), null);
        Tokenizer tokenizer = Tokenizer.fromJson(new String(model.tokenizerJson(), StandardCharsets.UTF_8));
        List<Encoding> encodings = tokenizer.encodeBatch(SENTENCES, true);
        int batch = encodings.size();
        int length = encodings.stream().mapToInt(e -> e.ids().length).max().orElseThrow();
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            Encoding e = encodings.get(b);
            for (int t = 0; t < e.ids().length; t++) {
                ids[b * length + t] = e.ids()[t];
                mask[b * length + t] = e.attentionMask()[t];
                types[b * length + t] = e.typeIds()[t];
            }
        }
        int[] shape = {batch, length};
        Map<String, NdArray> out = new ReferenceExecutor(graph).run(Map.of(
                "input_ids", NdArray.longs(shape, ids),
                "attention_mask", NdArray.longs(shape, mask),
                "token_type_ids", NdArray.longs(shape, types)));
        NdArray hidden = out.get("last_hidden_state");
        assertThat(hidden.shape()).containsExactly(batch, length, 384);

        float[] expected = onnxRuntime(onnx, shape, ids, mask, types);
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - hidden.f()[i]));
        }
        assertThat(maxDiff).as("max |Ferrite - ONNX Runtime| over %d values", expected.length).isLessThanOrEqualTo(1e-4);
        // The comparison means something: the states are not all zero and differ between tokens.
        assertThat(hidden.f()[0]).isNotEqualTo(hidden.f()[384]);
    }

    private static float[] onnxRuntime(byte[] onnx, int[] shape, long[] ids, long[] mask, long[] types)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] dims = {shape[0], shape[1]};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options);
                    OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), dims);
                    OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), dims);
                    OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), dims)) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put("input_ids", i);
                inputs.put("attention_mask", m);
                inputs.put("token_type_ids", t);
                try (OrtSession.Result result = session.run(inputs)) {
                    OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
                    var buffer = hidden.getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    return values;
                }
            }
        }
    }

    @Test
    void anOperatorFerriteLacksIsRejectedAtConstructionNamingOpNodeAndOpset() {
        Value x = new Value("x", new TensorType(DType.FLOAT32, Optional.empty()));
        Graph einsum = new Graph("tiny.onnx", "g", List.of(x), List.of(new Value("y", x.type())),
                List.of(new Node("mix", "Einsum", "", List.of("x"), List.of("y"), Map.of())), Map.of(), Map.of("", 12L));
        assertThatThrownBy(() -> new ReferenceExecutor(einsum)).isInstanceOf(ModelException.class)
                .hasMessage("tiny.onnx: operator Einsum (opset 12, node 'mix') is not supported by Ferrite");
        Graph contrib = new Graph("tiny.onnx", "g", List.of(x), List.of(new Value("y", x.type())),
                List.of(new Node("FastGelu#0", "FastGelu", "com.microsoft", List.of("x"), List.of("y"), Map.of())),
                Map.of(), Map.of("", 14L, "com.microsoft", 1L));
        assertThatThrownBy(() -> new ReferenceExecutor(contrib)).isInstanceOf(ModelException.class)
                .hasMessage("tiny.onnx: operator com.microsoft.FastGelu (opset 1, node 'FastGelu#0') is not supported by Ferrite");
    }

    @Test
    void theInt8ModelsAreAccepted() {
        TestModels model = TestModels.ALL_MINILM_L6_V2_Q;
        Graph graph = OnnxImporter.load(model.onnx(), model.onnxName(), null);
        assertThat(new ReferenceExecutor(graph).graph()).isSameAs(graph);
    }
}
