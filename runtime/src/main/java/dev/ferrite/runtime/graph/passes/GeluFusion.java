package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * The exact GELU as BERT exports it, {@code Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)} (also
 * with {@code Mul(x, 1/sqrt 2)} inside and either operand order), becomes {@code ferrite.Gelu(x)}.
 */
public final class GeluFusion implements GraphPass {
    private static final float SQRT2 = (float) Math.sqrt(2);
    private static final float TOL = 1e-6f;

    @Override
    public String name() {
        return "gelu-fusion";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node half : graph.nodes()) {
            if (!half.opType().equals("Mul") || !half.domain().isEmpty()) continue;
            String inner = view.otherThanScalar(half, 0.5f, 0);
            Node mul = inner == null ? null : view.producer(inner, "Mul");
            if (mul == null) continue;
            for (int i = 0; i < 2; i++) {
                String x = mul.inputs().get(i);
                Node add = view.producer(mul.inputs().get(1 - i), "Add");
                String erfOut = add == null ? null : view.otherThanScalar(add, 1f, 0);
                Node erf = erfOut == null ? null : view.producer(erfOut, "Erf");
                if (erf == null) continue;
                Node div = view.producer(erf.inputs().getFirst(), "Div");
                Node scale = view.producer(erf.inputs().getFirst(), "Mul");
                boolean ok = div != null && div.inputs().get(0).equals(x) && Math.abs(view.scalar(div.inputs().get(1)) - SQRT2) <= TOL
                        || scale != null && x.equals(view.otherThanScalar(scale, 1 / SQRT2, TOL));
                if (ok) {
                    edit.replace(half, GraphEdit.fused("Gelu", half, List.of(x), Map.of()));
                    break;
                }
            }
        }
        return new DeadNodeElimination().apply(edit.apply());
    }
}
