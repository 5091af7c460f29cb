package dev.ferrite.runtime.graph.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Dim;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Shape;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.onnx.OnnxImporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each pass on small hand-built graphs (match and near-miss), and all of them on the real MiniLM graph. */
class PassesTest {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> inits = new LinkedHashMap<>();

    @Test
    void constantFoldingEvaluatesConstantChainsAndKeepsWhatReadsInputs() {
        node("Constant", List.of(), "c", Map.of("value", new Attribute.TensorValue(longs("v", 3))));
        node("Unsqueeze", List.of("c"), "u", Map.of("axes", new Attribute.Ints(new long[] {0})));
        node("Concat", List.of("u", "u"), "shape", Map.of("axis", new Attribute.IntValue(0)));
        node("Reshape", List.of("x", "shape"), "y", Map.of());
        Graph g = new ConstantFolding().apply(graph("y"));
        assertThat(ops(g)).isEqualTo(Map.of("Reshape", 1));
        assertThat(g.initializers().get("shape").data()).isInstanceOfSatisfying(TensorData.Longs.class,
                l -> assertThat(l.values()).containsExactly(3, 3));
    }

    @Test
    void linearFusionTakesMatMulAndBiasInEitherOrder() {
        inits.put("w", floats("w", 4, 3));
        inits.put("b", floats("b", 3));
        node("MatMul", List.of("x", "w"), "m", Map.of());
        node("Add", List.of("b", "m"), "y", Map.of());
        Graph g = new LinearFusion().apply(graph("y"));
        assertThat(ops(g)).isEqualTo(Map.of("ferrite.Linear", 1));
        assertThat(g.nodes().getFirst().inputs()).containsExactly("x", "w", "b");
        // A bias of the wrong length is not fused into it.
        nodes.clear();
        inits.put("b", floats("b", 4));
        node("MatMul", List.of("x", "w"), "m", Map.of());
        node("Add", List.of("m", "b"), "y", Map.of());
        assertThat(ops(new LinearFusion().apply(graph("y")))).isEqualTo(Map.of("ferrite.Linear", 1, "Add", 1));
    }

    @Test
    void layerNormFusionMatchesTheDecomposedForm() {
        layerNorm(2f);
        Graph g = new LayerNormFusion().apply(new ConstantFolding().apply(graph("y")));
        assertThat(ops(g)).isEqualTo(Map.of("ferrite.LayerNorm", 1));
        assertThat(g.nodes().getFirst().floatAttr("epsilon", 0)).isEqualTo(1e-12f);
        nodes.clear();
        layerNorm(3f); // Pow 3 is no variance
        assertThat(ops(new LayerNormFusion().apply(new ConstantFolding().apply(graph("y"))))).doesNotContainKey("ferrite.LayerNorm");
    }

    @Test
    void geluFusionMatchesTheErfForm() {
        scalar("sqrt2", (float) Math.sqrt(2));
        scalar("one", 1f);
        scalar("half", 0.5f);
        node("Div", List.of("x", "sqrt2"), "d", Map.of());
        node("Erf", List.of("d"), "e", Map.of());
        node("Add", List.of("e", "one"), "a", Map.of());
        node("Mul", List.of("x", "a"), "m", Map.of());
        node("Mul", List.of("m", "half"), "y", Map.of());
        assertThat(ops(new GeluFusion().apply(graph("y")))).isEqualTo(Map.of("ferrite.Gelu", 1));
        inits.put("half", floats("half", 1));
        ((TensorData.Floats) inits.get("half").data()).values()[0] = 0.25f;
        assertThat(ops(new GeluFusion().apply(graph("y")))).doesNotContainKey("ferrite.Gelu");
    }

    @Test
    void quantizedLinearFusionTakesTheDynamicQuantizationChain() {
        inits.put("B", new Tensor("B", DType.INT8, new long[] {4, 3}, new TensorData.Bytes(new byte[12])));
        inits.put("bZero", new Tensor("bZero", DType.INT8, new long[] {3}, new TensorData.Bytes(new byte[3])));
        inits.put("bScale", floats("bScale", 3));
        inits.put("b", floats("b", 3));
        node("Mul", List.of("xScale", "bScale"), "s", Map.of());
        nodes.add(new Node("dq", "DynamicQuantizeLinear", "", List.of("x"), List.of("q", "xScale", "xZero"), Map.of()));
        node("MatMulInteger", List.of("q", "B", "xZero", "bZero"), "acc", Map.of());
        node("Cast", List.of("acc"), "accF", Map.of("to", new Attribute.IntValue(1)));
        node("Mul", List.of("s", "accF"), "m", Map.of());
        node("Add", List.of("b", "m"), "y", Map.of());
        Graph g = new QuantizedLinearFusion().apply(graph("y"));
        assertThat(ops(g)).isEqualTo(Map.of("ferrite.QLinear", 1));
        assertThat(g.nodes().getFirst().inputs()).containsExactly("x", "B", "bZero", "bScale", "b");
        // A Cast to anything but float is not this chain.
        nodes.set(3, new Node("cast", "Cast", "", List.of("acc"), List.of("accF"), Map.of("to", new Attribute.IntValue(7))));
        assertThat(ops(new QuantizedLinearFusion().apply(graph("y")))).doesNotContainKey("ferrite.QLinear");
    }

