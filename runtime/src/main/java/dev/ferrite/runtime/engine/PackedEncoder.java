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
 * seen, so steady-state calls allocate only the returned array. Thread-safe.
 */
public final class PackedEncoder implements Encoder {
    private final String source;
    private final Kernels kernels;
    private final ComputePool pool;
    private final int hidden;
    private final WordTable word;
    private final float[] type;
    private final float[] position;
    private final int vocab;
    private final int types;
    private final int positions;
    private final BertPlan.Norm embeddingNorm;
    private final List<Layer> layers;
    private final int widest;
    private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();

    /**
     * What a layer's forward pass reads: the packed linears and the small tensors. Not the plan's
     * own weights: once packed they would only double the heap the model holds.
     */
    private record Layer(int heads, int headDim, float scale, Linear qkv, Linear attentionOut, BertPlan.Norm attentionNorm,
            Linear intermediate, Linear output, BertPlan.Norm outputNorm) {
    }

    private PackedEncoder(String source, Kernels kernels, ComputePool pool, int hidden, WordTable word, float[] type,
            int types, float[] position, int positions, BertPlan.Norm embeddingNorm, List<Layer> layers) {
        this.source = source;
        this.kernels = kernels;
        this.pool = pool;
        this.hidden = hidden;
        this.word = word;
        this.vocab = word.rows();
        this.type = type;
        this.types = types;
        this.position = position;
        this.positions = positions;
        this.embeddingNorm = embeddingNorm;
        this.layers = List.copyOf(layers);
        int wide = 3 * hidden;
        for (Layer l : layers) wide = Math.max(wide, l.intermediate().outFeatures());
        this.widest = wide;
    }

    private static PackedEncoder packed(String source, BertPlan plan, Kernels kernels, ComputePool pool) {
        int hidden = plan.hidden();
        // Layers are packed in parallel on the pool (a load-time loop; packing is copying, ~100 ms for MiniLM).
        Layer[] packed = new Layer[plan.layers().size()];
        pool.parallelFor(packed.length, (i, worker) -> packed[i] = pack(kernels, plan.layers().get(i), hidden));
        return new PackedEncoder(source, kernels, pool, hidden, new WordTable(plan.word()),
                plan.type() == null ? null : floats(plan.type()), plan.type() == null ? 0 : (int) plan.type().shape()[0],
                floats(plan.position()), (int) plan.position().shape()[0], plan.embeddingNorm(), List.of(packed));
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
        return kernels == Kernels.vector() && layers.stream().allMatch(l -> PackedLinears.writable(l.qkv())
                && PackedLinears.writable(l.attentionOut()) && PackedLinears.writable(l.intermediate())
                && PackedLinears.writable(l.output()));
    }

    /** Writes the encoder as packed, for {@link #read}; it must be {@link #writable}. */
    public void write(BinaryWriter out) throws IOException {
        if (!writable()) throw new IllegalStateException(this + " cannot be written");
        out.writeInt(hidden);
        word.write(out);
        out.writeFloats(type);
        out.writeInt(types);
        out.writeFloats(position);
        out.writeInt(positions);
        writeNorm(embeddingNorm, out);
        out.writeInt(layers.size());
        for (Layer l : layers) {
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
        return new PackedEncoder(source, Kernels.vector(), pool, hidden, word, type, types, position, positions, embeddingNorm, layers);
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
            pool.run(() -> forward(batch, w, out)); // one job: led by this thread (or worker 0 for a virtual thread), loops shared with the helpers
        } finally {
            workspaces.add(ws);
        }
        return out;
    }

    /** The forward pass, on the pool's leading worker. */
    private void forward(TokenBatch batch, Workspace ws, float[] out) {
        int tokens = batch.tokens();
        int[] starts = batch.starts();
        embed(batch, ws.h);
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
    private void embed(TokenBatch batch, float[] h) {
        int[] ids = batch.ids();
        int[] typeIds = batch.typeIds();
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

    private static Layer pack(Kernels kernels, BertPlan.Layer l, int hidden) {
        Linear qkv = l.q().int8() != null ? QuantizedDense.linear(kernels, QuantizedDense.concatColumns(l.q(), l.k(), l.v()))
                : kernels.linear(concatColumns(l.q(), l.k(), l.v()), hidden, 3 * hidden, concat(l.q().bias(), l.k().bias(), l.v().bias()));
        return new Layer(l.heads(), l.headDim(), l.scale(), qkv, linear(kernels, l.attentionOut()), l.attentionNorm(),
                linear(kernels, l.intermediate()), linear(kernels, l.output()), l.outputNorm());
    }

    private static Linear linear(Kernels kernels, BertPlan.Dense d) {
        if (d.int8() != null) return QuantizedDense.linear(kernels, d);
        return kernels.linear(d.weights().values(), d.in(), d.out(), d.bias());
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
        return "PackedEncoder[" + source + ", " + layers.size() + " layers, hidden " + hidden + ", " + kernels.getClass().getSimpleName() + "]";
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
