package dev.ferrite.runtime.onnx;

import com.google.protobuf.ByteString;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.onnx.proto.Onnx.AttributeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.GraphProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ModelProto;
import dev.ferrite.runtime.onnx.proto.Onnx.NodeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TypeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;

/**
 * A made-up model of one node, imported to load and initialize the classes an import uses (protobuf's
 * runtime, the ONNX messages, the converter's): about 100 ms of a fresh JVM's first import, which
 * {@link OnnxImporter#initialize()} lets a caller spend on another thread while it reads the model.
 */
final class ImportWarmUp {
    /** {@code y = Transpose(w, perm = [1, 0])}, w a float32 [1, 2] initializer, y float32 [2, 1]. */
    private static final byte[] MODEL = model().toByteArray();

    private ImportWarmUp() {
    }

    /** Imports the made-up model; returns its graph. */
    static Graph run() {
        return OnnxImporter.load(ByteBuffer.wrap(MODEL), "a made-up model", null);
    }

    private static ModelProto model() {
        GraphProto graph = GraphProto.newBuilder().setName("warm-up")
                .addInitializer(TensorProto.newBuilder().setName("w").addDims(1).addDims(2)
                        .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(new byte[8])))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("one"))))))
                .addNode(NodeProto.newBuilder().setOpType("Transpose").addInput("w").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                                .addInts(1).addInts(0)))
                .build();
        return ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph).build();
    }
}
