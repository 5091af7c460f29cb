package dev.ferrite.runtime.graph;

import java.util.List;
import java.util.stream.Collectors;

/** A declared tensor shape: one {@link Dim} per axis, outermost first. */
public record Shape(List<Dim> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(Dim... dims) {
        return new Shape(List.of(dims));
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int axis) {
        return dims.get(axis);
    }

    /** Written as {@code [batch_size, sequence_length, 384]}. */
    @Override
    public String toString() {
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
