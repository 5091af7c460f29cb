package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.tokenizers.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ferrite against ONNX Runtime on every target model: the same ONNX file, the same token ids (Ferrite's
 * tokenizer), each sentence run alone by ONNX Runtime, the whole set run by Ferrite as one packed
 * {@link TokenBatch}. Compared: the last hidden states (largest absolute difference over every token)
 * and the pooled, normalized embeddings (cosine). Inputs are a few real lines of the shared corpora,
 * the empty string and one input of 200+ tokens; few, because the reference executor is slow. The
 * models are loaded from their jars, as files, through the jar loader.
 */
class EmbeddingVsOnnxRuntimeTest {
    /** Tokens of the long input, at least: well past the 128 most inputs of the other tests stay under. */
    private static final int LONG = 200;
    /** Enough for {@link #LONG}: every target model has 512 positions, while some tokenizer.json files cut at 128. */
    private static final EmbeddingOptions OPTIONS = EmbeddingOptions.defaults().withMaxLength(512);

    /**
     * What each model must meet.
     *
     * @param minCosine  lowest cosine allowed between Ferrite's and ONNX Runtime's embedding of a text
     * @param maxAbsDiff largest absolute difference allowed in any last hidden state
     */
    private record Bounds(Pooling pooling, double minCosine, double maxAbsDiff) {
    }

    private static Bounds bounds(TestModels which) {
        return switch (which) {
            case ALL_MINILM_L6_V2, E5_SMALL_V2 -> new Bounds(Pooling.MEAN, 0.99999, 1e-4);
            case BGE_SMALL_EN_V15, BGE_SMALL_ZH_V15 -> new Bounds(Pooling.CLS, 0.99999, 1e-4);
            default -> throw new IllegalArgumentException(which + ": the int8 models have their own tests");
        };
    }

