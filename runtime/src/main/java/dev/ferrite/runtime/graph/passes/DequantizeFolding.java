package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import java.util.List;

/**
 * Dequantizes quantized constants once, at load, with a per-tensor (scalar) scale and zero point:
 * <ul>
 *   <li>{@code DequantizeLinear(C, s, z)} of a constant C becomes a float32 constant;</li>
 *   <li>{@code DequantizeLinear(Gather(C, idx), s, z)} (the int8 models' embedding tables) becomes
 *       {@code Gather(C', idx)} with {@code C' = DequantizeLinear(C, s, z)}, a float32 constant kept
 *       as C's codes ({@link TensorData.Dequantized}), dequantized where it is read.</li>
 * </ul>
 * Exact: DequantizeLinear is {@code (float(x) - float(z)) * s} element by element in float32 (as the
 * reference executor computes it), so dequantizing the whole table and then gathering rows gives
 * the same bits as gathering and then dequantizing. Unlike {@link ConstantFolding} this folds
 * tensors of any size: it exists for weights. Per-axis scales are left alone.
 */
public final class DequantizeFolding implements GraphPass {
    @Override
    public String name() {
        return "dequantize-folding";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        GraphEdit edit = new GraphEdit(graph);
        for (Node dq : graph.nodes()) {
            if (!dq.opType().equals("DequantizeLinear") || !dq.domain().isEmpty() || dq.inputs().size() < 2
                    || dq.intAttr("block_size", 0) != 0) continue;
            float scale = view.scalar(dq.inputs().get(1));
            Integer zero = zeroPoint(view, dq);
            if (Float.isNaN(scale) || zero == null) continue;
            String x = dq.inputs().getFirst();
            String out = dq.outputs().getFirst();
            Tensor table = QuantizedLinearFusion.codes(view, x);
            if (table != null) {
                float[] values = dequantized(table, scale, zero).toFloats();
                Tensor folded = new Tensor(out, DType.FLOAT32, table.shape(), new TensorData.Floats(values));
                edit.remove(dq);
                edit.addConstant(folded);
                continue;
            }
            Node gather = view.producer(x, "Gather");
            if (gather == null || !gather.domain().isEmpty() || !view.usedOnceInside(x) || view.constant(gather.inputs().get(1)) != null) {
                continue;
            }
            table = QuantizedLinearFusion.codes(view, gather.inputs().getFirst());
            if (table == null) continue;
            String name = table.name() + "_dequantized";
            // Kept as codes: the table is read a row per token, dequantized as it is read.
            edit.addConstant(new Tensor(name, DType.FLOAT32, table.shape(), dequantized(table, scale, zero)));
            edit.replace(dq, new Node(gather.name() + "/dequantized", "Gather", "", List.of(name, gather.inputs().get(1)),
                    dq.outputs(), gather.attributes()));
        }
        return new DeadNodeElimination().apply(edit.apply());
    }

    /** The node's scalar zero point as an integer (0 when omitted), or null when it is no constant scalar. */
    private static Integer zeroPoint(GraphView view, Node dq) {
        if (dq.inputs().size() < 3 || dq.inputs().get(2).isEmpty()) return 0;
        Tensor z = QuantizedLinearFusion.codes(view, dq.inputs().get(2));
        if (z == null || z.data().length() != 1) return null;
        byte b = ((TensorData.Bytes) z.data()).values()[0];
        return z.dtype() == DType.INT8 ? b : b & 0xff;
    }

    private static TensorData.Dequantized dequantized(Tensor codes, float scale, int zero) {
        return new TensorData.Dequantized(((TensorData.Bytes) codes.data()).values(), codes.dtype() == DType.INT8, scale, zero);
    }
}
