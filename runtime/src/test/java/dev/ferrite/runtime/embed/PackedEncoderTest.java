package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.engine.PackedEncoder;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.onnx.OnnxImporter;
import dev.ferrite.tokenizers.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The packed fast engine against ONNX Runtime, token by token on the last hidden state, on real
 * corpus lines run as one mixed-length batch; and against the reference executor.
 */
class PackedEncoderTest {
    /** Lines taken from each corpus file (every 37th, so the sample spans the file). */
    private static final int LINES = 48;

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"ALL_MINILM_L6_V2", "BGE_SMALL_EN_V15", "BGE_SMALL_ZH_V15", "E5_SMALL_V2"})
    void fp32ModelsRunOnThePackedEngineAndMatchOnnxRuntime(TestModels which) throws Exception {
        // 512: every position the models have (MiniLM's own limit is 128).
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which), EmbeddingOptions.defaults().withMaxLength(512));
        assertThat(model.encoder()).isInstanceOf(PackedEncoder.class);
        assertThat(model.encoder().toString()).startsWith("PackedEncoder[");

        List<Encoding> encodings = new ArrayList<>();
        for (String line : corpusSample()) encodings.add(model.encode(line));
        encodings.add(model.encode("x".repeat(20) + " word".repeat(700))); // truncated to the model's 512
        TokenBatch batch = TokenBatch.of(encodings);
        assertThat(batch.maxLength()).isEqualTo(512);
        float[] hidden = model.hiddenStates(batch);
        int dim = model.encoder().hiddenSize();

        double minCos = 1;
        double maxDiff = 0;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(which.onnxBytes(), options)) {
                for (int s = 0; s < batch.size(); s++) {
                    int n = batch.length(s);
                    float[] expected = ort(env, session, Arrays.copyOfRange(batch.ids(), batch.starts()[s], batch.starts()[s + 1]),
                            Arrays.copyOfRange(batch.typeIds(), batch.starts()[s], batch.starts()[s + 1]));
                    float[] actual = Arrays.copyOfRange(hidden, batch.starts()[s] * dim, (batch.starts()[s] + n) * dim);
                    for (int i = 0; i < actual.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
                    for (int t = 0; t < n; t++) {
                        minCos = Math.min(minCos, Similarity.cosine(
                                Arrays.copyOfRange(actual, t * dim, (t + 1) * dim), Arrays.copyOfRange(expected, t * dim, (t + 1) * dim)));
                    }
                }
                // Length 1: the first token alone.
                int[] one = {batch.ids()[0]};
                float[] alone = model.hiddenStates(new TokenBatch(one, new int[1], new int[] {0, 1}));
                float[] expected = ort(env, session, one, new int[1]);
                for (int i = 0; i < dim; i++) maxDiff = Math.max(maxDiff, Math.abs(alone[i] - expected[i]));
            }
        }
        System.out.printf("%s: packed engine vs ONNX Runtime over %d sequences (%d tokens): min token cosine %.9f, max abs diff %.3g%n",
                which, batch.size(), batch.tokens(), minCos, maxDiff);
        assertThat(minCos).isGreaterThanOrEqualTo(0.99999);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-4);

        // A sequence gives the same states, bit for bit, alone and inside the mixed batch (the
        // first batch ran cold, before the kernels were compiled): see BatchInvarianceTest.
        float[] again = model.hiddenStates(batch);
        for (int s : new int[] {0, 7, batch.size() - 1}) {
            int from = batch.starts()[s], to = batch.starts()[s + 1];
            float[] alone = model.hiddenStates(new TokenBatch(Arrays.copyOfRange(batch.ids(), from, to),
                    Arrays.copyOfRange(batch.typeIds(), from, to), new int[] {0, to - from}));
            assertThat(Arrays.mismatch(alone, Arrays.copyOfRange(again, from * dim, to * dim))).as("sequence %d", s).isEqualTo(-1);
            assertThat(Arrays.mismatch(alone, Arrays.copyOfRange(hidden, from * dim, to * dim))).as("sequence %d, cold", s).isEqualTo(-1);
        }
    }

    @Test
    void aMaxLengthPastTheModelsPositionsFailsAtLoad() {
        Path jar = EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.ALL_MINILM_L6_V2);
        assertThatThrownBy(() -> EmbeddingModel.load(jar, EmbeddingOptions.defaults().withMaxLength(513)))
                .isInstanceOf(ModelException.class).hasMessageContaining("max length of 513 tokens is more than the model's 512 positions");
        assertThat(EmbeddingModel.load(jar, EmbeddingOptions.defaults().withMaxLength(512)).maxLength()).isEqualTo(512);
    }

    @Test
    void packedEngineAgreesWithTheReferenceExecutorOnAMixedBatch() {
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.ALL_MINILM_L6_V2));
        TokenBatch batch = TokenBatch.of(List.of(model.encode("Packed, not padded."), model.encode(""),
                model.encode("Ferrite runs transformer models on the JVM, in pure Java.")));
        Graph graph = OnnxImporter.load(TestModels.ALL_MINILM_L6_V2.onnx(), TestModels.ALL_MINILM_L6_V2.onnxName(), null);
        Encoder reference = new ReferenceEncoder(graph, Map.of("input_ids", DType.INT64, "attention_mask", DType.INT64,
                "token_type_ids", DType.INT64), "last_hidden_state", 384);
        float[] fast = model.hiddenStates(batch);
        float[] exact = reference.run(batch);
        double maxDiff = 0;
        for (int i = 0; i < fast.length; i++) maxDiff = Math.max(maxDiff, Math.abs(fast[i] - exact[i]));
        assertThat(fast).hasSameSizeAs(exact);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
        assertThat(reference.toString()).startsWith("ReferenceEncoder[");
    }

    static List<String> corpusSample() throws IOException {
        Path dir = Path.of(System.getProperty("ferrite.fixtures"), "corpus");
        List<String> sample = new ArrayList<>();
        for (String file : List.of("english.txt", "multilingual.txt")) {
            List<String> lines = Files.readAllLines(dir.resolve(file));
            for (int i = 0; i < lines.size() && sample.size() < (file.startsWith("e") ? LINES : 2 * LINES); i += 37) {
                sample.add(lines.get(i));
            }
        }
        return sample;
    }

    private static float[] ort(OrtEnvironment env, OrtSession session, int[] ids, int[] types) throws OrtException {
        int[] mask = new int[ids.length];
        Arrays.fill(mask, 1);
        return EmbeddingVsOnnxRuntimeTest.run(env, session, ids, types, mask);
    }
}
