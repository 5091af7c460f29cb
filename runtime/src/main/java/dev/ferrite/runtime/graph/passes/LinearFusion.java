package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import java.util.List;
import java.util.Map;

/**
 * {@code MatMul(x, W)} with a constant float32 {@code W [K, N]}, followed by {@code Add} of a
 * constant {@code b [N]} (either operand order), becomes {@code ferrite.Linear(x, W, b)}; without
 * the Add, {@code ferrite.Linear(x, W)}. The executor packs W once at load.
 */
public final class LinearFusion implements GraphPass {
    @Override
    public String name() {
        return "linear-fusion";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node mm : graph.nodes()) {
            if (!mm.domain().isEmpty() || !mm.opType().equals("MatMul") || mm.inputs().size() != 2) continue;
            String w = mm.inputs().get(1);
            Tensor wt = view.constant(w);
            if (view.floatData(w) == null || wt.rank() != 2 || view.constant(mm.inputs().get(0)) != null) continue;
            String y = mm.outputs().getFirst();
            long n = wt.shape()[1];
            if (view.usedOnceInside(y) && view.consumers(y).getFirst() instanceof Node add && add.opType().equals("Add")
                    && add.domain().isEmpty()) {
                String b = GraphView.other(add, y);
                Tensor bt = b == null ? null : view.constant(b);
                if (bt != null && view.floats(b) != null && bt.rank() == 1 && bt.shape()[0] == n) {
                    edit.replace(add, GraphEdit.fused("Linear", add, List.of(mm.inputs().get(0), w, b), Map.of()));
                    continue;
                }
            }
            edit.replace(mm, GraphEdit.fused("Linear", mm, List.of(mm.inputs().get(0), w), Map.of()));
        }
        return new DeadNodeElimination().apply(edit.apply());
    }
}
