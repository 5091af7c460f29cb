package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Layer normalization as exporters decompose it over the last axis,
 * <pre>
 *   m = ReduceMean(x); d = Sub(x, m); v = ReduceMean(Pow(d, 2)); s = Sqrt(Add(v, eps));
 *   y = Add(Mul(Div(d, s), gamma), beta)
 * </pre>
 * becomes {@code ferrite.LayerNorm(x, gamma, beta)} with attribute {@code epsilon}. Add and Mul
 * match with either operand order; gamma and beta must be constant vectors.
 */
public final class LayerNormFusion implements GraphPass {
    @Override
    public String name() {
        return "layer-norm-fusion";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node addBeta : graph.nodes()) {
            if (!addBeta.opType().equals("Add") || !addBeta.domain().isEmpty()) continue;
            Node fused = match(view, addBeta);
            if (fused != null) edit.replace(addBeta, fused);
        }
        return new DeadNodeElimination().apply(edit.apply());
    }

    private static Node match(GraphView view, Node addBeta) {
        for (int i = 0; i < 2; i++) {
            String beta = addBeta.inputs().get(i);
            Node mul = view.producer(addBeta.inputs().get(1 - i), "Mul");
            if (view.floats(beta) == null || mul == null) continue;
            for (int j = 0; j < 2; j++) {
                String gamma = mul.inputs().get(j);
                Node div = view.producer(mul.inputs().get(1 - j), "Div");
                if (view.floats(gamma) == null || div == null) continue;
                Node sub = view.producer(div.inputs().get(0), "Sub");
                Node sqrt = view.producer(div.inputs().get(1), "Sqrt");
                if (sub == null || sqrt == null) continue;
                String x = sub.inputs().get(0);
                Node mean = view.producer(sub.inputs().get(1), "ReduceMean");
                Node addEps = view.producer(sqrt.inputs().get(0), "Add");
                if (mean == null || addEps == null || !lastAxis(mean) || !mean.inputs().getFirst().equals(x)) continue;
                for (int e = 0; e < 2; e++) {
                    float eps = view.scalar(addEps.inputs().get(e));
                    Node var = view.producer(addEps.inputs().get(1 - e), "ReduceMean");
                    if (Float.isNaN(eps) || var == null || !lastAxis(var)) continue;
                    Node pow = view.producer(var.inputs().getFirst(), "Pow");
                    if (pow == null || !pow.inputs().get(0).equals(sub.outputs().getFirst()) || view.scalar(pow.inputs().get(1)) != 2f) {
                        continue;
                    }
                    return GraphEdit.fused("LayerNorm", addBeta, List.of(x, gamma, beta),
                            Map.of("epsilon", new Attribute.FloatValue(eps)));
                }
            }
        }
        return null;
    }

    /** A ReduceMean over the last axis only, keeping it (axes as an attribute, opset < 18). */
    private static boolean lastAxis(Node reduce) {
        return reduce.inputs().size() == 1 && reduce.intAttr("keepdims", 1) == 1
                && reduce.intsAttr("axes").map(a -> Arrays.equals(a, new long[] {-1})).orElse(false);
    }
}
