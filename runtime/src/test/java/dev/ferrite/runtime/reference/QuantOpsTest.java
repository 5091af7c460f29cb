package dev.ferrite.runtime.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.Attribute;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The int8 operators on the examples of the ONNX operator documentation (Operators.md) and on
 * inputs chosen to land exactly on a half, where rounding half to even and half up differ.
 */
class QuantOpsTest {

    private static Node node(String op, Map<String, Attribute> attributes) {
        return new Node("q", op, "", List.of("a", "b", "c", "d"), List.of("y", "s", "z"), attributes);
    }

    private static NdArray[] dql(float... x) {
        return QuantOps.DYNAMIC_QUANTIZE_LINEAR.apply(node("DynamicQuantizeLinear", Map.of()),
                new NdArray[] {NdArray.floats(new int[] {x.length}, x)}, 11);
    }

    private static NdArray ints(DType dtype, int[] shape, long... v) {
        return NdArray.integers(dtype, shape, v);
    }

    @Test
    void dynamicQuantizeLinearOnTheSpecExamples() {
        NdArray[] out = dql(0, 2, -3, -2.5f, 1.34f, 0.5f);
        assertThat(out[0].dtype()).isEqualTo(DType.UINT8);
        assertThat(out[0].l()).containsExactly(153, 255, 0, 26, 221, 179);
        assertThat(out[1].f()).containsExactly(5f / 255);
        assertThat(out[2].l()).containsExactly(153);

        out = dql(-1.0f, -2.1f, -1.3f, -2.5f, -3.34f, -4.0f);
        assertThat(out[0].l()).containsExactly(191, 121, 172, 96, 42, 0);
        assertThat(out[2].l()).containsExactly(255);

        out = dql(1, 2.1f, 1.3f, 2.5f, 3.34f, 4.0f, 1.5f, 2.6f, 3.9f, 4.0f, 3.0f, 2.345f);
        assertThat(out[0].l()).containsExactly(64, 134, 83, 159, 213, 255, 96, 166, 249, 255, 191, 149);
        assertThat(out[2].l()).containsExactly(0);
    }

    @Test
    void dynamicQuantizeLinearRoundsHalfToEvenAndSaturates() {
        // Range 255 makes the scale exactly 1, so x / scale lands on the halves themselves.
        NdArray[] out = dql(0, 255, 0.5f, 1.5f, 2.5f, 3.5f);
        assertThat(out[1].f()).containsExactly(1f);
        assertThat(out[0].l()).containsExactly(0, 255, 0, 2, 2, 4);
        // Zero point rint(2.5) = 2, not 3.
        out = dql(-2.5f, 252.5f);
        assertThat(out[2].l()).containsExactly(2);
        assertThat(out[0].l()).containsExactly(0, 254);
        // Zero point rint(1.5) = 2; rint(253.5) + 2 = 256 saturates to 255.
        out = dql(-1.5f, 253.5f);
        assertThat(out[2].l()).containsExactly(2);
        assertThat(out[0].l()).containsExactly(0, 255);
        // All zeros: the reference's guard gives scale 1/255, zero point 0.
        out = dql(0, 0);
        assertThat(out[1].f()).containsExactly(1f / 255);
        assertThat(out[0].l()).containsExactly(0, 0);
    }

    @Test
    void matMulIntegerOnTheSpecExample() {
        NdArray a = ints(DType.UINT8, new int[] {4, 3}, 11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0);
        NdArray b = ints(DType.UINT8, new int[] {3, 2}, 1, 4, 2, 5, 3, 6);
        NdArray y = QuantOps.MATMUL_INTEGER.apply(node("MatMulInteger", Map.of()), new NdArray[] {a, b,
                ints(DType.UINT8, new int[0], 12), ints(DType.UINT8, new int[0], 0)}, 11)[0];
        assertThat(y.dtype()).isEqualTo(DType.INT32);
        assertThat(y.shape()).containsExactly(4, 2);
        assertThat(y.l()).containsExactly(-38, -83, -44, -98, -50, -113, -56, -128);
    }

    @Test
    void matMulIntegerTakesOneZeroPointPerColumnOfBAndBroadcastsBatches() {
        // A: uint8 [2, 1, 2] (a batch of two rows), B: int8 [2, 2] with zero points [1, -2] per column.
        NdArray a = ints(DType.UINT8, new int[] {2, 1, 2}, 200, 3, 0, 255);
        NdArray b = ints(DType.INT8, new int[] {2, 2}, -128, 127, 1, -1);
        NdArray y = QuantOps.MATMUL_INTEGER.apply(node("MatMulInteger", Map.of()), new NdArray[] {a, b,
                ints(DType.UINT8, new int[0], 10), ints(DType.INT8, new int[] {2}, 1, -2)}, 11)[0];
        assertThat(y.shape()).containsExactly(2, 1, 2);
        // (200-10)(-129) + (3-10)(0) = -24510; (190)(129) + (-7)(1) = 24503;
        // (-10)(-129) + (245)(0) = 1290; (-10)(129) + (245)(1) = -1045.
        assertThat(y.l()).containsExactly(-24510, 24503, 1290, -1045);
        assertThatThrownBy(() -> QuantOps.MATMUL_INTEGER.apply(node("MatMulInteger", Map.of()),
                new NdArray[] {a, b, null, ints(DType.INT8, new int[] {3}, 1, 2, 3)}, 11))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("node 'q' (MatMulInteger): zero point int8[3] should be a scalar or one value per columns of B (2)");
    }

    @Test
    void dequantizeLinearPerTensorAndPerAxis() {
        NdArray y = QuantOps.DEQUANTIZE_LINEAR.apply(node("DequantizeLinear", Map.of()), new NdArray[] {
                ints(DType.UINT8, new int[] {4}, 0, 3, 128, 255), NdArray.floats(new int[0], new float[] {2}),
                ints(DType.UINT8, new int[0], 128)}, 11)[0];
        assertThat(y.f()).containsExactly(-256, -250, 0, 254);

        NdArray x = ints(DType.INT8, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        NdArray[] perAxis = {x, NdArray.floats(new int[] {3}, new float[] {1, 0.5f, 2}),
            ints(DType.INT8, new int[] {3}, 0, 1, -1)};
        assertThat(QuantOps.DEQUANTIZE_LINEAR.apply(node("DequantizeLinear", Map.of()), perAxis, 13)[0].f())
                .containsExactly(1, 0.5f, 8, 4, 2, 14);
        assertThatThrownBy(() -> QuantOps.DEQUANTIZE_LINEAR.apply(node("DequantizeLinear", Map.of()), perAxis, 11))
                .isInstanceOf(ModelException.class).hasMessageContaining("should be a scalar before opset 13");
    }
}
