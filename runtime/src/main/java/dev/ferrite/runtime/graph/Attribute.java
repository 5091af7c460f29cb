package dev.ferrite.runtime.graph;

import java.util.Arrays;
import java.util.List;

/** A node attribute, as ONNX types them. Integers are {@code long} as in the file. */
public sealed interface Attribute {

    record FloatValue(float value) implements Attribute {
    }

    record IntValue(long value) implements Attribute {
    }

    record StringValue(String value) implements Attribute {
    }

    record TensorValue(Tensor value) implements Attribute {
    }

    record Floats(float[] values) implements Attribute {
        @Override
        public String toString() {
            return "Floats" + Arrays.toString(values);
        }
    }

    record Ints(long[] values) implements Attribute {
        @Override
        public String toString() {
            return "Ints" + Arrays.toString(values);
        }
    }

    record Strings(List<String> values) implements Attribute {
        public Strings {
            values = List.copyOf(values);
        }
    }

    /** ONNX's name for the kind of attribute, for messages ({@code INT}, {@code FLOATS}...). */
    default String kind() {
        return switch (this) {
            case FloatValue f -> "FLOAT";
            case IntValue i -> "INT";
            case StringValue s -> "STRING";
            case TensorValue t -> "TENSOR";
            case Floats f -> "FLOATS";
            case Ints i -> "INTS";
            case Strings s -> "STRINGS";
        };
    }
}
