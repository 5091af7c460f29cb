package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Read-only lookups over a graph for pattern matching: who produces and who reads each value. */
public final class GraphView {
    /** The domain of Ferrite's fused operators. */
    public static final String FERRITE = "ferrite";

    private final Graph graph;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();

    public GraphView(Graph graph) {
        this.graph = graph;
        for (Node node : graph.nodes()) {
            node.outputs().forEach(o -> producers.put(o, node));
            for (String in : node.inputs()) {
                if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    /** The node that computes {@code value}, if it has {@code opType} (default or ferrite domain), else null. */
    public Node producer(String value, String opType) {
        Node n = producers.get(value);
        return n != null && n.opType().equals(opType) ? n : null;
    }

    /** The nodes that read {@code value}. */
    public List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** Whether {@code value} is read by exactly one node and is no graph output. */
    public boolean usedOnceInside(String value) {
        return consumers(value).size() == 1 && graph.outputs().stream().noneMatch(v -> v.name().equals(value));
    }

    public boolean isOutput(String value) {
        return graph.outputs().stream().map(Value::name).anyMatch(value::equals);
    }

    /** The initializer named {@code value}, or null. */
    public Tensor constant(String value) {
        return graph.initializers().get(value);
    }

    /** The float32 initializer's values, or null when {@code value} is none. */
    public float[] floats(String value) {
        TensorData.Floats f = floatData(value);
        return f == null ? null : f.values();
    }

    /**
     * The float32 initializer's data, not read into an array yet where it is a view of the model
     * file (see {@link TensorData.Floats}); null when {@code value} is none. For weights, which the
     * engine reads once, when it packs them.
     */
    public TensorData.Floats floatData(String value) {
        Tensor t = constant(value);
        return t != null && t.dtype() == DType.FLOAT32 && t.data() instanceof TensorData.Floats f ? f : null;
    }

    /** The value of a one-element float32 initializer, or NaN when {@code value} is none. */
    public float scalar(String value) {
        float[] f = floats(value);
        return f != null && f.length == 1 ? f[0] : Float.NaN;
    }

    /** The integer initializer's values as longs (int64 or int32), or null. */
    public long[] longs(String value) {
        Tensor t = constant(value);
        if (t == null) return null;
        return switch (t.data()) {
            case TensorData.Longs l -> l.values();
            case TensorData.Ints i -> java.util.Arrays.stream(i.values()).asLongStream().toArray();
            default -> null;
        };
    }

    /** For a binary node reading {@code known}, its other input; null when it does not read it. */
    public static String other(Node binary, String known) {
        if (binary.inputs().size() != 2) return null;
        if (binary.inputs().get(0).equals(known)) return binary.inputs().get(1);
        if (binary.inputs().get(1).equals(known)) return binary.inputs().get(0);
        return null;
    }

    /** For a binary node, the input that is a float scalar constant equal to {@code c} (within tol), else the other input; null if none is. */
    public String otherThanScalar(Node binary, float c, float tol) {
        if (binary.inputs().size() != 2) return null;
        for (int i = 0; i < 2; i++) {
            float s = scalar(binary.inputs().get(i));
            if (!Float.isNaN(s) && Math.abs(s - c) <= tol) return binary.inputs().get(1 - i);
        }
        return null;
    }
}
