package dev.ferrite.runtime.embed;

import com.google.protobuf.ByteString;
import dev.ferrite.runtime.onnx.proto.Onnx.GraphProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ModelProto;
import dev.ferrite.runtime.onnx.proto.Onnx.NodeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TypeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in embedding model small enough for fast tests: the MiniLM tokenizer (fixture) and a
 * one-node graph, {@code last_hidden_state = Gather(table, input_ids)}, whose table row for token
 * id {@code i} is {@code (i, 1)}. So a pooled vector reads off which tokens were embedded:
 * CLS gives (101, 1), last gives (102, 1), mean gives (average id, 1).
 */
final class TinyModel {
    static final int VOCAB = 30522;

    private TinyModel() {
    }

    static Path tokenizerFixture() {
        String fixtures = System.getProperty("ferrite.fixtures");
        if (fixtures == null) {
            throw new AssertionError("system property ferrite.fixtures is not set (the parent pom sets it)");
        }
        Path p = Path.of(fixtures, "tokenizers", "minilm", "tokenizer.json");
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("fixture missing: " + p);
        }
        return p;
    }

    /** The graph with the given op in place of Gather and the given input name. */
    static byte[] onnx(String op, String inputName) {
        ByteBuffer raw = ByteBuffer.allocate(VOCAB * 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < VOCAB; i++) {
            raw.putFloat(i).putFloat(1);
        }
        TensorProto table = TensorProto.newBuilder().setName("table").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(VOCAB).addDims(2).setRawData(ByteString.copyFrom(raw.array())).build();
        GraphProto g = GraphProto.newBuilder().setName("tiny")
                .addInput(value(inputName, TensorProto.DataType.INT64_VALUE, "batch", "sequence"))
                .addOutput(value("last_hidden_state", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", 2))
                .addInitializer(table)
                .addNode(NodeProto.newBuilder().setOpType(op).setName("lookup").addInput("table").addInput(inputName)
                        .addOutput("last_hidden_state"))
                .build();
        return ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(11))
                .setGraph(g).build().toByteArray();
    }

    static byte[] onnx() {
        return onnx("Gather", "input_ids");
    }

    /** A Hugging Face style directory: tokenizer.json and model.onnx. */
    static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(tokenizerFixture(), dir.resolve("tokenizer.json"));
            Files.write(dir.resolve("model.onnx"), onnx());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
