package dev.ferrite.runtime.graph;

import dev.ferrite.runtime.ModelException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator application. {@code inputs} and {@code outputs} name graph values; an empty input
 * name stands for an omitted optional input, as in ONNX. {@code domain} is empty for the default
 * ONNX operator set ("ai.onnx"). {@code name} is never empty: the importer names anonymous nodes
 * {@code <OpType>#<index>} so that every message can point at one.
 */
public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
        Map<String, Attribute> attributes) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(domain, "domain");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** {@code OpType} or {@code domain.OpType} outside the default domain. */
    public String qualifiedOpType() {
        return domain.isEmpty() ? opType : domain + "." + opType;
    }

    /** Input {@code i}, or empty where the node has fewer inputs or the input was omitted. */
    public Optional<String> input(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty() ? Optional.of(inputs.get(i)) : Optional.empty();
    }

    public long intAttr(String key, long fallback) {
        return switch (attributes.get(key)) {
            case null -> fallback;
            case Attribute.IntValue v -> v.value();
            case Attribute other -> throw wrongKind(key, "INT", other);
        };
    }

    public float floatAttr(String key, float fallback) {
        return switch (attributes.get(key)) {
            case null -> fallback;
            case Attribute.FloatValue v -> v.value();
            case Attribute other -> throw wrongKind(key, "FLOAT", other);
        };
    }

    public Optional<long[]> intsAttr(String key) {
        return switch (attributes.get(key)) {
            case null -> Optional.empty();
            case Attribute.Ints v -> Optional.of(v.values().clone());
            case Attribute other -> throw wrongKind(key, "INTS", other);
        };
    }

    public Optional<Tensor> tensorAttr(String key) {
        return switch (attributes.get(key)) {
            case null -> Optional.empty();
            case Attribute.TensorValue v -> Optional.of(v.value());
            case Attribute other -> throw wrongKind(key, "TENSOR", other);
        };
    }

    private ModelException wrongKind(String key, String expected, Attribute actual) {
        return new ModelException("node '" + name + "' (" + qualifiedOpType() + "): attribute '" + key
                + "' should be " + expected + " but is " + actual.kind());
    }

    @Override
    public String toString() {
        return name + " = " + qualifiedOpType() + inputs + " -> " + outputs;
    }
}
