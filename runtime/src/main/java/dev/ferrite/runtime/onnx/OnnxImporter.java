package dev.ferrite.runtime.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.onnx.proto.Onnx.AttributeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.GraphProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ModelProto;
import dev.ferrite.runtime.onnx.proto.Onnx.NodeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model ({@code ModelProto}, IR version 3 or later, default-domain opset 11 or later)
 * into Ferrite's {@link Graph}. float32 weights stored in the file are views of its bytes until first
 * used ({@link dev.ferrite.runtime.graph.TensorData.Floats}), other weights (and those of external
 * data files beside it) are copied out; declared input and output shapes keep their dynamic (batch,
 * sequence) dimensions.
 *
 * <p>Import is structural: it checks that the file is a well-formed model and does not ask whether
 * Ferrite can run its operators (the executor does, when it is built over the graph). Every failure
 * is a {@link ModelException} naming the file and the part at fault, never a protobuf exception.
 */
public final class OnnxImporter {
    /** The oldest default-domain opset Ferrite reads (ONNX 1.6, 2019). */
    public static final long MIN_OPSET = 11;
    /** The oldest IR version that has opset imports (ONNX 1.0). */
    private static final long MIN_IR_VERSION = 3;

    private OnnxImporter() {
    }

    /**
     * Loads and initializes the classes an import uses (protobuf's runtime, the ONNX messages, the
     * converter's: about 100 ms of a fresh JVM's first import), by importing a made-up model of one
     * node: for a caller that can have this done on another thread while it reads the model's bytes.
     */
    public static void initialize() {
        ImportWarmUp.run();
    }

