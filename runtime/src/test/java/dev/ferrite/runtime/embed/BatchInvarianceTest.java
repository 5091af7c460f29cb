package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.engine.PackedEncoder;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.onnx.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule, bit for bit: a sequence's hidden states do not depend on what else is in its
 * batch, where it sits there, or how many threads run it. Each sequence runs alone first, while the
 * kernels are still cold (interpreted or C1), then inside batches of other sequences at several
 * offsets on one and on two threads; every float must be identical.
 */
class BatchInvarianceTest {
    @Test
    void aSequenceGivesTheSameBitsAloneAndAnywhereInAnyBatchOnAnyThreadCount() throws Exception {
        TestModels which = TestModels.ALL_MINILM_L6_V2;
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which));
        Graph graph = OnnxImporter.load(which.onnx(), which.onnxName(), null);
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("ferrite.fixtures"), "corpus", "english.txt"));
        // Lengths that leave every kind of remainder: 1 token, short, odd, a multiple of 4 and 16, long.
        List<int[]> seqs = new ArrayList<>();
        seqs.add(new int[] {101});
        for (int i = 0; seqs.size() < 12; i += 53) seqs.add(model.encode(lines.get(i)).ids());
        seqs.add(model.encode(String.join(" ", lines.subList(100, 110))).ids());

        try (ComputePool one = new ComputePool(1); ComputePool two = new ComputePool(2)) {
            Encoder single = PackedEncoder.of(graph, "last_hidden_state", Kernels.vector(), one).orElseThrow();
            Encoder dual = PackedEncoder.of(graph, "last_hidden_state", Kernels.vector(), two).orElseThrow();
            int dim = single.hiddenSize();
            List<float[]> alone = new ArrayList<>();
            for (int[] ids : seqs) alone.add(single.run(pack(List.of(ids)))); // cold
            Random random = new Random(7);
            for (Encoder encoder : List.of(dual, single, dual)) {
                for (int round = 0; round < 6; round++) {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < seqs.size(); i++) order.add(i);
                    Collections.shuffle(order, random);
                    List<Integer> picked = order.subList(0, 1 + random.nextInt(seqs.size()));
                    List<int[]> batch = new ArrayList<>();
                    for (int i : picked) batch.add(seqs.get(i));
                    TokenBatch tb = pack(batch);
                    float[] hidden = encoder.run(tb);
                    for (int s = 0; s < picked.size(); s++) {
                        float[] inBatch = Arrays.copyOfRange(hidden, tb.starts()[s] * dim, tb.starts()[s + 1] * dim);
                        int differs = Arrays.mismatch(inBatch, alone.get(picked.get(s)));
                        assertThat(differs).as("first differing float of sequence %d (%d tokens) at position %d of %d, token offset %d, %s",
                                picked.get(s), tb.length(s), s, picked.size(), tb.starts()[s], encoder == single ? "1 thread" : "2 threads")
                                .isEqualTo(-1);
                    }
                }
            }
        }
    }

    /** Sequences of ids packed end to end, every token type 0. */
    private static TokenBatch pack(List<int[]> seqs) {
        int[] starts = new int[seqs.size() + 1];
        for (int i = 0; i < seqs.size(); i++) starts[i + 1] = starts[i] + seqs.get(i).length;
        int[] ids = new int[starts[seqs.size()]];
        for (int i = 0; i < seqs.size(); i++) System.arraycopy(seqs.get(i), 0, ids, starts[i], seqs.get(i).length);
        return new TokenBatch(ids, new int[ids.length], starts);
    }
}
