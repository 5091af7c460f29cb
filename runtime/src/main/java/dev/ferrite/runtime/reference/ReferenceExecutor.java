package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a {@link Graph} node by node with plain scalar Java: the oracle the optimised executor and
 * its kernels are tested against, and the executable definition of each operator's semantics.
 * It covers the default-domain operators of the fp32 and int8 target models (see
 * docs/runtime-ops.md), for opsets 11 up to {@link #MAX_OPSET}.
 *
 * <p>Construction checks that every node's operator is implemented for its opset and fails with a
 * {@link ModelException} naming the operator, the node and the opset, so an unsupported model is
 * rejected when it is loaded, not halfway through a request.
 */
public final class ReferenceExecutor {
    /** The newest default-domain opset whose semantics the operators here were written against. */
    public static final long MAX_OPSET = 21;

    private static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("Add", ElementwiseOps.ADD),
            Map.entry("Sub", ElementwiseOps.SUB),
            Map.entry("Mul", ElementwiseOps.MUL),
            Map.entry("Div", ElementwiseOps.DIV),
            Map.entry("Pow", ElementwiseOps.POW),
            Map.entry("Sqrt", ElementwiseOps.SQRT),
            Map.entry("Erf", ElementwiseOps.ERF),
            Map.entry("Cast", ElementwiseOps.CAST),
            Map.entry("Constant", ShapeOps.CONSTANT),
            Map.entry("Shape", ShapeOps.SHAPE),
            Map.entry("Unsqueeze", ShapeOps.UNSQUEEZE),
            Map.entry("Reshape", ShapeOps.RESHAPE),
            Map.entry("Concat", ShapeOps.CONCAT),
            Map.entry("Slice", ShapeOps.SLICE),
            Map.entry("Gather", ShapeOps.GATHER),
            Map.entry("Transpose", ShapeOps.TRANSPOSE),
            Map.entry("MatMul", MathOps.MATMUL),
            Map.entry("ReduceMean", MathOps.REDUCE_MEAN),
            Map.entry("Softmax", MathOps.SOFTMAX),
            Map.entry("DynamicQuantizeLinear", QuantOps.DYNAMIC_QUANTIZE_LINEAR),
            Map.entry("MatMulInteger", QuantOps.MATMUL_INTEGER),
            Map.entry("DequantizeLinear", QuantOps.DEQUANTIZE_LINEAR));

    private final Graph graph;
    private final Map<String, NdArray> constants = new HashMap<>();
    /** For each node, the values whose last reader it is: freed once it has run. */
    private final List<List<String>> lastUse = new ArrayList<>();

    public ReferenceExecutor(Graph graph) {
        this.graph = graph;
        for (Node node : graph.nodes()) {
            long opset = graph.opsetOf(node);
            if (!node.domain().isEmpty() || !OPS.containsKey(node.opType()) || opset > MAX_OPSET) {
                throw new ModelException(graph.source() + ": operator " + node.qualifiedOpType() + " (opset " + opset
                        + ", node '" + node.name() + "') is not supported by Ferrite"
                        + (OPS.containsKey(node.opType()) && node.domain().isEmpty() ? " beyond opset " + MAX_OPSET : ""));
            }
        }
        for (Tensor t : graph.initializers().values()) {
            constants.put(t.name(), NdArray.of(t, graph.source()));
        }
        Map<String, Integer> last = new HashMap<>();
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                last.put(in, i);
            }
            lastUse.add(new ArrayList<>());
        }
        Set<String> keep = new TreeSet<>(constants.keySet());
        graph.outputs().forEach(v -> keep.add(v.name()));
        last.forEach((value, i) -> {
            if (!keep.contains(value) && !value.isEmpty()) {
                lastUse.get(i).add(value);
            }
        });
    }

    public Graph graph() {
        return graph;
    }

    /**
     * Runs the graph on {@code inputs} (one array per graph input, by name) and returns the graph
     * outputs by name, in declaration order.
     */
    public Map<String, NdArray> run(Map<String, NdArray> inputs) {
        Map<String, NdArray> values = new HashMap<>(constants);
        for (Value input : graph.inputs()) {
            NdArray given = inputs.get(input.name());
            if (given == null) {
                throw new ModelException(graph.source() + ": graph input '" + input.name() + "' (" + input.type()
                        + ") was not given");
            }
            if (given.dtype() != input.type().dtype()) {
                throw new ModelException(graph.source() + ": graph input '" + input.name() + "' should be "
                        + input.type() + " but is " + given);
            }
            values.put(input.name(), given);
        }
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            NdArray[] in = new NdArray[node.inputs().size()];
            for (int k = 0; k < in.length; k++) {
                String name = node.inputs().get(k);
                in[k] = name.isEmpty() ? null : values.get(name);
            }
            NdArray[] out;
            try {
                out = OPS.get(node.opType()).apply(node, in, graph.opsetOf(node));
            } catch (ModelException e) {
                throw new ModelException(graph.source() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new ModelException(graph.source() + ": node '" + node.name() + "' (" + node.qualifiedOpType()
                        + ") failed on inputs " + java.util.Arrays.toString(in) + ": " + e, e);
            }
            for (int k = 0; k < node.outputs().size() && k < out.length; k++) {
                values.put(node.outputs().get(k), out[k]);
            }
            lastUse.get(i).forEach(values::remove);
        }
        Map<String, NdArray> result = new LinkedHashMap<>();
        for (Value output : graph.outputs()) {
            result.put(output.name(), values.get(output.name()));
        }
        return result;
    }
}
