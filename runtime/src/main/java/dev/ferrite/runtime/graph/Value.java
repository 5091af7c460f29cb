package dev.ferrite.runtime.graph;

/** A named graph input or output with its declared type. */
public record Value(String name, TensorType type) {
    @Override
    public String toString() {
        return name + ": " + type;
    }
}
