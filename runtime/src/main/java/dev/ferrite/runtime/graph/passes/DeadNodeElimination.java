package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes the nodes and initializers nothing reads on the way to a graph output. */
public final class DeadNodeElimination implements GraphPass {
    @Override
    public String name() {
        return "dead-node-elimination";
    }

    @Override
    public Graph apply(Graph graph) {
        Set<String> live = new HashSet<>();
        graph.outputs().forEach(v -> live.add(v.name()));
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) { // reverse execution order: readers before producers
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(live::contains)) {
                kept.add(0, n);
                n.inputs().forEach(live::add);
            }
        }
        Map<String, Tensor> inits = new LinkedHashMap<>();
        graph.initializers().forEach((k, v) -> {
            if (live.contains(k) || graph.inputs().stream().map(Value::name).anyMatch(k::equals)) inits.put(k, v);
        });
        if (kept.size() == nodes.size() && inits.size() == graph.initializers().size()) return graph;
        return new Graph(graph.source(), graph.name(), graph.inputs(), graph.outputs(), kept, inits, graph.opsets());
    }
}