    /** Reads {@code file}; external data locations are relative to its directory. */
    public static Graph load(Path file) {
        // The path as given names it in messages: a directory's model.onnx is known by its directory.
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelException(source + ": " + size + " bytes; an ONNX file over 2 GiB must keep its weights "
                        + "in external data files");
            }
            // Mapped, and parsed with aliasing below, so raw_data is copied once: into the tensor arrays.
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            Path dir = file.toAbsolutePath().getParent();
            return load(bytes, source, dir);
        } catch (NoSuchFileException e) {
            throw new ModelException(source + ": no such file");
        } catch (IOException e) {
            throw new ModelException(source + ": cannot read: " + e, e);
        }
    }

    /**
     * Reads a model from {@code bytes} (position to limit), which must not change while the graph is
     * in use when they are a heap buffer's: its float32 weights are read from them when first used.
     *
     * @param source      name for messages, e.g. the file name
     * @param externalDir directory external data locations are relative to, or null if there is none
     */
    public static Graph load(ByteBuffer bytes, String source, Path externalDir) {
        ModelProto model = parse(bytes, source);
        TensorReader tensors = new TensorReader(source, externalDir);
        try {
            return new OnnxImporter.Converter(source, tensors).model(model);
        } finally {
            tensors.close();
        }
    }

    private static ModelProto parse(ByteBuffer bytes, String source) {
        if (!bytes.hasRemaining()) {
            throw new ModelException(source + ": empty file, not an ONNX model");
        }
        try {
            // Read through a ByteString that wraps the bytes: protobuf aliases (does not copy) bytes
            // fields only when its input is marked immutable, which CodedInputStream.newInstance never
            // is. So raw_data stays a view of the file (mapped or inflated), and the only copy of the
            // weights is the one into the tensor arrays: 90 MB less heap for MiniLM than copying.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes.slice()).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            ModelProto model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(source + ": not a valid ONNX model, the file is truncated or corrupt ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            // protobuf reports some malformed input (bad UTF-8 in proto2 strings is not checked, but
            // e.g. negative sizes deep in a buffer) with unchecked exceptions; none may escape raw.
            throw new ModelException(source + ": not a valid ONNX model, the file is corrupt (" + e + ")", e);
        }
    }

    /** One import: the protobuf tree to the IR, with a message for every way it can be wrong. */
    private record Converter(String source, TensorReader tensors) {

        Graph model(ModelProto model) {
            if (model.getIrVersion() < MIN_IR_VERSION) {
                throw new ModelException(source + ": ONNX IR version " + model.getIrVersion() + " is unsupported (need "
                        + MIN_IR_VERSION + " or later)" + (model.getIrVersion() == 0 ? "; is this an ONNX file?" : ""));
            }
            if (!model.hasGraph()) {
                throw new ModelException(source + ": the model has no graph (truncated file?)");
            }
            if (model.getOpsetImportCount() == 0) {
                throw new ModelException(source + ": the model imports no operator set (truncated file?)");
            }
            Map<String, Long> opsets = new LinkedHashMap<>();
            for (OperatorSetIdProto id : model.getOpsetImportList()) {
                String domain = canonicalDomain(id.getDomain());
                if (opsets.put(domain, id.getVersion()) != null) {
                    throw new ModelException(source + ": operator set '" + id.getDomain() + "' is imported twice");
                }
            }
            Long onnxOpset = opsets.get("");
            if (onnxOpset != null && onnxOpset < MIN_OPSET) {
                throw new ModelException(source + ": default ONNX opset " + onnxOpset + " is unsupported (need "
                        + MIN_OPSET + " or later; re-export the model with a newer opset)");
            }
            return graph(model.getGraph(), opsets);
        }

        private Graph graph(GraphProto g, Map<String, Long> opsets) {
            Map<String, Tensor> initializers = new LinkedHashMap<>();
            for (TensorProto t : g.getInitializerList()) {
                if (t.getName().isEmpty()) {
                    throw new ModelException(source + ": an initializer has no name");
                }
                if (initializers.put(t.getName(), tensors.read(t, "initializer")) != null) {
                    throw new ModelException(source + ": initializer '" + t.getName() + "' is defined twice");
                }
            }
            if (g.getSparseInitializerCount() > 0) {
                throw new ModelException(source + ": sparse initializer '" + g.getSparseInitializer(0).getValues().getName()
                        + "' is not supported");
            }
            List<Value> inputs = new ArrayList<>();
            for (ValueInfoProto v : g.getInputList()) {
                // Older exporters list initializers among the inputs too; they are weights, not inputs.
                if (!initializers.containsKey(v.getName())) {
                    inputs.add(new Value(v.getName(), OnnxTypes.valueType(v, source + ": graph input '" + v.getName() + "'")));
                }
            }
            List<Value> outputs = new ArrayList<>();
            for (ValueInfoProto v : g.getOutputList()) {
                outputs.add(new Value(v.getName(), OnnxTypes.valueType(v, source + ": graph output '" + v.getName() + "'")));
            }
            if (outputs.isEmpty()) {
                throw new ModelException(source + ": the graph declares no output");
            }
            List<Node> nodes = new ArrayList<>(g.getNodeCount());
            for (int i = 0; i < g.getNodeCount(); i++) {
                nodes.add(node(g.getNode(i), i));
            }
            return new Graph(source, g.getName(), inputs, outputs, nodes, initializers, opsets);
        }

        private Node node(NodeProto n, int index) {
            if (n.getOpType().isEmpty()) {
                throw new ModelException(source + ": node #" + index + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'")
                        + " has no op_type");
            }
            String name = n.getName().isEmpty() ? n.getOpType() + "#" + index : n.getName();
            String what = source + ": node '" + name + "' (" + n.getOpType() + ")";
            Map<String, Attribute> attributes = new HashMap<>();
            for (AttributeProto a : n.getAttributeList()) {
                if (attributes.put(a.getName(), attribute(a, what)) != null) {
                    throw new ModelException(what + ": attribute '" + a.getName() + "' is given twice");
                }
            }
            return new Node(name, n.getOpType(), canonicalDomain(n.getDomain()), n.getInputList(), n.getOutputList(),
                    attributes);
        }

        private Attribute attribute(AttributeProto a, String node) {
            String what = node + ": attribute '" + a.getName() + "'";
            if (!a.getRefAttrName().isEmpty()) {
                throw new ModelException(what + " refers to a function attribute; functions are not supported");
            }
            return switch (a.getType()) {
                case FLOAT -> new Attribute.FloatValue(a.getF());
                case INT -> new Attribute.IntValue(a.getI());
                case STRING -> new Attribute.StringValue(a.getS().toString(StandardCharsets.UTF_8));
                case TENSOR -> new Attribute.TensorValue(tensors.read(a.getT(), "tensor of " + what.substring(source.length() + 2)));
                case FLOATS -> {
                    float[] v = new float[a.getFloatsCount()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = a.getFloats(i);
                    }
                    yield new Attribute.Floats(v);
                }
                case INTS -> new Attribute.Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
                case STRINGS -> new Attribute.Strings(a.getStringsList().stream()
                        .map(s -> s.toString(StandardCharsets.UTF_8)).toList());
                case GRAPH, GRAPHS -> throw new ModelException(what + " holds a subgraph; control flow is not supported");
                case UNDEFINED -> throw new ModelException(what + " has no type");
                default -> throw new ModelException(what + " has type " + a.getType() + ", which Ferrite does not support");
            };
        }

        private static String canonicalDomain(String domain) {
            return domain.equals("ai.onnx") ? "" : domain;
        }
    }
}
