package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.reference.NdArray;
import dev.ferrite.runtime.reference.ReferenceExecutor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code Constant} nodes into initializers, then evaluates, once and with the reference
 * executor, every node whose inputs are all constants (chains such as Unsqueeze / Concat / Cast of
 * constants), replacing it by its results. Nodes that read a graph input (for instance the
 * {@code Shape} of the ids, whose batch and sequence sizes are only known per call) stay.
 */
public final class ConstantFolding implements GraphPass {
    /** Results larger than this stay computed: folding exists for shapes and scalars, not to copy weights. */
    private static final int MAX_ELEMENTS = 1 << 16;

    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphEdit edit = new GraphEdit(graph);
        Map<String, Tensor> constants = new HashMap<>(graph.initializers());
        graph.inputs().forEach(v -> constants.remove(v.name())); // an initializer that is also an input can be overridden
        for (Node node : graph.nodes()) {
            if (!node.domain().isEmpty() || node.outputs().size() != 1) continue;
            String out = node.outputs().getFirst();
            if (node.opType().equals("Constant") && node.inputs().isEmpty()) {
                Optional<Tensor> value = node.tensorAttr("value");
                if (value.isPresent()) {
                    Tensor t = value.get();
                    Tensor named = new Tensor(out, t.dtype(), t.shape(), t.data());
                    constants.put(out, named);
                    edit.remove(node);
                    edit.addConstant(named);
                }
                continue;
            }
            if (node.inputs().isEmpty() || !node.inputs().stream().allMatch(i -> i.isEmpty() || constants.containsKey(i))) {
                continue;
            }
            Tensor folded = evaluate(graph, node, constants);
            if (folded != null) {
                constants.put(out, folded);
                edit.remove(node);
                edit.addConstant(folded);
            }
        }
        return new DeadNodeElimination().apply(edit.apply());
    }

    /** The node's single output, or null when the reference executor cannot compute it or it is large. */
    private static Tensor evaluate(Graph graph, Node node, Map<String, Tensor> constants) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (String in : node.inputs()) {
            if (!in.isEmpty()) inputs.put(in, constants.get(in));
        }
        String out = node.outputs().getFirst();
        try {
            Graph one = new Graph(graph.source(), "fold", List.of(),
                    List.of(new Value(out, new TensorType(DType.FLOAT32, Optional.empty()))), List.of(node), inputs, graph.opsets());
            NdArray result = new ReferenceExecutor(one).run(Map.of()).get(out);
            if (result == null || result.size() > MAX_ELEMENTS) return null;
            long[] shape = Arrays.stream(result.shape()).asLongStream().toArray();
            TensorData data = switch (result.dtype()) {
                case FLOAT32 -> new TensorData.Floats(result.f().clone());
                case INT64 -> new TensorData.Longs(result.l().clone());
                case INT32 -> new TensorData.Ints(Arrays.stream(result.l()).mapToInt(Math::toIntExact).toArray());
                default -> null;
            };
            return data == null ? null : new Tensor(out, result.dtype(), shape, data);
        } catch (ModelException | IllegalArgumentException | ArithmeticException e) {
            return null; // not foldable here: the node stays and runs (or fails, with its message) at inference
        }
    }
}
