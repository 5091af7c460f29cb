package dev.ferrite.runtime.engine;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.passes.GraphView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A BERT encoder read off a fused graph (see {@link dev.ferrite.runtime.graph.passes.Optimizer}):
 * embeddings (word + token type + position, then layer norm) and a stack of post-norm layers
 * (attention, output projection + residual, norm; intermediate + GELU, output + residual, norm).
 * Every node on the way from the inputs to the output is checked to read exactly what the
 * structure says, so a graph that differs anywhere does not match and runs elsewhere.
 *
 * @param word      word embeddings {@code [vocab, hidden]}
 * @param type      token type embeddings {@code [types, hidden]}, or null when the graph has no token_type_ids
 * @param position  position embeddings {@code [positions, hidden]}; a sequence's positions are 0..n-1
 */
record BertPlan(int hidden, Tensor word, Tensor type, Tensor position, Norm embeddingNorm, List<Layer> layers) {

    record Norm(float[] gamma, float[] beta, float eps) {
    }

    /**
     * A dense layer: float32 {@code weights [in, out]} (read into an array only when packed), or
     * (weights null) the int8 ones of a QLinear node.
     */
    record Dense(TensorData.Floats weights, int in, int out, float[] bias, QuantizedDense int8) {
        Dense(TensorData.Floats weights, int in, int out, float[] bias) {
            this(weights, in, out, bias, null);
        }
    }

    record Layer(int heads, int headDim, float scale, Dense q, Dense k, Dense v, Dense attentionOut, Norm attentionNorm,
            Dense intermediate, Dense output, Norm outputNorm) {
    }

    /** The plan of {@code fused}, producing graph output {@code output}, or empty when it is no such BERT. */
    static Optional<BertPlan> match(Graph fused, String output) {
        try {
            return Optional.ofNullable(new Matcher(new GraphView(fused)).match(output));
        } catch (RuntimeException e) {
            return Optional.empty(); // a shape or type other than expected: not this structure
        }
    }

    private static final class Matcher {
        private final GraphView view;
        /** The output of the layer {@link #layer} matched last. */
        private String lastOutput;

        Matcher(GraphView view) {
            this.view = view;
        }

        BertPlan match(String output) {
            Node wordGather = null, typeGather = null, posGather = null;
            for (Node n : view.graph().nodes()) {
                if (!n.opType().equals("Gather") || !n.domain().isEmpty() || n.intAttr("axis", 0) != 0) continue;
                if (n.inputs().get(1).equals("input_ids")) wordGather = n;
                else if (n.inputs().get(1).equals("token_type_ids")) typeGather = n;
                else if (view.constant(n.inputs().getFirst()) != null && isPositions(n.inputs().get(1))) posGather = n;
            }
            if (wordGather == null || posGather == null) return null;
            Tensor word = view.constant(wordGather.inputs().getFirst());
            Tensor pos = view.constant(posGather.inputs().getFirst());
            Tensor type = typeGather == null ? null : view.constant(typeGather.inputs().getFirst());
            if (!isTable(word) || !isTable(pos) || (type != null && !isTable(type))) return null;
            int hidden = (int) word.shape()[1];
            if (pos.shape()[1] != hidden || (type != null && type.shape()[1] != hidden)) return null;
            // (word + type) + position, as the export adds them; without types, word + position.
            String sum = wordGather.outputs().getFirst();
            if (typeGather != null) {
                Node add = single(sum, "Add");
                if (add == null || !typeGather.outputs().getFirst().equals(GraphView.other(add, sum))) return null;
                sum = add.outputs().getFirst();
            }
            Node addPos = single(sum, "Add");
            if (addPos == null || !posGather.outputs().getFirst().equals(GraphView.other(addPos, sum))) return null;
            Node embNorm = single(addPos.outputs().getFirst(), "LayerNorm");
            Norm embeddingNorm = norm(embNorm, hidden);
            if (embeddingNorm == null) return null;
            String h = embNorm.outputs().getFirst();
            List<Layer> layers = new ArrayList<>();
            while (!h.equals(output)) {
                Layer layer = layer(h, hidden);
                if (layer == null) return null;
                layers.add(layer);
                h = lastOutput;
            }
            return layers.isEmpty() ? null : new BertPlan(hidden, word, type, pos, embeddingNorm, layers);
        }

