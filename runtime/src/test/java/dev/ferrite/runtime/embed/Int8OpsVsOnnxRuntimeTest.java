package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.graph.Value;
import dev.ferrite.runtime.onnx.OnnxImporter;
import dev.ferrite.runtime.onnx.proto.Onnx.ModelProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import dev.ferrite.runtime.reference.NdArray;
import dev.ferrite.runtime.reference.ReferenceExecutor;
import dev.ferrite.tokenizers.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Teacher-forced, node by node: ONNX Runtime runs an int8 model as written (no graph optimization)
 * with every intermediate value exposed; then each of Ferrite's reference operators runs on ONNX
 * Runtime's own inputs of that node and must give ONNX Runtime's outputs. The quantization
 * operators (DynamicQuantizeLinear, MatMulInteger, DequantizeLinear) and every integer output must
 * agree bit for bit; float operators within float32 rounding.
 *
 * <p>This is the exactness test of the int8 semantics. End to end (see {@link Int8VsOnnxRuntimeTest})
 * an ulp of difference in a float operator can flip one DynamicQuantizeLinear rounding tie and
 * cascade; fed the same inputs, there is nothing to flip.
 */
class Int8OpsVsOnnxRuntimeTest {
    /** The sentence on which all-MiniLM int8 first disagreed with ONNX Runtime (cosine 0.99878). */
    private static final String SENTENCE = "Ferrite runs transformer models on the JVM, in pure Java: no JNI, no native library!";
    private static final Set<String> QUANT = Set.of("DynamicQuantizeLinear", "MatMulInteger", "DequantizeLinear");
    /** Float results may differ from ONNX Runtime's by rounding; relative to the output's largest magnitude. */
    private static final double FLOAT_TOLERANCE = 1e-5;

    @Test
    void allMiniLm() throws Exception {
        check(TestModels.ALL_MINILM_L6_V2_Q);
    }

    @Test
    void bgeSmallEn() throws Exception {
        check(TestModels.BGE_SMALL_EN_V15_Q);
    }

    @Test
    void e5Small() throws Exception {
        check(TestModels.E5_SMALL_V2_Q);
    }

    private static void check(TestModels which) throws Exception {
        EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which));
        Encoding e = model.tokenizer().encode(SENTENCE, true);
        Graph g = OnnxImporter.load(ByteBuffer.wrap(which.onnxBytes()), which.file, null);
        ModelProto.Builder wide = ModelProto.parseFrom(which.onnxBytes()).toBuilder();
        Set<String> exposed = new java.util.HashSet<>();
        g.outputs().forEach(v -> exposed.add(v.name()));
        for (Node node : g.nodes()) {
            for (String o : node.outputs()) {
                if (!o.isEmpty() && exposed.add(o)) {
                    wide.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(o)); // ONNX Runtime infers the type
                }
            }
        }
        Map<String, NdArray> ort = new HashMap<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OptLevel.NO_OPT);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try (OrtSession session = env.createSession(wide.build().toByteArray(), options)) {
                long[] dims = {1, e.ids().length};
                for (String name : session.getInputNames()) {
                    int[] values = switch (name) {
                        case "input_ids" -> e.ids();
                        case "token_type_ids" -> e.typeIds();
                        default -> e.attentionMask();
                    };
                    long[] longs = Arrays.stream(values).asLongStream().toArray();
                    inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(longs), dims));
                    ort.put(name, NdArray.integers(DType.INT64, new int[] {1, values.length}, longs));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    for (Map.Entry<String, OnnxValue> out : result) {
                        ort.put(out.getKey(), toNdArray((OnnxTensor) out.getValue()));
                    }
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
        int quantNodes = 0;
        double worstFloat = 0;
        for (Node node : g.nodes()) {
            Map<String, NdArray> mine = runAlone(g, node, ort);
            for (String o : node.outputs()) {
                NdArray want = ort.get(o);
                NdArray got = mine.get(o);
                String what = String.format("%s: node '%s' (%s) output '%s'", which, node.name(), node.opType(), o);
                assertThat(got.shape()).as(what).isEqualTo(want.shape());
                assertThat(got.dtype()).as(what).isEqualTo(want.dtype());
                if (got.f() == null || QUANT.contains(node.opType())) {
                    if (got.f() == null) {
                        assertThat(got.l()).as(what).isEqualTo(want.l());
                    } else {
                        assertThat(got.f()).as(what).isEqualTo(want.f());
                    }
                } else {
                    double rel = relativeError(got.f(), want.f());
                    assertThat(rel).as(what).isLessThanOrEqualTo(FLOAT_TOLERANCE);
                    worstFloat = Math.max(worstFloat, rel);
                }
            }
            quantNodes += QUANT.contains(node.opType()) ? 1 : 0;
        }
        assertThat(quantNodes).as("quantization nodes checked").isGreaterThan(50);
        System.out.printf("%s: %d nodes teacher-forced, %d quantization nodes bit-exact, worst float relative error %.3g%n",
                which, g.nodes().size(), quantNodes, worstFloat);
    }

    /** Ferrite's reference operator for {@code node} alone, on ONNX Runtime's values of its inputs. */
    private static Map<String, NdArray> runAlone(Graph g, Node node, Map<String, NdArray> ort) {
        List<Value> inputs = new ArrayList<>();
        Map<String, Tensor> initializers = new HashMap<>();
        Map<String, NdArray> feed = new HashMap<>();
        for (String in : node.inputs()) {
            if (in.isEmpty() || feed.containsKey(in) || initializers.containsKey(in)) continue;
            Tensor t = g.initializers().get(in);
            if (t != null) {
                initializers.put(in, t);
            } else {
                NdArray v = ort.get(in);
                assertThat(v).as("ONNX Runtime's value of '%s'", in).isNotNull();
                inputs.add(new Value(in, new TensorType(v.dtype(), Optional.empty())));
                feed.put(in, v);
            }
        }
        List<Value> outputs = node.outputs().stream().filter(o -> !o.isEmpty())
                .map(o -> new Value(o, new TensorType(DType.FLOAT32, Optional.empty()))).toList();
        Graph alone = new Graph(g.source(), node.name(), inputs, outputs, List.of(node), initializers, g.opsets());
        return new ReferenceExecutor(alone).run(feed);
    }

    private static double relativeError(float[] got, float[] want) {
        double diff = 0;
        double top = Double.MIN_NORMAL;
        for (int i = 0; i < got.length; i++) {
            diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
            top = Math.max(top, Math.abs((double) want[i]));
        }
        return diff / top;
    }

    private static NdArray toNdArray(OnnxTensor t) {
        long[] dims = t.getInfo().getShape();
        int[] shape = Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
        int n = Math.toIntExact(t.getInfo().getNumElements());
        ByteBuffer b = t.getByteBuffer().order(ByteOrder.nativeOrder());
        return switch (t.getInfo().type) {
            case FLOAT -> {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                yield NdArray.floats(shape, f);
            }
            case UINT8 -> integers(DType.UINT8, shape, n, i -> b.get(i) & 0xff);
            case INT8 -> integers(DType.INT8, shape, n, b::get);
            case INT32 -> integers(DType.INT32, shape, n, i -> b.getInt(i * 4));
            case INT64 -> integers(DType.INT64, shape, n, i -> b.getLong(i * 8));
            default -> throw new AssertionError("unexpected ONNX Runtime output type " + t.getInfo());
        };
    }

    private static NdArray integers(DType dtype, int[] shape, int n, java.util.function.IntToLongFunction at) {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = at.applyAsLong(i);
        return NdArray.integers(dtype, shape, l);
    }
}
