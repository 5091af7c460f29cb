package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;
import java.util.List;

/** The passes, in the order they run: folding first, so the fusions see constants where the file had Constant nodes. */
public final class Optimizer {
    private static final List<GraphPass> PASSES = List.of(new ConstantFolding(), new DequantizeFolding(),
            new QuantizedLinearFusion(), new LinearFusion(), new LayerNormFusion(),
            new GeluFusion(), new AttentionFusion(), new DeadNodeElimination());

    private Optimizer() {
    }

    public static List<GraphPass> passes() {
        return PASSES;
    }

    /** The graph after every pass; {@code limit} passes only (for finding a bad rewrite), or all when negative. */
    public static Graph optimize(Graph graph, int limit) {
        Graph g = graph;
        for (int i = 0; i < PASSES.size() && (limit < 0 || i < limit); i++) {
            g = PASSES.get(i).apply(g);
        }
        return g;
    }

    public static Graph optimize(Graph graph) {
        return optimize(graph, -1);
    }
}
