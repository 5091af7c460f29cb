package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dynamically quantized matmul of the int8 models (onnxruntime's quantize_dynamic),
 * <pre>
 *   (q, aScale, aZero) = DynamicQuantizeLinear(x)
 *   s = Mul(aScale, bScale)                                   bScale: constant, [] or [N]
 *   y = Add(Mul(Cast(MatMulInteger(q, B, aZero, bZero), to=float), s), bias)   B: constant int8/uint8 [K, N]
 * </pre>
 * (Mul and Add in either operand order, the bias Add optional), becomes
 * {@code ferrite.QLinear(x, B, bZero, bScale[, bias])}: quantize x, multiply exactly in integers,
 * {@code (float) acc * (aScale * bScale[j]) + bias[j]} in float32 with those two roundings — the
 * arithmetic of the unfused graph, bit for bit (see {@code kernels.Int8MatMul}). An omitted bZero is
 * written as the empty input name (zero).
 *
 * <p>The activation scale is one per {@code x} tensor in ONNX. An executor of packed sequences must
 * therefore quantize each sequence over its own rows, which is what a model run one sequence at a
 * time computes. Several QLinear nodes may read the same x (Q, K and V share one quantization).
 */
public final class QuantizedLinearFusion implements GraphPass {
    /** ONNX TensorProto.DataType FLOAT. */
    private static final long FLOAT = 1;

    @Override
    public String name() {
        return "quantized-linear-fusion";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node mm : graph.nodes()) {
            if (!mm.opType().equals("MatMulInteger") || !mm.domain().isEmpty() || mm.inputs().size() < 3) continue;
            Node dq = view.producer(mm.inputs().getFirst(), "DynamicQuantizeLinear");
            if (dq == null || !dq.domain().isEmpty() || dq.outputs().size() != 3 || !mm.inputs().get(0).equals(dq.outputs().get(0))
                    || !mm.inputs().get(2).equals(dq.outputs().get(2))) continue;
            Tensor b = codes(view, mm.inputs().get(1));
            if (b == null || b.rank() != 2) continue;
            long n = b.shape()[1];
            String bZero = mm.inputs().size() > 3 ? mm.inputs().get(3) : "";
            if (!bZero.isEmpty() && !fits(codes(view, bZero), n, b.dtype())) continue;
            Node cast = only(view, mm.outputs().getFirst(), "Cast");
            if (cast == null || cast.intAttr("to", 0) != FLOAT) continue;
            Node mul = only(view, cast.outputs().getFirst(), "Mul");
            String s = mul == null ? null : GraphView.other(mul, cast.outputs().getFirst());
            Node scales = s == null ? null : view.producer(s, "Mul");
            String bScale = scales == null ? null : GraphView.other(scales, dq.outputs().get(1));
            Tensor bs = bScale == null ? null : view.constant(bScale);
            if (bs == null || view.floats(bScale) == null || !(bs.data().length() == 1 || bs.rank() == 1 && bs.shape()[0] == n)) continue;
            List<String> inputs = new ArrayList<>(List.of(dq.inputs().getFirst(), mm.inputs().get(1), bZero, bScale));
            Node last = mul;
            Node add = only(view, mul.outputs().getFirst(), "Add");
            String bias = add == null ? null : GraphView.other(add, mul.outputs().getFirst());
            Tensor bt = bias == null ? null : view.constant(bias);
            if (bt != null && view.floats(bias) != null && bt.rank() == 1 && bt.shape()[0] == n) {
                inputs.add(bias);
                last = add;
            }
            edit.replace(last, GraphEdit.fused("QLinear", last, inputs, Map.of()));
        }
        return new DeadNodeElimination().apply(edit.apply());
    }

    /** The one node reading {@code value} inside the graph, if it is a default-domain {@code opType}; else null. */
    private static Node only(GraphView view, String value, String opType) {
        if (!view.usedOnceInside(value)) return null;
        Node n = view.consumers(value).getFirst();
        return n.opType().equals(opType) && n.domain().isEmpty() ? n : null;
    }

    /** The int8 or uint8 initializer named {@code value}, or null. */
    static Tensor codes(GraphView view, String value) {
        Tensor t = view.constant(value);
        return t != null && (t.dtype() == DType.INT8 || t.dtype() == DType.UINT8) && t.data() instanceof TensorData.Bytes ? t : null;
    }

    /** A zero point of B's type: one value, or one per column. */
    private static boolean fits(Tensor zero, long n, DType type) {
        return zero != null && zero.dtype() == type && (zero.data().length() == 1 && zero.rank() <= 1 || zero.rank() == 1 && zero.shape()[0] == n);
    }
}
