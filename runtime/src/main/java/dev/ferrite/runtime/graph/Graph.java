package dev.ferrite.runtime.graph;

import dev.ferrite.runtime.ModelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Ferrite's graph IR: a model as a list of {@link Node}s over named values, with its weights.
 *
 * <p>Invariants, checked when a graph is built (a violation is a {@link ModelException} that names
 * {@code source} and the node or value at fault):
 * <ul>
 *   <li>every value is defined once: as a graph input, an initializer, or one node's output;</li>
 *   <li>every node input is defined (or empty: an omitted optional input);</li>
 *   <li>{@link #nodes()} is in execution order: each node comes after the nodes it reads from
 *       (the constructor sorts them, keeping the given order where it already is one);</li>
 *   <li>every graph output is defined, and every node's domain has an opset in {@link #opsets()}.</li>
 * </ul>
 *
 * @param source      where the graph came from (a file name), for messages
 * @param opsets      operator set version per domain; the default ONNX domain is {@code ""}
 * @param initializers weights and other constants, by value name, in file order
 */
public record Graph(String source, String name, List<Value> inputs, List<Value> outputs, List<Node> nodes,
        Map<String, Tensor> initializers, Map<String, Long> opsets) {

    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        nodes = executionOrder(source, inputs, initializers, nodes);
        for (Node node : nodes) {
            if (!opsets.containsKey(node.domain())) {
                throw new ModelException(source + ": node '" + node.name() + "' (" + node.qualifiedOpType()
                        + ") is in domain '" + node.domain() + "', which the model imports no opset for");
            }
        }
        Set<String> defined = definedValues(inputs, initializers, nodes);
        for (Value output : outputs) {
            if (!defined.contains(output.name())) {
                throw new ModelException(source + ": graph output '" + output.name() + "' is produced by no node");
            }
        }
    }

    /** The opset version that governs {@code node}. */
    public long opsetOf(Node node) {
        return opsets.get(node.domain());
    }

    private static Set<String> definedValues(List<Value> inputs, Map<String, Tensor> initializers, List<Node> nodes) {
        Set<String> defined = new HashSet<>(initializers.keySet());
        inputs.forEach(v -> defined.add(v.name()));
        nodes.forEach(n -> defined.addAll(n.outputs()));
        return defined;
    }

    /** Kahn's algorithm, taking ready nodes in file order, so a sorted graph keeps its order. */
    private static List<Node> executionOrder(String source, List<Value> inputs, Map<String, Tensor> initializers,
            List<Node> nodes) {
        Map<String, Integer> producer = new HashMap<>();
        Set<String> external = new HashSet<>(initializers.keySet());
        for (Value input : inputs) {
            // ONNX allows an initializer to double as a graph input (a default value); both are fine.
            external.add(input.name());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            for (String out : node.outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (external.contains(out) || producer.putIfAbsent(out, i) != null) {
                    throw new ModelException(source + ": value '" + out + "' is defined twice (again as output of node '"
                            + node.name() + "' (" + node.qualifiedOpType() + "))");
                }
            }
        }
        int[] pending = new int[nodes.size()];
        List<List<Integer>> readers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            for (String in : new HashSet<>(node.inputs())) {
                if (in.isEmpty() || external.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new ModelException(source + ": node '" + node.name() + "' (" + node.qualifiedOpType()
                            + ") reads '" + in + "', which is no graph input, initializer or node output");
                }
                pending[i]++;
                readers.get(p).add(i);
            }
        }
        // Ready nodes leave a min-heap on their file index, so an already sorted graph keeps its order.
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int r : readers.get(i)) {
                if (--pending[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (order.size() != nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (pending[i] > 0) {
                    Node node = nodes.get(i);
                    throw new ModelException(source + ": the graph has a cycle through node '" + node.name() + "' ("
                            + node.qualifiedOpType() + ")");
                }
            }
        }
        return List.copyOf(order);
    }
}
