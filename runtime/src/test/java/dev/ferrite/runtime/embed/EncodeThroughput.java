package dev.ferrite.runtime.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.tokenizers.Encoding;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A side-by-side throughput run (not a test): the packed engine against ONNX Runtime in the same
 * JVM on the first lines of english.txt, in file order, tokenized beforehand (model time only).
 * Batch 1, and batches of 32 (ONNX Runtime pads each to its longest line with an attention mask;
 * Ferrite packs). Both on 2 threads. Run from the test classpath:
 * {@code java --add-modules jdk.incubator.vector -Dferrite.fixtures=... -cp ... dev.ferrite.runtime.embed.EncodeThroughput [model] [lines]}.
 */
public final class EncodeThroughput {
    public static void main(String[] args) throws Exception {
        TestModels which = args.length > 0 ? TestModels.valueOf(args[0]) : TestModels.ALL_MINILM_L6_V2;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which));
        System.out.println("Ferrite encoder: " + model.encoder());
        List<String> text = Files.readAllLines(Path.of(System.getProperty("ferrite.fixtures"), "corpus", "english.txt"))
                .subList(0, lines);
        List<Encoding> enc = new ArrayList<>();
        for (String t : text) enc.add(model.encode(t));
        long tokens = enc.stream().mapToLong(e -> e.ids().length).sum();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(which.onnxBytes(), options)) {
                for (int batch : new int[] {1, 32}) {
                    for (int round = 0; round < 3; round++) { // the first rounds warm both up
                        long t0 = System.nanoTime();
                        for (int i = 0; i < enc.size(); i += batch) {
                            model.hiddenStates(TokenBatch.of(enc.subList(i, Math.min(enc.size(), i + batch))));
                        }
                        long t1 = System.nanoTime();
                        long padded = 0;
                        for (int i = 0; i < enc.size(); i += batch) {
                            padded += ort(env, session, enc.subList(i, Math.min(enc.size(), i + batch)));
                        }
                        long t2 = System.nanoTime();
                        double f = (t1 - t0) / 1e9, o = (t2 - t1) / 1e9;
                        System.out.printf("%s batch %d round %d: Ferrite %.1f sentences/s %.0f tokens/s | ONNX Runtime %.1f sentences/s "
                                + "%.0f tokens/s (%d padded tokens computed for %d) | ratio %.2f%n", which, batch, round, lines / f, tokens / f,
                                lines / o, tokens / o, padded, tokens, o / f);
                    }
                }
            }
        }
        System.exit(0);
    }

    /** Runs one padded batch; returns the tokens ONNX Runtime computed (batch x longest). */
    private static long ort(OrtEnvironment env, OrtSession session, List<Encoding> batch) throws Exception {
        int max = batch.stream().mapToInt(e -> e.ids().length).max().orElse(0);
        long[] ids = new long[batch.size() * max];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int b = 0; b < batch.size(); b++) {
            Encoding e = batch.get(b);
            for (int t = 0; t < e.ids().length; t++) {
                ids[b * max + t] = e.ids()[t];
                mask[b * max + t] = 1;
                types[b * max + t] = e.typeIds()[t];
            }
        }
        long[] dims = {batch.size(), max};
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), dims));
            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), dims));
            in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), dims));
            try (OrtSession.Result r = session.run(in)) {
                return ids.length;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }
}