        private Layer layer(String h, int hidden) {
            Node attention = null;
            for (Node c : view.consumers(h)) {
                if (isLinear(c)) {
                    for (Node a : view.consumers(c.outputs().getFirst())) {
                        if (a.opType().equals("Attention") && a.domain().equals(GraphView.FERRITE)) attention = a;
                    }
                }
            }
            if (attention == null) return null;
            Dense q = dense(attention.inputs().get(0), h, hidden, hidden);
            Dense k = dense(attention.inputs().get(1), h, hidden, hidden);
            Dense v = dense(attention.inputs().get(2), h, hidden, hidden);
            int heads = (int) attention.intAttr("heads", 0);
            int headDim = (int) attention.intAttr("head_dim", 0);
            float scale = attention.floatAttr("scale", Float.NaN);
            if (q == null || k == null || v == null || heads * headDim != hidden || Float.isNaN(scale)) return null;
            if ((q.int8() == null) != (k.int8() == null) || (q.int8() == null) != (v.int8() == null)) return null;
            Node outLinear = singleLinear(attention.outputs().getFirst());
            Dense attentionOut = outLinear == null ? null : dense(outLinear.outputs().getFirst(), attention.outputs().getFirst(), hidden, hidden);
            Node res1 = outLinear == null ? null : single(outLinear.outputs().getFirst(), "Add");
            if (attentionOut == null || res1 == null || !h.equals(GraphView.other(res1, outLinear.outputs().getFirst()))) return null;
            Node norm1 = single(res1.outputs().getFirst(), "LayerNorm");
            Norm attentionNorm = norm(norm1, hidden);
            if (attentionNorm == null) return null;
            String h1 = norm1.outputs().getFirst();
            Node inter = null;
            for (Node c : view.consumers(h1)) {
                if (isLinear(c)) inter = c;
            }
            if (inter == null) return null;
            Tensor wi = view.constant(inter.inputs().get(1));
            if (wi == null || wi.rank() != 2) return null;
            int size = (int) wi.shape()[1];
            Dense intermediate = dense(inter.outputs().getFirst(), h1, hidden, size);
            Node gelu = single(inter.outputs().getFirst(), "Gelu");
            Node outDense = gelu == null ? null : singleLinear(gelu.outputs().getFirst());
            Dense output = outDense == null ? null : dense(outDense.outputs().getFirst(), gelu.outputs().getFirst(), size, hidden);
            Node res2 = outDense == null ? null : single(outDense.outputs().getFirst(), "Add");
            if (intermediate == null || output == null || res2 == null || !h1.equals(GraphView.other(res2, outDense.outputs().getFirst()))) {
                return null;
            }
            Node norm2 = single(res2.outputs().getFirst(), "LayerNorm");
            Norm outputNorm = norm(norm2, hidden);
            if (outputNorm == null) return null;
            lastOutput = norm2.outputs().getFirst();
            return new Layer(heads, headDim, scale, q, k, v, attentionOut, attentionNorm, intermediate, output, outputNorm);
        }

        /** The Linear computing {@code value} from {@code input}, with constant [in, out] weights and bias. */
        private Dense dense(String value, String input, int in, int out) {
            Node n = view.producer(value, "Linear");
            if (n == null) return QuantizedDense.read(view, view.producer(value, "QLinear"), input, in, out);
            if (n == null || !n.domain().equals(GraphView.FERRITE) || n.inputs().size() != 3 || !n.inputs().getFirst().equals(input)) return null;
            Tensor w = view.constant(n.inputs().get(1));
            float[] b = view.floats(n.inputs().get(2));
            if (w == null || view.floatData(w.name()) == null || w.rank() != 2 || w.shape()[0] != in || w.shape()[1] != out
                    || b == null || b.length != out) return null;
            return new Dense(view.floatData(w.name()), in, out, b);
        }

        private Norm norm(Node n, int hidden) {
            if (n == null || !n.domain().equals(GraphView.FERRITE)) return null;
            float[] g = view.floats(n.inputs().get(1));
            float[] b = view.floats(n.inputs().get(2));
            return g != null && b != null && g.length == hidden && b.length == hidden
                    ? new Norm(g, b, n.floatAttr("epsilon", Float.NaN)) : null;
        }

        /** A float32 or int8 fused dense layer. */
        private static boolean isLinear(Node n) {
            return (n.opType().equals("Linear") || n.opType().equals("QLinear")) && n.domain().equals(GraphView.FERRITE);
        }

        /** The one node reading {@code value}, if it is a Linear or QLinear; null otherwise. */
        private Node singleLinear(String value) {
            Node n = single(value, "Linear");
            return n != null ? n : single(value, "QLinear");
        }

        /** The one node reading {@code value}, if it is an {@code opType}; null otherwise (or when others read it too). */
        private Node single(String value, String opType) {
            List<Node> readers = view.consumers(value);
            return readers.size() == 1 && readers.getFirst().opType().equals(opType) && !view.isOutput(value) ? readers.getFirst() : null;
        }

        /** A float32 embedding table {@code [rows, width]}: its values as floats or as codes ({@link TensorData.Dequantized}). */
        private static boolean isTable(Tensor t) {
            return t != null && t.dtype() == DType.FLOAT32 && t.rank() == 2;
        }

        /** Position ids: {@code Slice(arange, 0, seq_len)} of a constant 0, 1, 2, ... (axis 1 of [1, P] or axis 0 of [P]). */
        private boolean isPositions(String value) {
            Node slice = view.producer(value, "Slice");
            if (slice == null || slice.inputs().size() < 3) return false;
            long[] ids = view.longs(slice.inputs().getFirst());
            long[] starts = view.longs(slice.inputs().get(1));
            if (ids == null || starts == null || starts.length != 1 || starts[0] != 0) return false;
            if (slice.inputs().size() > 4 && !slice.inputs().get(4).isEmpty()) {
                long[] steps = view.longs(slice.inputs().get(4));
                if (steps == null || steps.length != 1 || steps[0] != 1) return false;
            }
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != i) return false;
            }
            return true;
        }
    }
}
