package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes a pass makes, applied at once: nodes replaced (a fused node takes over the outputs
 * of the node it replaces) and constants added. Nodes left without readers are removed afterwards
 * by {@link DeadNodeElimination}.
 */
final class GraphEdit {
    private final Graph graph;
    private final Map<Node, Node> replaced = new LinkedHashMap<>();
    private final Set<Node> removed = new HashSet<>();
    private final Map<String, Tensor> added = new LinkedHashMap<>();

    GraphEdit(Graph graph) {
        this.graph = graph;
    }

    void replace(Node old, Node with) {
        replaced.put(old, with);
    }

    void remove(Node node) {
        removed.add(node);
    }

    void addConstant(Tensor t) {
        added.put(t.name(), t);
    }

    boolean isEmpty() {
        return replaced.isEmpty() && removed.isEmpty() && added.isEmpty();
    }

    Graph apply() {
        if (isEmpty()) return graph;
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (removed.contains(n)) continue;
            nodes.add(replaced.getOrDefault(n, n));
        }
        Map<String, Tensor> inits = new LinkedHashMap<>(graph.initializers());
        inits.putAll(added);
        Map<String, Long> opsets = new LinkedHashMap<>(graph.opsets());
        if (nodes.stream().anyMatch(n -> n.domain().equals(GraphView.FERRITE))) {
            opsets.putIfAbsent(GraphView.FERRITE, 1L);
        }
        return new Graph(graph.source(), graph.name(), graph.inputs(), graph.outputs(), nodes, inits, opsets);
    }

    static Node fused(String op, Node anchor, List<String> inputs, Map<String, dev.ferrite.runtime.graph.Attribute> attributes) {
        return new Node(anchor.name() + "/" + op, op, GraphView.FERRITE, inputs, anchor.outputs(), attributes);
    }
}