    // The int8 models: Int8VsOnnxRuntimeTest (end to end, on the corpora) and Int8OpsVsOnnxRuntimeTest (node by node).
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestModels.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"ALL_MINILM_L6_V2_Q", "BGE_SMALL_EN_V15_Q", "E5_SMALL_V2_Q"})
    void agreesWithOnnxRuntime(TestModels which) throws Exception {
        Bounds bounds = bounds(which);
        EmbeddingModel model = EmbeddingModel.load(jarOf(which), OPTIONS.withPooling(bounds.pooling()));
        List<String> texts = inputs(which, model);
        List<Encoding> encodings = texts.stream().map(model::encode).toList();
        assertThat(encodings.getLast().length()).as("tokens of the long input").isGreaterThanOrEqualTo(LONG);
        TokenBatch batch = TokenBatch.of(encodings);
        float[] hidden = model.hiddenStates(batch);
        float[][] ferrite = model.pool(batch, hidden, true);
        int dim = hidden.length / batch.tokens();
        assertThat(dim).isEqualTo(model.dimension());

        double minCosine = 1;
        double maxDiff = 0;
        List<String> failures = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(which.onnxBytes(), options)) {
                for (int s = 0; s < texts.size(); s++) {
                    Encoding e = encodings.get(s);
                    int n = e.length();
                    float[] expectedStates = run(env, session, e);
                    float[] states = Arrays.copyOfRange(hidden, batch.starts()[s] * dim, (batch.starts()[s] + n) * dim);
                    double diff = maxAbsDiff(states, expectedStates);
                    double cos = Similarity.cosine(ferrite[s], Pooling.normalize(bounds.pooling().pool(expectedStates, n, dim)));
                    System.out.printf("%s: text %d (%d tokens): cosine %.9f, max |diff| %.3g%n", which, s, n, cos, diff);
                    if (cos < bounds.minCosine() || diff > bounds.maxAbsDiff()) {
                        failures.add(String.format("text %d (%d tokens, \"%.40s\"): cosine %.9f, max |diff| %.3g",
                                s, n, texts.get(s), cos, diff));
                    }
                    minCosine = Math.min(minCosine, cos);
                    maxDiff = Math.max(maxDiff, diff);
                }
            }
        }
        System.out.printf("%s: min cosine %.9f, max |diff| %.3g over %d texts%n", which, minCosine, maxDiff, texts.size());
        assertThat(failures).as("%s against ONNX Runtime (bounds: cosine >= %s, max |diff| <= %s)",
                which, bounds.minCosine(), bounds.maxAbsDiff()).isEmpty();
        // The comparison means something: different texts embed differently.
        assertThat(Similarity.cosine(ferrite[0], ferrite[2])).isLessThan(0.95);
    }

    /** A packed batch of mixed lengths (long, empty, short) gives each sequence exactly what it gives alone. */
    @Test
    void aMixedLengthBatchEqualsEachTextAlone() {
        EmbeddingModel model = EmbeddingModel.load(jarOf(TestModels.ALL_MINILM_L6_V2), OPTIONS);
        List<String> texts = inputs(TestModels.ALL_MINILM_L6_V2, model);
        List<Encoding> mixed = List.of(model.encode(texts.getLast()), model.encode(""), model.encode(texts.get(1)));
        TokenBatch batch = TokenBatch.of(mixed);
        float[] hidden = model.hiddenStates(batch);
        float[][] vectors = model.embed(batch, true);
        for (int s = 0; s < mixed.size(); s++) {
            TokenBatch alone = TokenBatch.of(List.of(mixed.get(s)));
            int dim = model.dimension();
            assertThat(Arrays.copyOfRange(hidden, batch.starts()[s] * dim, batch.starts()[s + 1] * dim))
                    .as("states of sequence %d", s).containsExactly(model.hiddenStates(alone));
            assertThat(vectors[s]).as("embedding of sequence %d", s).containsExactly(model.embed(alone, true)[0]);
        }
    }

    /**
     * The texts for {@code which}: three lines of a corpus (english.txt; multilingual.txt's Chinese
     * lines for bge-small-zh), the empty string, and last, lines of the same corpus joined until
     * they make at least {@link #LONG} tokens.
     */
    private static List<String> inputs(TestModels which, EmbeddingModel model) {
        List<String> lines = which == TestModels.BGE_SMALL_ZH_V15
                ? corpus("multilingual").stream().filter(l -> l.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF)).toList()
                : corpus("english");
        // A long, a short and a medium line of the corpus's first lines.
        List<String> texts = new ArrayList<>(List.of(lines.get(1), lines.get(2), lines.get(3), ""));
        StringBuilder joined = new StringBuilder();
        for (int i = 10; model.encode(joined.toString()).length() < LONG; i++) {
            joined.append(joined.isEmpty() ? "" : " ").append(lines.get(i));
        }
        texts.add(joined.toString());
        return texts;
    }

    private static List<String> corpus(String name) {
        String fixtures = System.getProperty("ferrite.fixtures");
        assertThat(fixtures).as("system property ferrite.fixtures (the parent pom sets it)").isNotNull();
        Path file = Path.of(fixtures, "corpus", name + ".txt");
        assertThat(file).as("corpus fixture (../shared/fixtures beside the repository)").isRegularFile();
        try {
            return Files.readString(file).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ONNX Runtime's last hidden states for one sequence, [tokens, hidden] row-major. */
    static float[] run(OrtEnvironment env, OrtSession session, Encoding e) throws OrtException {
        return run(env, session, e.ids(), e.typeIds(), e.attentionMask());
    }

    /** ONNX Runtime's last hidden states for one sequence of token ids, type ids and attention mask. */
    static float[] run(OrtEnvironment env, OrtSession session, int[] ids, int[] typeIds, int[] mask) throws OrtException {
        long[] dims = {1, ids.length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                int[] values = switch (name) {
                    case "input_ids" -> ids;
                    case "token_type_ids" -> typeIds;
                    default -> mask;
                };
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(Arrays.stream(values).asLongStream().toArray()), dims));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get("last_hidden_state").orElseThrow()).getFloatBuffer();
                float[] values = new float[hidden.remaining()];
                hidden.get(values);
                return values;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** The jar file on the test classpath that holds {@code which}'s .onnx. */
    static Path jarOf(TestModels which) {
        URL url = EmbeddingVsOnnxRuntimeTest.class.getClassLoader().getResource(which.onnxName());
        assertThat(url).as("%s on the test classpath", which.onnxName()).isNotNull();
        assertThat(url.getProtocol()).isEqualTo("jar");
        String spec = url.toString(); // jar:file:/.../x.jar!/x.onnx
        return Path.of(URI.create(spec.substring("jar:".length(), spec.indexOf("!/"))));
    }
}
