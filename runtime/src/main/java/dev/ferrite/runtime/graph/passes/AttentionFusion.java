package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BERT's self-attention block, from the q, k, v projections {@code [batch, seq, hidden]} to the
 * context {@code [batch, seq, hidden]}:
 * <pre>
 *   Q = Transpose(Reshape(q, [b, s, heads, d]), 0 2 1 3)    K = Transpose(Reshape(k, ...), 0 2 3 1)
 *   V = Transpose(Reshape(v, ...), 0 2 1 3)
 *   P = Softmax(Add(Div(MatMul(Q, K), c), mask), last axis)     (or Mul by c; the Add optional)
 *   y = Reshape(Transpose(MatMul(P, V), 0 2 1 3), [b, s, hidden])
 * </pre>
 * becomes {@code ferrite.Attention(q, k, v[, mask])} with attributes {@code heads}, {@code head_dim}
 * and {@code scale} (the factor the scores are multiplied by). The mask is the additive
 * {@code [batch, 1, 1, seq]} one; an executor of packed sequences has no padding and ignores it.
 */
public final class AttentionFusion implements GraphPass {
    @Override
    public String name() {
        return "attention-fusion";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node out : graph.nodes()) {
            if (out.opType().equals("Reshape") && out.domain().isEmpty()) {
                Node fused = match(view, out);
                if (fused != null) edit.replace(out, fused);
            }
        }
        return new DeadNodeElimination().apply(edit.apply());
    }

    private static Node match(GraphView view, Node reshapeOut) {
        Node t3 = transpose(view, reshapeOut.inputs().getFirst(), 0, 2, 1, 3);
        Node mm1 = t3 == null ? null : view.producer(t3.inputs().getFirst(), "MatMul");
        if (mm1 == null) return null;
        Node softmax = view.producer(mm1.inputs().get(0), "Softmax");
        Node vt = transpose(view, mm1.inputs().get(1), 0, 2, 1, 3);
        if (softmax == null || vt == null || !(softmax.intAttr("axis", -1) == -1 || softmax.intAttr("axis", -1) == 3)) return null;
        String scores = softmax.inputs().getFirst();
        String mask = null;
        Node addMask = view.producer(scores, "Add");
        float scale = Float.NaN;
        Node mm0 = null;
        for (String candidate : addMask == null ? List.of(scores) : addMask.inputs()) {
            Node div = view.producer(candidate, "Div");
            Node mul = view.producer(candidate, "Mul");
            if (div != null && !Float.isNaN(view.scalar(div.inputs().get(1)))) {
                mm0 = view.producer(div.inputs().get(0), "MatMul");
                scale = 1 / view.scalar(div.inputs().get(1));
            } else if (mul != null) {
                for (int i = 0; i < 2 && mm0 == null; i++) {
                    if (!Float.isNaN(view.scalar(mul.inputs().get(i)))) {
                        mm0 = view.producer(mul.inputs().get(1 - i), "MatMul");
                        scale = view.scalar(mul.inputs().get(i));
                    }
                }
            }
            if (mm0 != null) {
                mask = addMask == null ? null : GraphView.other(addMask, candidate);
                break;
            }
        }
        if (mm0 == null) return null;
        Node qt = transpose(view, mm0.inputs().get(0), 0, 2, 1, 3);
        Node kt = transpose(view, mm0.inputs().get(1), 0, 2, 3, 1);
        if (qt == null || kt == null) return null;
        Node rq = view.producer(qt.inputs().getFirst(), "Reshape");
        Node rk = view.producer(kt.inputs().getFirst(), "Reshape");
        Node rv = view.producer(vt.inputs().getFirst(), "Reshape");
        if (rq == null || rk == null || rv == null) return null;
        int[] hq = heads(view, rq);
        if (hq == null || !Arrays.equals(hq, heads(view, rk)) || !Arrays.equals(hq, heads(view, rv))) return null;
        List<String> inputs = new ArrayList<>(List.of(rq.inputs().get(0), rk.inputs().get(0), rv.inputs().get(0)));
        if (mask != null) inputs.add(mask);
        return GraphEdit.fused("Attention", reshapeOut, inputs, Map.of(
                "heads", new Attribute.IntValue(hq[0]),
                "head_dim", new Attribute.IntValue(hq[1]),
                "scale", new Attribute.FloatValue(scale)));
    }

    /** The Transpose with exactly {@code perm} that computes {@code value}, or null. */
    private static Node transpose(GraphView view, String value, long... perm) {
        Node t = view.producer(value, "Transpose");
        return t != null && t.intsAttr("perm").map(p -> Arrays.equals(p, perm)).orElse(false) ? t : null;
    }

    /**
     * {heads, headDim} of a Reshape into {@code [b, s, heads, headDim]}: its shape is a constant, or a
     * Concat whose last two parts are constants (the first two come from Shape at run time).
     */
    private static int[] heads(GraphView view, Node reshape) {
        String shape = reshape.inputs().get(1);
        long[] whole = view.longs(shape);
        if (whole != null) {
            return whole.length == 4 && whole[2] > 0 && whole[3] > 0 ? new int[] {(int) whole[2], (int) whole[3]} : null;
        }
        Node concat = view.producer(shape, "Concat");
        if (concat == null || concat.inputs().size() != 4) return null;
        long[] h = view.longs(concat.inputs().get(2));
        long[] d = view.longs(concat.inputs().get(3));
        return h != null && d != null && h.length == 1 && d.length == 1 && h[0] > 0 && d[0] > 0
                ? new int[] {(int) h[0], (int) d[0]} : null;
    }
}
