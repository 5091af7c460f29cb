package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.engine.PackedEncoder;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.onnx.OnnxImporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The int8 models on the packed fast engine: against the reference executor (each sentence run
 * alone through the unfused ONNX graph), and a sentence alone against the same sentence in a
 * mixed batch.
 */
class Int8PackedEncoderTest {
    /**
     * Against the reference, a floor and not 1e-6: the fast engine's float operators (layer norm,
     * softmax, GELU, the attention products) round differently from the reference's (which sums in
     * double) by an ulp or so, and in an int8 model an ulp that crosses a rounding tie of
     * DynamicQuantizeLinear changes a code and then, through the per-tensor scale, the later
     * layers (see Int8VsOnnxRuntimeTest, docs/runtime-ops.md). Sentences without such a tie agree
     * to about 1e-6; the quantized matmul itself is exact (Int8LinearTest).
     */
    private static final double FLOOR = 0.99;

    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "",
            "Ferrite runs transformer models on the JVM, in pure Java: no JNI, no native library!",
            "Crème brûlée",
            "Packed, not padded: every sequence is quantized over its own rows.",
            "A much longer sentence, so that the batch mixes lengths: the activation range of one sequence must not leak "
                    + "into another, or an embedding would depend on what it was batched with.");

    private static TokenBatch alone(TokenBatch batch, int s) {
        int from = batch.starts()[s], to = batch.starts()[s + 1];
        return new TokenBatch(Arrays.copyOfRange(batch.ids(), from, to), Arrays.copyOfRange(batch.typeIds(), from, to), new int[] {0, to - from});
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"ALL_MINILM_L6_V2_Q", "BGE_SMALL_EN_V15_Q", "E5_SMALL_V2_Q"})
    void int8ModelsRunOnThePackedEngine(TestModels which) {
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which));
        assertThat(model.encoder()).isInstanceOf(PackedEncoder.class);
        int dim = model.encoder().hiddenSize();
        List<dev.ferrite.tokenizers.Encoding> encodings = new ArrayList<>();
        for (String s : SENTENCES) encodings.add(model.encode(s));
        TokenBatch batch = TokenBatch.of(encodings);

        Graph graph = OnnxImporter.load(which.onnx(), which.onnxName(), null);
        // A sentence alone gives exactly what it gives inside the batch: its quantization scales are
        // its own. Bit for bit, on the scalar kernels and on the vector ones below.
        try (ComputePool pool = new ComputePool(2)) {
            Encoder scalar = PackedEncoder.of(graph, "last_hidden_state", Kernels.scalar(), pool).orElseThrow();
            float[] inBatch = scalar.run(batch);
            for (int s = 0; s < batch.size(); s++) {
                assertThat(scalar.run(alone(batch, s))).as("%s, sentence %d alone vs in the batch (scalar kernels)", which, s)
                        .containsExactly(Arrays.copyOfRange(inBatch, batch.starts()[s] * dim, batch.starts()[s + 1] * dim));
            }
        }
        // The same on the engine the model uses (Vector API kernels): the softmax's exp is built from
        // exact IEEE operations, so bits do not depend on the batch or on the JIT's state.
        float[] packed = model.hiddenStates(batch);
        for (int s = 0; s < batch.size(); s++) {
            int from = batch.starts()[s], to = batch.starts()[s + 1];
            assertThat(model.hiddenStates(alone(batch, s))).as("%s, sentence %d alone vs in the batch", which, s)
                    .containsExactly(Arrays.copyOfRange(packed, from * dim, to * dim));
        }

        Encoder reference = new ReferenceEncoder(graph, Map.of("input_ids", DType.INT64, "attention_mask", DType.INT64,
                "token_type_ids", DType.INT64), "last_hidden_state", dim);
        float[] exact = reference.run(batch);
        double maxDiff = 0;
        double minCos = 1;
        for (int s = 0; s < batch.size(); s++) {
            int from = batch.starts()[s], to = batch.starts()[s + 1];
            double diff = 0;
            for (int i = from * dim; i < to * dim; i++) diff = Math.max(diff, Math.abs(packed[i] - exact[i]));
            double cos = Similarity.cosine(Arrays.copyOfRange(packed, from * dim, to * dim),
                    Arrays.copyOfRange(exact, from * dim, to * dim));
            System.out.printf("%s sentence %d (%d tokens): max abs diff vs reference %.3g, cosine %.9f%n", which, s, to - from, diff, cos);
            assertThat(cos).as("%s, sentence %d vs the reference executor", which, s).isGreaterThanOrEqualTo(FLOOR);
            maxDiff = Math.max(maxDiff, diff);
            minCos = Math.min(minCos, cos);
        }
        System.out.printf("%s: packed int8 engine vs reference executor: max abs diff %.3g, min cosine %.9f%n", which, maxDiff, minCos);
    }
}
