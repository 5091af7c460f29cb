package dev.ferrite.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Dim;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.onnx.proto.Onnx.AttributeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.GraphProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ModelProto;
import dev.ferrite.runtime.onnx.proto.Onnx.NodeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ferrite.runtime.onnx.proto.Onnx.StringStringEntryProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TypeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-built models: what the importer keeps, and how it names what is wrong. */
class OnnxImporterTest {

    @TempDir
    Path dir;

    // y = MatMul(x, w) + b, with x: float32[batch, sequence, 2], w: [2, 3], b: [3].
    static ModelProto.Builder model() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny")
                .addInput(value("x", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", 2))
                .addOutput(value("y", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", 3))
                .addInitializer(floats("w", new long[] {2, 3}, 1, 2, 3, 4, 5, 6))
                .addInitializer(TensorProto.newBuilder().setName("b").addDims(3)
                        .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(0.5f).addFloatData(-1).addFloatData(2))
                .addNode(node("MatMul", "mm", List.of("x", "w"), List.of("xw")))
                .addNode(node("Add", "", List.of("xw", "b"), List.of("y")));
        return ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(11))
                .setGraph(g);
    }

    static ValueInfoProto value(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    static TensorProto floats(String name, long[] dims, float... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static NodeProto node(String op, String name, List<String> in, List<String> out) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addAllOutput(out).build();
    }

    static Graph load(ModelProto.Builder model) {
        return OnnxImporter.load(ByteBuffer.wrap(model.build().toByteArray()), "tiny.onnx", null);
    }

    static ModelProto.Builder withGraph(UnaryOperator<GraphProto.Builder> edit) {
        ModelProto.Builder m = model();
        return m.setGraph(edit.apply(m.getGraph().toBuilder()));
    }

    @Test
    void theWarmUpModelImportsAsOneTransposeOfAnInitializer() {
        OnnxImporter.initialize();
        Graph g = ImportWarmUp.run();
        assertThat(g.nodes()).singleElement().satisfies(n -> assertThat(n.opType()).isEqualTo("Transpose"));
        assertThat(g.initializers()).containsOnlyKeys("w");
        assertThat(g.inputs()).isEmpty();
    }

    @Test
    void keepsTypesDynamicDimsWeightsAndNodes() {
        Graph g = load(model());
        assertThat(g.name()).isEqualTo("tiny");
        assertThat(g.opsets()).containsEntry("", 11L);
        assertThat(g.inputs()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("x");
            assertThat(v.type().dtype()).isEqualTo(DType.FLOAT32);
            assertThat(v.type().shape().orElseThrow().dims())
                    .containsExactly(new Dim.Dynamic("batch"), new Dim.Dynamic("sequence"), new Dim.Fixed(2));
        });
        assertThat(g.outputs().getFirst().toString()).isEqualTo("y: float32[batch, sequence, 3]");
        Tensor w = g.initializers().get("w");
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(((TensorData.Floats) w.data()).values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(((TensorData.Floats) g.initializers().get("b").data()).values()).containsExactly(0.5f, -1, 2);
        assertThat(g.nodes()).extracting(Node::name).containsExactly("mm", "Add#1");
        assertThat(g.opsetOf(g.nodes().getFirst())).isEqualTo(11);
    }

    @Test
    void floatWeightsAreViewsOfTheModelsBytesUntilReadAndEqualAnInMemoryLoad() throws IOException {
        Path file = dir.resolve("tiny.onnx");
        Files.write(file, model().build().toByteArray());
        Graph mapped = OnnxImporter.load(file);
        Graph inMemory = load(model());
        // raw_data: a view of the file's bytes (mapped, or in memory), read only when asked; typed fields: an array.
        TensorData.Floats w = (TensorData.Floats) mapped.initializers().get("w").data();
        TensorData.Floats memoryW = (TensorData.Floats) inMemory.initializers().get("w").data();
        assertThat(w.mappedBytes()).hasValueSatisfying(bytes -> assertThat(bytes.byteSize()).isEqualTo(6 * Float.BYTES));
        assertThat(memoryW.mappedBytes()).isEmpty();
        assertThat(memoryW.bytes()).hasValueSatisfying(bytes -> assertThat(bytes.byteSize()).isEqualTo(6 * Float.BYTES));
        assertThat(w.length()).isEqualTo(6);
        assertThat(w.values()).containsExactly(memoryW.values());
        assertThat(w.values()).isSameAs(w.values());
        // Once read into an array, a view lets its bytes go.
        assertThat(w.bytes()).isEmpty();
        assertThat(w.mappedBytes()).isEmpty();
        assertThat(memoryW.bytes()).isEmpty();
        assertThat(((TensorData.Floats) mapped.initializers().get("b").data()).bytes()).isEmpty();
    }

    @Test
    void readsAttributesOfEveryKind() {
        NodeProto.Builder n = node("Gather", "g", List.of("w", "i"), List.of("y")).toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1))
                .addAttribute(AttributeProto.newBuilder().setName("eps").setType(AttributeProto.AttributeType.FLOAT).setF(1e-12f))
                .addAttribute(AttributeProto.newBuilder().setName("mode").setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("tanh")))
                .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                        .addInts(0).addInts(2).addInts(1))
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(7)));
        Graph g = load(withGraph(b -> b.clearNode().clearOutput()
                .addInput(value("i", TensorProto.DataType.INT64_VALUE, "batch"))
                .addOutput(value("y", TensorProto.DataType.FLOAT_VALUE)).addNode(n)));
        Node node = g.nodes().getFirst();
        assertThat(node.intAttr("axis", 0)).isEqualTo(-1);
        assertThat(node.floatAttr("eps", 0)).isEqualTo(1e-12f);
        assertThat(node.attributes().get("mode")).isEqualTo(new Attribute.StringValue("tanh"));
        assertThat(node.intsAttr("perm")).hasValueSatisfying(p -> assertThat(p).containsExactly(0, 2, 1));
        Tensor value = node.tensorAttr("value").orElseThrow();
        assertThat(value.shape()).isEmpty();
        assertThat(((TensorData.Longs) value.data()).values()).containsExactly(7);
        assertThatThrownBy(() -> node.intAttr("eps", 0)).isInstanceOf(ModelException.class)
                .hasMessage("node 'g' (Gather): attribute 'eps' should be INT but is FLOAT");
    }

    @Test
    void sortsNodesIntoExecutionOrder() {
        Graph g = load(withGraph(b -> b.clearNode()
                .addNode(node("Add", "add", List.of("xw", "b"), List.of("y")))
                .addNode(node("MatMul", "mm", List.of("x", "w"), List.of("xw")))));
        assertThat(g.nodes()).extracting(Node::name).containsExactly("mm", "add");
    }

    @Test
    void readsExternalDataBesideTheModelFile() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 + 24).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(0);
        for (int i = 1; i <= 6; i++) {
            data.putFloat(i * 10);
        }
        Files.write(dir.resolve("weights.bin"), data.array());
        ModelProto.Builder m = withGraph(b -> b.setInitializer(0, external("w", "weights.bin", 8, 24)));
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.build().toByteArray());
        Graph g = OnnxImporter.load(file);
        assertThat(((TensorData.Floats) g.initializers().get("w").data()).values()).containsExactly(10, 20, 30, 40, 50, 60);
    }

    static TensorProto external(String name, String location, long offset, long length) {
        return TensorProto.newBuilder().setName(name).addDims(2).addDims(3).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)))
                .build();
    }

    @Test
    void externalDataErrorsNameTheTensorAndFile() throws IOException {
        Files.write(dir.resolve("short.bin"), new byte[16]);
        for (var c : List.of(
                new Object[] {"missing.bin", 0L, 24L, "initializer 'w': external data file 'missing.bin' not found"},
                new Object[] {"short.bin", 0L, 24L, "external range [0, 24) lies past the end of 'short.bin' (16 bytes)"},
                new Object[] {"../outside.bin", 0L, 24L, "location '../outside.bin' must be a relative path inside"},
                new Object[] {"short.bin", 0L, 16L, "(float32, 6 elements) should have 24 bytes of data but has 16"})) {
            Path file = dir.resolve("model.onnx");
            Files.write(file, withGraph(b -> b.setInitializer(0, external("w", (String) c[0], (long) c[1], (long) c[2])))
                    .build().toByteArray());
            assertThatThrownBy(() -> OnnxImporter.load(file)).isInstanceOf(ModelException.class)
                    .hasMessageStartingWith(file + ": ").hasMessageContaining((String) c[3]);
        }
    }

    @Test
    void malformedGraphsAreNamedInTheMessage() {
        record Case(ModelProto.Builder model, String message) {
        }
        List<Case> cases = List.of(
                new Case(withGraph(b -> b.setNode(0, node("MatMul", "mm", List.of("x", "nope"), List.of("xw")))),
                        "tiny.onnx: node 'mm' (MatMul) reads 'nope', which is no graph input, initializer or node output"),
                new Case(withGraph(b -> b.setNode(1, node("Add", "add", List.of("xw", "b"), List.of("xw")))),
                        "tiny.onnx: value 'xw' is defined twice (again as output of node 'add' (Add))"),
                new Case(withGraph(b -> b.setNode(0, node("MatMul", "mm", List.of("y", "w"), List.of("xw")))),
                        "tiny.onnx: the graph has a cycle through node 'mm' (MatMul)"),
                new Case(withGraph(b -> b.setOutput(0, value("z", 1))),
                        "tiny.onnx: graph output 'z' is produced by no node"),
                new Case(withGraph(b -> b.setNode(1, b.getNode(1).toBuilder().setDomain("com.example"))),
                        "tiny.onnx: node 'Add#1' (com.example.Add) is in domain 'com.example', which the model imports no opset for"),
                new Case(withGraph(b -> b.setInitializer(0, b.getInitializer(0).toBuilder().setDataType(8))),
                        "tiny.onnx: initializer 'w' has element type STRING, which Ferrite does not support"),
                new Case(withGraph(b -> b.setInitializer(0, b.getInitializer(0).toBuilder().setDataType(99))),
                        "tiny.onnx: initializer 'w' has unknown element type code 99"),
                new Case(withGraph(b -> b.setInitializer(0, b.getInitializer(0).toBuilder().addDims(2))),
                        "tiny.onnx: initializer 'w' (float32, 12 elements) should have 48 bytes of data but has 24"),
                new Case(withGraph(b -> b.setInitializer(1, b.getInitializer(1).toBuilder().addFloatData(1))),
                        "tiny.onnx: initializer 'b' (float32) should have 3 elements but has 4"),
                new Case(withGraph(b -> b.setInput(0, ValueInfoProto.newBuilder().setName("x"))),
                        "tiny.onnx: graph input 'x' should be a tensor but is no type"),
                new Case(withGraph(b -> b.setNode(0, b.getNode(0).toBuilder().addAttribute(AttributeProto.newBuilder()
                        .setName("body").setType(AttributeProto.AttributeType.GRAPH)))),
                        "tiny.onnx: node 'mm' (MatMul): attribute 'body' holds a subgraph; control flow is not supported"),
                new Case(model().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(9)),
                        "tiny.onnx: default ONNX opset 9 is unsupported (need 11 or later; re-export the model with a newer opset)"),
                new Case(model().clearOpsetImport(), "tiny.onnx: the model imports no operator set (truncated file?)"),
                new Case(model().clearGraph(), "tiny.onnx: the model has no graph (truncated file?)"),
                new Case(model().clearIrVersion(),
                        "tiny.onnx: ONNX IR version 0 is unsupported (need 3 or later); is this an ONNX file?"));
        for (Case c : cases) {
            assertThatThrownBy(() -> load(c.model())).isInstanceOf(ModelException.class).hasMessage(c.message());
        }
    }

    @Test
    void filesThatAreNotModelsAreNamed() throws IOException {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a protobuf message\n");
        assertThatThrownBy(() -> OnnxImporter.load(text)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(text + ": not a valid ONNX model");
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertThatThrownBy(() -> OnnxImporter.load(empty)).isInstanceOf(ModelException.class)
                .hasMessage(empty + ": empty file, not an ONNX model");
        assertThatThrownBy(() -> OnnxImporter.load(dir.resolve("absent.onnx"))).isInstanceOf(ModelException.class)
                .hasMessage(dir.resolve("absent.onnx") + ": no such file");
    }
}
