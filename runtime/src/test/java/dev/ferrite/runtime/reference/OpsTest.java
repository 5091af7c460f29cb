package dev.ferrite.runtime.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operator semantics that one model run does not reach: opset variants, edge cases, errors. */
class OpsTest {

    static Node node(String op, Map<String, Attribute> attributes) {
        return new Node("n", op, "", List.of("a", "b"), List.of("y"), attributes);
    }

    static NdArray f(int[] shape, float... v) {
        return NdArray.floats(shape, v);
    }

    static NdArray l(long... v) {
        return NdArray.longs(new int[] {v.length}, v);
    }

    @Test
    void erfMatchesKnownValues() {
        // erf values to 16 digits (Abramowitz & Stegun table 7.1 and its extensions).
        assertThat(ElementwiseOps.erf(0)).isEqualTo(0);
        assertThat(ElementwiseOps.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-15));
        assertThat(ElementwiseOps.erf(1)).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(ElementwiseOps.erf(-2)).isCloseTo(-0.9953222650189527, within(1e-15));
        assertThat(ElementwiseOps.erf(2.5)).isCloseTo(0.9995930479825550, within(1e-15));
        assertThat(ElementwiseOps.erf(3)).isCloseTo(0.9999779095030014, within(1e-15));
        assertThat(ElementwiseOps.erf(10)).isEqualTo(1);
    }

    @Test
    void addBroadcastsBothWays() {
        NdArray y = ElementwiseOps.ADD.apply(node("Add", Map.of()),
                new NdArray[] {f(new int[] {2, 1}, 1, 2), f(new int[] {3}, 10, 20, 30)}, 11)[0];
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.f()).containsExactly(11, 21, 31, 12, 22, 32);
        assertThatThrownBy(() -> ElementwiseOps.ADD.apply(node("Add", Map.of()),
                new NdArray[] {f(new int[] {2}, 1, 2), f(new int[] {3}, 1, 2, 3)}, 11))
                .isInstanceOf(ModelException.class).hasMessage("node 'n' (Add): cannot broadcast [2] with [3]");
    }

    @Test
    void softmaxFlattensBeforeOpset13AndNotAfter() {
        NdArray x = f(new int[] {1, 2, 2}, 0, 0, 0, 0);
        Map<String, Attribute> axis1 = Map.of("axis", new Attribute.IntValue(1));
        // Opset 11: rows of the [1, 4] flattening, each element 1/4.
        assertThat(MathOps.SOFTMAX.apply(node("Softmax", axis1), new NdArray[] {x}, 11)[0].f())
                .containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
        // Opset 13: along axis 1 alone, each element 1/2.
        assertThat(MathOps.SOFTMAX.apply(node("Softmax", axis1), new NdArray[] {x}, 13)[0].f())
                .containsExactly(0.5f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void sliceClampsAndStepsBackwards() {
        NdArray x = f(new int[] {5}, 0, 1, 2, 3, 4);
        NdArray all = ShapeOps.SLICE.apply(node("Slice", Map.of()),
                new NdArray[] {x, l(-1), l(Long.MIN_VALUE), l(0), l(-2)}, 11)[0];
        assertThat(all.f()).containsExactly(4, 2, 0);
        NdArray tail = ShapeOps.SLICE.apply(node("Slice", Map.of()), new NdArray[] {x, l(3), l(Long.MAX_VALUE)}, 11)[0];
        assertThat(tail.f()).containsExactly(3, 4);
    }

    @Test
    void reshapeCopiesZerosAndInfersMinusOne() {
        NdArray x = f(new int[] {2, 3, 4}, new float[24]);
        assertThat(ShapeOps.RESHAPE.apply(node("Reshape", Map.of()), new NdArray[] {x, l(0, -1, 2)}, 11)[0].shape())
                .containsExactly(2, 6, 2);
        assertThatThrownBy(() -> ShapeOps.RESHAPE.apply(node("Reshape", Map.of()), new NdArray[] {x, l(5, -1)}, 11))
                .isInstanceOf(ModelException.class).hasMessage("node 'n' (Reshape): cannot reshape float32[2, 3, 4] to [5, -1]");
    }

    @Test
    void unsqueezeTakesAxesFromAttributeOrInput() {
        NdArray x = l(7, 8);
        NdArray v11 = ShapeOps.UNSQUEEZE.apply(node("Unsqueeze", Map.of("axes", new Attribute.Ints(new long[] {0, -1}))),
                new NdArray[] {x}, 11)[0];
        assertThat(v11.shape()).containsExactly(1, 2, 1);
        NdArray v13 = ShapeOps.UNSQUEEZE.apply(node("Unsqueeze", Map.of()), new NdArray[] {x, l(1)}, 13)[0];
        assertThat(v13.shape()).containsExactly(2, 1);
    }

    @Test
    void gatherAndTransposeMoveTheRightElements() {
        NdArray table = f(new int[] {3, 2}, 0, 1, 10, 11, 20, 21);
        NdArray rows = ShapeOps.GATHER.apply(node("Gather", Map.of()),
                new NdArray[] {table, NdArray.longs(new int[] {2, 1}, new long[] {2, -3})}, 11)[0];
        assertThat(rows.shape()).containsExactly(2, 1, 2);
        assertThat(rows.f()).containsExactly(20, 21, 0, 1);
        NdArray t = ShapeOps.TRANSPOSE.apply(node("Transpose", Map.of()), new NdArray[] {table}, 11)[0];
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.f()).containsExactly(0, 10, 20, 1, 11, 21);
    }

    @Test
    void matmulBroadcastsBatchDimensions() {
        NdArray a = f(new int[] {2, 1, 2}, 1, 2, 3, 4);
        NdArray b = f(new int[] {2, 1}, 10, 100);
        NdArray y = MathOps.MATMUL.apply(node("MatMul", Map.of()), new NdArray[] {a, b}, 11)[0];
        assertThat(y.shape()).containsExactly(2, 1, 1);
        assertThat(y.f()).containsExactly(210, 430);
    }

    @Test
    void reduceMeanKeepsOrDropsAxes() {
        NdArray x = f(new int[] {2, 2}, 1, 2, 3, 5);
        Map<String, Attribute> last = Map.of("axes", new Attribute.Ints(new long[] {-1}));
        assertThat(MathOps.REDUCE_MEAN.apply(node("ReduceMean", last), new NdArray[] {x}, 11)[0].shape())
                .containsExactly(2, 1);
        NdArray dropped = MathOps.REDUCE_MEAN.apply(node("ReduceMean",
                Map.of("axes", new Attribute.Ints(new long[] {0}), "keepdims", new Attribute.IntValue(0))),
                new NdArray[] {x}, 11)[0];
        assertThat(dropped.shape()).containsExactly(2);
        assertThat(dropped.f()).containsExactly(2, 3.5f);
    }
}
