package dev.ferrite.runtime.engine;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.embed.Encoder;
import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.passes.Optimizer;
import dev.ferrite.runtime.kernels.Activation;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.kernels.Linear;
import dev.ferrite.runtime.kernels.PackedLinears;
import dev.ferrite.runtime.kernels.WeightMemory;
import dev.ferrite.runtime.io.BinaryReader;
import dev.ferrite.runtime.io.BinaryWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The fast {@link Encoder}: a BERT graph, fused by the {@link Optimizer} and read as a {@link
 * BertPlan}, run on packed sequences. The whole batch is one {@code [tokens, hidden]} matrix
 * through every matmul (no padding is ever computed); only attention goes sequence by sequence.
 * Q, K and V are one matmul ({@code [hidden, 3 * hidden]}); bias, residual and GELU are applied as
 * each matmul stores its result.
 *
 * <p>Activation buffers come from a pool of workspaces, each grown to the largest batch it has
 * seen, so steady-state calls allocate only the returned array. Thread-safe, {@link #useWeightsOf}
 * included.
 */
public final class PackedEncoder implements Encoder {
    private final String source;
    private final Kernels kernels;
    private final ComputePool pool;
    private final int hidden;
    private final int vocab;
    private final int types;
    private final int positions;
    private final int widest;
    /** Read once per forward pass, which then runs on that set whole, whatever {@link #useWeightsOf} does meanwhile. */
    private volatile Weights weights;
    private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();

    /**
     * What a layer's forward pass reads: the packed linears and the small tensors. Not the plan's
     * own weights: once packed they would only double the heap the model holds.
     */
    private record Layer(int heads, int headDim, float scale, Linear qkv, Linear attentionOut, BertPlan.Norm attentionNorm,
            Linear intermediate, Linear output, BertPlan.Norm outputNorm) {
    }

    /**
     * All a forward pass reads of the model, immutable: the embedding tables and layers, and whether
     * they are read in place from a written encoder ({@link #read}) or were packed into memory of
     * this process. Freed with the last reference to it (the segments are in automatic arenas).
     */
    private record Weights(WordTable word, float[] type, float[] position, BertPlan.Norm embeddingNorm, List<Layer> layers,
            boolean mapped) {
    }

    private PackedEncoder(String source, Kernels kernels, ComputePool pool, int hidden, int types, int positions, Weights weights) {
        this.source = source;
        this.kernels = kernels;
        this.pool = pool;
        this.hidden = hidden;
        this.vocab = weights.word().rows();
        this.types = types;
        this.positions = positions;
        this.weights = weights;
        int wide = 3 * hidden;
        for (Layer l : weights.layers()) wide = Math.max(wide, l.intermediate().outFeatures());
        this.widest = wide;
    }

    private static PackedEncoder packed(String source, BertPlan plan, Kernels kernels, ComputePool pool) {
        int hidden = plan.hidden();
        // Layers are packed in parallel on the pool (a load-time loop; packing is copying, ~100 ms for MiniLM).
        WeightMemory memory = kernels == Kernels.vector() && Kernels.offHeapWeights() ? WeightMemory.of(packedBytes(plan)) : null;
        Layer[] packed = new Layer[plan.layers().size()];
        WordTable[] word = new WordTable[1];
        // The word table's copy (47 MB for MiniLM) is a task beside the layers, first as the largest:
        // after them, it kept one core busy while the other had nothing to do.
        pool.parallelFor(packed.length + 1, (i, worker) -> {
            if (i == 0) word[0] = new WordTable(plan.word());
            else packed[i - 1] = pack(kernels, plan.layers().get(i - 1), hidden, memory);
        });
        return new PackedEncoder(source, kernels, pool, hidden, plan.type() == null ? 0 : (int) plan.type().shape()[0],
                (int) plan.position().shape()[0], new Weights(word[0], plan.type() == null ? null : floats(plan.type()),
                        floats(plan.position()), plan.embeddingNorm(), List.of(packed), false));
    }

    /**
     * The fast encoder for {@code graph} when it fuses into a BERT encoder whose last hidden states
     * are graph output {@code output}; empty otherwise (the caller keeps the reference path).
     */
    public static Optional<PackedEncoder> of(Graph graph, String output, Kernels kernels, ComputePool pool) {
        return BertPlan.match(Optimizer.optimize(graph), output).map(p -> packed(graph.source(), p, kernels, pool));
    }

    /**
     * Whether {@link #write} can save this encoder: it runs on the Vector API kernels with its weights
     * off the heap (the form {@link #read} restores).
     */
    public boolean writable() {
        return kernels == Kernels.vector() && weights.layers().stream().allMatch(l -> PackedLinears.writable(l.qkv())
                && PackedLinears.writable(l.attentionOut()) && PackedLinears.writable(l.intermediate())
                && PackedLinears.writable(l.output()));
    }

    /** Writes the encoder as packed, for {@link #read}; it must be {@link #writable}. */
    public void write(BinaryWriter out) throws IOException {
        if (!writable()) throw new IllegalStateException(this + " cannot be written");
        Weights w = weights;
        out.writeInt(hidden);
        w.word().write(out);
        out.writeFloats(w.type());
        out.writeInt(types);
        out.writeFloats(w.position());
        out.writeInt(positions);
        writeNorm(w.embeddingNorm(), out);
        out.writeInt(w.layers().size());
        for (Layer l : w.layers()) {
            out.writeInt(l.heads());
            out.writeInt(l.headDim());
            out.writeFloat(l.scale());
            PackedLinears.write(l.qkv(), out);
            PackedLinears.write(l.attentionOut(), out);
            writeNorm(l.attentionNorm(), out);
            PackedLinears.write(l.intermediate(), out);
            PackedLinears.write(l.output(), out);
            writeNorm(l.outputNorm(), out);
        }
    }

    /**
     * An encoder written by {@link #write}, on the Vector API kernels, its weights read in place from
     * {@code in}'s segment (a mapped file: nothing is packed again).
     *
     * @param source how messages name the model
     * @throws BinaryReader.DamagedFileException when the file does not hold an encoder as written
     */
    public static PackedEncoder read(BinaryReader in, String source, ComputePool pool) {
        int hidden = in.readInt();
        WordTable word = new WordTable(in);
        float[] type = in.readFloats();
        int types = in.readInt();
        float[] position = in.readFloats();
        int positions = in.readInt();
        BertPlan.Norm embeddingNorm = readNorm(in, hidden);
        int count = in.readInt();
        if (hidden <= 0 || position == null || (long) positions * hidden != position.length
                || (type == null ? types != 0 : (long) types * hidden != type.length) || count <= 0 || count > 1024) {
            throw new BinaryReader.DamagedFileException("an encoder of hidden size " + hidden + " with " + count + " layers");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int heads = in.readInt();
            int headDim = in.readInt();
            float scale = in.readFloat();
            Layer l = new Layer(heads, headDim, scale, PackedLinears.read(in), PackedLinears.read(in), readNorm(in, hidden),
                    PackedLinears.read(in), PackedLinears.read(in), readNorm(in, hidden));
            if (heads * headDim != hidden || !fits(l.qkv(), hidden, 3 * hidden) || !fits(l.attentionOut(), hidden, hidden)
                    || l.intermediate().inFeatures() != hidden || !fits(l.output(), l.intermediate().outFeatures(), hidden)) {
                throw new BinaryReader.DamagedFileException("layer " + i + " does not fit hidden size " + hidden);
            }
            layers.add(l);
        }
        return new PackedEncoder(source, Kernels.vector(), pool, hidden, types, positions,
                new Weights(word, type, position, embeddingNorm, List.copyOf(layers), true));
    }

    /**
     * Runs from now on with the weights of {@code same}: the same model as this encoder, written by
     * {@link #write} and {@link #read} back from the file (typically this encoder's own, just written),
     * so that the memory this encoder packed its weights into can go: a later load maps the same file,
     * and the embeddings stay bit for bit the same (same packed values, same kernels). A forward pass
     * already running ends on the weights it began with; the old ones are freed once none uses them,
     * by the garbage collector (automatic arenas): at its next collection of them, not at once.
     * That {@code same} holds the same values is the caller's word (checking would read every page of
     * the mapping in); its shapes are checked.
     *
     * @throws IllegalArgumentException when {@code same}'s shapes or kernels differ from this encoder's
     */
    public void useWeightsOf(PackedEncoder same) {
        if (same.kernels != kernels || same.hidden != hidden || same.vocab != vocab || same.types != types
                || same.positions != positions || same.widest != widest || same.weights.layers().size() != weights.layers().size()) {
            throw new IllegalArgumentException(same + " is not the model of " + this);
        }
        weights = same.weights;
    }

    /**
     * Whether the weights are read in place from a written encoder (a mapped file, see {@link #read}
     * and {@link #useWeightsOf}) rather than held in memory this process packed them into.
     */
    public boolean weightsMapped() {
        return weights.mapped();
    }

    private static boolean fits(Linear l, int in, int out) {
        return l.inFeatures() == in && l.outFeatures() == out;
    }

    private static void writeNorm(BertPlan.Norm n, BinaryWriter out) throws IOException {
        out.writeFloats(n.gamma());
        out.writeFloats(n.beta());
        out.writeFloat(n.eps());
    }

    private static BertPlan.Norm readNorm(BinaryReader in, int hidden) {
        BertPlan.Norm n = new BertPlan.Norm(in.readFloats(), in.readFloats(), in.readFloat());
        if (n.gamma() == null || n.beta() == null || n.gamma().length != hidden || n.beta().length != hidden) {
            throw new BinaryReader.DamagedFileException("a layer norm of width " + hidden);
        }
        return n;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int positions() {
        return positions;
    }

    @Override
    public float[] run(TokenBatch batch) {
        int tokens = batch.tokens();
        float[] out = new float[tokens * hidden];
        if (tokens == 0) return out;
        if (batch.maxLength() > positions) {
            throw new ModelException(source + ": a sequence of " + batch.maxLength() + " tokens is longer than the model's "
                    + positions + " positions");
        }
        Workspace ws = workspaces.poll();
        if (ws == null) ws = new Workspace();
        try {
            ws.ensure(tokens, hidden, widest);
            Workspace w = ws;
            Weights model = weights;
            pool.run(() -> forward(batch, model, w, out)); // one job: led by this thread (or worker 0 for a virtual thread), loops shared with the helpers
        } finally {
            workspaces.add(ws);
        }
        return out;
    }

    /** The forward pass, on the pool's leading worker. */
    private void forward(TokenBatch batch, Weights model, Workspace ws, float[] out) {
        int tokens = batch.tokens();
        int[] starts = batch.starts();
        List<Layer> layers = model.layers();
        BertPlan.Norm embeddingNorm = model.embeddingNorm();
        embed(batch, model, ws.h);
        kernels.layerNorm(pool, ws.h, tokens, hidden, embeddingNorm.gamma(), embeddingNorm.beta(), embeddingNorm.eps(), ws.h);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            l.qkv().forward(pool, ws.h, starts, ws.wide, null, Activation.NONE);
            kernels.attention(pool, ws.wide, starts, l.heads(), l.headDim(), l.scale(), ws.ctx);
            l.attentionOut().forward(pool, ws.ctx, starts, ws.t, ws.h, Activation.NONE);
            kernels.layerNorm(pool, ws.t, tokens, hidden, l.attentionNorm().gamma(), l.attentionNorm().beta(),
                    l.attentionNorm().eps(), ws.h);
            l.intermediate().forward(pool, ws.h, starts, ws.wide, null, Activation.GELU);
            l.output().forward(pool, ws.wide, starts, ws.t, ws.h, Activation.NONE);
            kernels.layerNorm(pool, ws.t, tokens, hidden, l.outputNorm().gamma(), l.outputNorm().beta(), l.outputNorm().eps(),
                    i == layers.size() - 1 ? out : ws.h);
        }
    }

    /** Rows of {@code h}: (word + type) + position embedding, positions restarting at 0 in every sequence. */
    private void embed(TokenBatch batch, Weights model, float[] h) {
        int[] ids = batch.ids();
        int[] typeIds = batch.typeIds();
        WordTable word = model.word();
        float[] type = model.type();
        float[] position = model.position();
        for (int s = 0; s < batch.size(); s++) {
            for (int t = batch.starts()[s]; t < batch.starts()[s + 1]; t++) {
                int id = ids[t];
                int tt = typeIds[t];
                if (id < 0 || id >= vocab) {
                    throw new ModelException(source + ": token id " + id + " is outside the vocabulary of " + vocab);
                }
                if (type != null && (tt < 0 || tt >= types)) {
                    throw new ModelException(source + ": token type id " + tt + " is outside the model's " + types + " types");
                }
                int pos = t - batch.starts()[s];
                int o = t * hidden;
                word.read(id, h, o);
                for (int c = 0; c < hidden; c++) {
                    float v = h[o + c];
                    if (type != null) v += type[tt * hidden + c];
                    h[o + c] = v + position[pos * hidden + c];
                }
            }
        }
    }

    /** A small embedding table's values (a quantized model's are dequantized here). */
    private static float[] floats(Tensor t) {
        return switch (t.data()) {
            case TensorData.Floats f -> f.values();
            case TensorData.Dequantized d -> d.toFloats();
            default -> throw new IllegalArgumentException("embeddings '" + t.name() + "' are not float32");
        };
    }

    /** What the packed linears of {@code plan} take of a {@link WeightMemory}: Q, K and V as one layer. */
    private static long packedBytes(BertPlan plan) {
        long bytes = 0;
        for (BertPlan.Layer l : plan.layers()) {
            bytes += packedBytes(l.q().int8() != null, l.q().in(), l.q().out() + l.k().out() + l.v().out());
            for (BertPlan.Dense d : List.of(l.attentionOut(), l.intermediate(), l.output())) {
                bytes += packedBytes(d.int8() != null, d.in(), d.out());
            }
        }
        return bytes;
    }

    private static long packedBytes(boolean int8, int in, int out) {
        return int8 ? WeightMemory.int8Bytes(in, out) : WeightMemory.fp32Bytes(in, out);
    }

    /** The layer's linears packed into {@code memory}, or each into memory of its own when that is null. */
    private static Layer pack(Kernels kernels, BertPlan.Layer l, int hidden, WeightMemory memory) {
        Linear qkv = l.q().int8() != null ? QuantizedDense.linear(kernels, QuantizedDense.concatColumns(l.q(), l.k(), l.v()), memory)
                : linear(kernels, concatColumns(l.q(), l.k(), l.v()), hidden, 3 * hidden, concat(l.q().bias(), l.k().bias(), l.v().bias()), memory);
        return new Layer(l.heads(), l.headDim(), l.scale(), qkv, linear(kernels, l.attentionOut(), memory), l.attentionNorm(),
                linear(kernels, l.intermediate(), memory), linear(kernels, l.output(), memory), l.outputNorm());
    }

    private static Linear linear(Kernels kernels, BertPlan.Dense d, WeightMemory memory) {
        if (d.int8() != null) return QuantizedDense.linear(kernels, d, memory);
        return linear(kernels, d.weights().values(), d.in(), d.out(), d.bias(), memory);
    }

    private static Linear linear(Kernels kernels, float[] weights, int in, int out, float[] bias, WeightMemory memory) {
        return memory == null ? kernels.linear(weights, in, out, bias) : Kernels.vectorLinear(weights, in, out, bias, memory);
    }

    /** {@code [in, a.out + b.out + c.out]}: the three weight matrices side by side. */
    private static float[] concatColumns(BertPlan.Dense a, BertPlan.Dense b, BertPlan.Dense c) {
        int in = a.in();
        int out = a.out() + b.out() + c.out();
        float[] w = new float[in * out];
        float[] aw = a.weights().values();
        float[] bw = b.weights().values();
        float[] cw = c.weights().values();
        for (int k = 0; k < in; k++) {
            System.arraycopy(aw, k * a.out(), w, k * out, a.out());
            System.arraycopy(bw, k * b.out(), w, k * out + a.out(), b.out());
            System.arraycopy(cw, k * c.out(), w, k * out + a.out() + b.out(), c.out());
        }
        return w;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }

    @Override
    public String toString() {
        return "PackedEncoder[" + source + ", " + weights.layers().size() + " layers, hidden " + hidden + ", " + kernels.getClass().getSimpleName() + "]";
    }

    /** Activation buffers of one call: h, t, ctx {@code [tokens, hidden]}; wide {@code [tokens, max(3 hidden, intermediate)]}. */
    private static final class Workspace {
        float[] h = new float[0];
        float[] t = h;
        float[] ctx = h;
        float[] wide = h;

        void ensure(int tokens, int hidden, int widest) {
            if (h.length < tokens * hidden) {
                int rows = Math.max(tokens, h.length / Math.max(hidden, 1) * 3 / 2);
                h = new float[rows * hidden];
                t = new float[rows * hidden];
                ctx = new float[rows * hidden];
                wide = new float[rows * widest];
            }
        }
    }
}
