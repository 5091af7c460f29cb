package dev.ferrite.runtime.graph;

import java.util.Objects;
import java.util.Optional;

/** The declared type of a graph value: its element type and, when the file states it, its shape. */
public record TensorType(DType dtype, Optional<Shape> shape) {
    public TensorType {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
    }

    @Override
    public String toString() {
        return dtype.label() + shape.map(Shape::toString).orElse("[unknown rank]");
    }
}
