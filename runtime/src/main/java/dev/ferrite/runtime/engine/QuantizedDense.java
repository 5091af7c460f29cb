package dev.ferrite.runtime.engine;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.graph.passes.GraphView;
import dev.ferrite.runtime.kernels.Int8Linear;
import dev.ferrite.runtime.kernels.Int8Weights;
import dev.ferrite.runtime.kernels.Kernels;
import dev.ferrite.runtime.kernels.Linear;
import dev.ferrite.runtime.kernels.WeightMemory;
import java.util.Arrays;

/**
 * The int8 weights of a {@code ferrite.QLinear} node (see {@code QuantizedLinearFusion}), as read
 * from the graph: B {@code [in, out]} row-major, with its zero point and scale expanded to one per
 * column. The activations' scale and zero point are not here: they are computed per call.
 *
 * @param codes  B's int8 values, or its uint8 values' bits
 * @param signed true for int8, false for uint8
 */
record QuantizedDense(byte[] codes, boolean signed, int[] zeroPoints, float[] scales) {

    /** The Dense computed by QLinear node {@code n} from {@code input}, {@code [in, out]}; null when it is no such node. */
    static BertPlan.Dense read(GraphView view, Node n, String input, int in, int out) {
        if (n == null || !n.domain().equals(GraphView.FERRITE) || n.inputs().size() != 5 || !n.inputs().getFirst().equals(input)) return null;
        Tensor b = view.constant(n.inputs().get(1));
        if (b == null || !(b.data() instanceof TensorData.Bytes codes) || b.rank() != 2 || b.shape()[0] != in || b.shape()[1] != out) return null;
        boolean signed = b.dtype() == DType.INT8;
        int[] zero = new int[out];
        if (!n.inputs().get(2).isEmpty()) {
            Tensor z = view.constant(n.inputs().get(2));
            if (z == null || !(z.data() instanceof TensorData.Bytes zb) || z.dtype() != b.dtype() || (zb.length() != 1 && zb.length() != out)) {
                return null;
            }
            for (int j = 0; j < out; j++) {
                byte v = zb.values()[zb.length() == 1 ? 0 : j];
                zero[j] = signed ? v : v & 0xff;
            }
        }
        float[] s = view.floats(n.inputs().get(3));
        float[] bias = view.floats(n.inputs().get(4));
        if (s == null || (s.length != 1 && s.length != out) || bias == null || bias.length != out) return null;
        float[] scales = s.length == out ? s.clone() : filled(out, s[0]);
        return new BertPlan.Dense(null, in, out, bias, new QuantizedDense(codes.values(), signed, zero, scales));
    }

    /**
     * The layer for {@code d} (which must be quantized), on the int8 kernels matching {@code kernels}, packed
     * into a slice of {@code memory}, or into memory of its own when that is null.
     */
    static Linear linear(Kernels kernels, BertPlan.Dense d, WeightMemory memory) {
        QuantizedDense q = d.int8();
        Int8Weights w = Int8Weights.pack(q.codes, q.signed, d.in(), d.out(), q.zeroPoints, q.scales, d.bias(), memory);
        return Int8Linear.of(w, kernels);
    }

    /**
     * {@code [in, a.out + b.out + c.out]}: three quantized layers reading the same input side by side,
     * as one (Q, K and V share one quantization of their input, so one matmul computes all three).
     * Null when they are not all quantized the same way.
     */
    static BertPlan.Dense concatColumns(BertPlan.Dense a, BertPlan.Dense b, BertPlan.Dense c) {
        if (a.int8() == null || b.int8() == null || c.int8() == null || a.int8().signed != b.int8().signed
                || a.int8().signed != c.int8().signed) return null;
        int in = a.in();
        int out = a.out() + b.out() + c.out();
        byte[] codes = new byte[in * out];
        for (int k = 0; k < in; k++) {
            int o = k * out;
            for (BertPlan.Dense d : new BertPlan.Dense[] {a, b, c}) {
                System.arraycopy(d.int8().codes, k * d.out(), codes, o, d.out());
                o += d.out();
            }
        }
        int[] zero = new int[out];
        float[] scales = new float[out];
        float[] bias = new float[out];
        int o = 0;
        for (BertPlan.Dense d : new BertPlan.Dense[] {a, b, c}) {
            System.arraycopy(d.int8().zeroPoints, 0, zero, o, d.out());
            System.arraycopy(d.int8().scales, 0, scales, o, d.out());
            System.arraycopy(d.bias(), 0, bias, o, d.out());
            o += d.out();
        }
        return new BertPlan.Dense(null, in, out, bias, new QuantizedDense(codes, a.int8().signed, zero, scales));
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
