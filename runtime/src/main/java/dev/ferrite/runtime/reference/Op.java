package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Node;
import java.util.Arrays;

/**
 * One ONNX operator, computed the plain way. {@code inputs[i]} is null where the node omits
 * optional input {@code i}. Returns one array per node output.
 */
@FunctionalInterface
interface Op {
    NdArray[] apply(Node node, NdArray[] inputs, long opset);

    /** A run-time failure of {@code node}, naming it and the shapes involved. */
    static ModelException fail(Node node, String message) {
        return new ModelException("node '" + node.name() + "' (" + node.qualifiedOpType() + "): " + message);
    }

    /** {@code axis} in [-rank, rank) made non-negative. */
    static int axis(Node node, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw fail(node, "axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static NdArray input(Node node, NdArray[] inputs, int i) {
        if (i >= inputs.length || inputs[i] == null) {
            throw fail(node, "input " + i + " is required");
        }
        return inputs[i];
    }

    static NdArray floatInput(Node node, NdArray[] inputs, int i) {
        NdArray a = input(node, inputs, i);
        if (a.f() == null) {
            throw fail(node, "input " + i + " should be float32 but is " + a);
        }
        return a;
    }

    static long[] longValues(Node node, NdArray a, String what) {
        if (a.l() == null) {
            throw fail(node, what + " should be int64 but is " + a);
        }
        return a.l().clone();
    }

    static String shapeText(int[] shape) {
        return Arrays.toString(shape);
    }
}