    @Test
    void dequantizeFoldingDequantizesGatheredTablesOnce() {
        inits.put("table", new Tensor("table", DType.UINT8, new long[] {3, 4}, new TensorData.Bytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7,
                8, 9, 10, (byte) 255})));
        scalar("scale", 0.5f);
        inits.put("zero", new Tensor("zero", DType.UINT8, new long[0], new TensorData.Bytes(new byte[] {2})));
        node("Gather", List.of("table", "x"), "g", Map.of());
        node("DequantizeLinear", List.of("g", "scale", "zero"), "y", Map.of());
        Graph g = new DequantizeFolding().apply(graph("y"));
        assertThat(ops(g)).isEqualTo(Map.of("Gather", 1));
        String table = g.nodes().getFirst().inputs().getFirst();
        // Kept as its codes (a quarter of the memory), dequantized element by element on reading.
        TensorData.Dequantized kept = (TensorData.Dequantized) g.initializers().get(table).data();
        assertThat(kept.toFloats()).containsExactly(-1f, -0.5f, 0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 126.5f);
        assertThat(kept.value(11)).isEqualTo(126.5f);
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"ALL_MINILM_L6_V2_Q", "BGE_SMALL_EN_V15_Q", "E5_SMALL_V2_Q"})
    void allPassesFuseTheInt8GraphsIntoBertBlocksWithQuantizedLinears(TestModels which) {
        Graph fused = Optimizer.optimize(OnnxImporter.load(which.onnx(), which.onnxName(), null));
        Map<String, Integer> ops = ops(fused);
        int layers = ops.get("ferrite.Attention");
        assertThat(ops).containsEntry("ferrite.QLinear", 6 * layers).containsEntry("ferrite.LayerNorm", 2 * layers + 1)
                .containsEntry("ferrite.Gelu", layers).doesNotContainKeys("ferrite.Linear", "DynamicQuantizeLinear", "MatMulInteger",
                        "DequantizeLinear", "MatMul");
    }

    @Test
    void allPassesFuseTheMiniLmGraphIntoItsBertBlocks() {
        Graph g = OnnxImporter.load(TestModels.ALL_MINILM_L6_V2.onnx(), TestModels.ALL_MINILM_L6_V2.onnxName(), null);
        Graph fused = Optimizer.optimize(g);
        Map<String, Integer> ops = ops(fused);
        assertThat(ops).containsEntry("ferrite.Attention", 6).containsEntry("ferrite.Linear", 36)
                .containsEntry("ferrite.LayerNorm", 13).containsEntry("ferrite.Gelu", 6);
        // What is left: embeddings (3 gathers, 2 adds), 12 residual adds, the mask and position-id arithmetic.
        assertThat(ops.keySet()).allMatch(op -> op.startsWith("ferrite.") || List.of("Gather", "Add", "Shape", "Unsqueeze", "Slice",
                "Cast", "Sub", "Mul").contains(op));
        Node attention = fused.nodes().stream().filter(n -> n.opType().equals("Attention")).findFirst().orElseThrow();
        assertThat(attention.intAttr("heads", 0)).isEqualTo(12);
        assertThat(attention.intAttr("head_dim", 0)).isEqualTo(32);
        assertThat(attention.floatAttr("scale", 0)).isCloseTo((float) (1 / Math.sqrt(32)), org.assertj.core.api.Assertions.within(1e-7f));
        // Each pass alone leaves a valid graph, and running them one at a time gives the same result.
        for (int limit = 0; limit <= Optimizer.passes().size(); limit++) {
            assertThat(Optimizer.optimize(g, limit).nodes()).isNotEmpty();
        }
    }

    private void layerNorm(float power) {
        inits.put("g", floats("g", 4));
        inits.put("beta", floats("beta", 4));
        scalar("two", power);
        scalar("eps", 1e-12f);
        Map<String, Attribute> last = Map.of("axes", new Attribute.Ints(new long[] {-1}));
        node("ReduceMean", List.of("x"), "mean", last);
        node("Sub", List.of("x", "mean"), "d", Map.of());
        node("Pow", List.of("d", "two"), "sq", Map.of());
        node("ReduceMean", List.of("sq"), "var", last);
        node("Add", List.of("var", "eps"), "ve", Map.of());
        node("Sqrt", List.of("ve"), "std", Map.of());
        node("Div", List.of("d", "std"), "n", Map.of());
        node("Mul", List.of("n", "g"), "s", Map.of());
        node("Add", List.of("s", "beta"), "y", Map.of());
    }

    private void node(String op, List<String> in, String out, Map<String, Attribute> attrs) {
        nodes.add(new Node(op + "#" + nodes.size(), op, "", in, List.of(out), attrs));
    }

    private void scalar(String name, float v) {
        inits.put(name, new Tensor(name, DType.FLOAT32, new long[0], new TensorData.Floats(new float[] {v})));
    }

    private Graph graph(String output) {
        TensorType t = new TensorType(DType.FLOAT32, Optional.of(Shape.of(new Dim.Fixed(2), new Dim.Fixed(4))));
        return new Graph("test", "test", List.of(new Value("x", t)), List.of(new Value(output, t)), nodes, inits, Map.of("", 11L));
    }

    private static Tensor floats(String name, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) v[i] = i + 1;
        return new Tensor(name, DType.FLOAT32, shape, new TensorData.Floats(v));
    }

    private static Tensor longs(String name, long v) {
        return new Tensor(name, DType.INT64, new long[0], new TensorData.Longs(new long[] {v}));
    }

    private static Map<String, Integer> ops(Graph g) {
        Map<String, Integer> counts = new TreeMap<>();
        g.nodes().forEach(n -> counts.merge(n.qualifiedOpType(), 1, Integer::sum));
        return counts;
    }
}
