package dev.ferrite.runtime.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
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
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.*;
import org.junit.jupiter.api.Test;

/**
 * Diagnostic, not part of the suite (run it by name: {@code -Dtest=Int8DivergenceProbe}, options
 * {@code -Dprobe.model=E5_SMALL_V2_Q -Dprobe.sentence=... -Dprobe.layers=true}): where Ferrite's
 * reference and ONNX Runtime part on an int8 model. {@code layerByLayer} compares final outputs at
 * every ONNX Runtime optimization level (and, with probe.layers, every value at NO_OPT);
 * {@code againstOptimized} compares every value of ONNX Runtime's EXTENDED-optimized graph with
 * Ferrite's, and replays each fused DynamicQuantizeMatMul with the specification's formula on ONNX
 * Runtime's own input, listing the elements that round apart. Findings: docs/runtime-ops.md.
 */
class Int8DivergenceProbe {
    static final String SENTENCE = System.getProperty("probe.sentence",
            "Ferrite runs transformer models on the JVM, in pure Java: no JNI, no native library!");

    /** The probed model (-Dprobe.model) and its token inputs for {@link #SENTENCE}, unpadded. */
    private record Input(TestModels which, long[] ids, long[] types, long[] mask) {
        static TestModels model() {
            return TestModels.valueOf(System.getProperty("probe.model", "ALL_MINILM_L6_V2_Q"));
        }

        static Input of() {
            TestModels which = model();
            EmbeddingModel model = EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(which));
            Encoding e = model.tokenizer().encode(SENTENCE, true);
            long[] ids = Arrays.stream(e.ids()).asLongStream().toArray();
            long[] mask = new long[ids.length];
            Arrays.fill(mask, 1);
            return new Input(which, ids, Arrays.stream(e.typeIds()).asLongStream().toArray(), mask);
        }
    }

    @Test
    void layerByLayer() throws Exception {
        Input in = Input.of();
        TestModels which = in.which();
        long[] ids = in.ids();
        long[] types = in.types();
        long[] mask = in.mask();
        ModelProto proto = ModelProto.parseFrom(which.onnxBytes());
        Graph g = OnnxImporter.load(ByteBuffer.wrap(which.onnxBytes()), which.file, null);
        List<Value> outs = new ArrayList<>(g.outputs());
        ModelProto.Builder b = proto.toBuilder();
        Set<String> declared = new HashSet<>();
        g.outputs().forEach(v -> declared.add(v.name()));
        List<String> names = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.opType().equals("Constant") || n.opType().equals("Shape")) continue;
            for (String o : n.outputs()) {
                if (declared.add(o)) {
                    names.add(o);
                    outs.add(new Value(o, new TensorType(DType.FLOAT32, Optional.empty())));
                    b.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(o));
                }
            }
        }
        Map<String, NdArray> mine = ferriteAll(which, ids, types, mask);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (OrtSession.SessionOptions.OptLevel level : OrtSession.SessionOptions.OptLevel.values()) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setOptimizationLevel(level);
                // final output only
                try (OrtSession s = env.createSession(which.onnxBytes(), options)) {
                    float[] ort = runFinal(env, s, ids, types, mask);
                    float[] fer = mine.get("last_hidden_state").f();
                    System.out.printf("%s final: cosine(mean pooled) %.9f maxAbs %.3g%n", level,
                            Similarity.cosine(mean(fer, ids.length), mean(ort, ids.length)), maxAbs(fer, ort));
                }
                if (level != OrtSession.SessionOptions.OptLevel.NO_OPT || !Boolean.getBoolean("probe.layers")) continue;
                try (OrtSession s = env.createSession(b.build().toByteArray(), options);
                     OrtSession.Result r = s.run(inputs(env, ids, types, mask))) {
                    int shown = 0;
                    for (Node n : g.nodes()) {
                        for (String o : n.outputs()) {
                            if (!names.contains(o)) continue;
                            NdArray f = mine.get(o);
                            OnnxValue ov = r.get(o).orElse(null);
                            if (f == null || ov == null) continue;
                            double[] ref = toDouble(f);
                            double[] got = toDouble((OnnxTensor) ov);
                            double max = 0; int diff = 0;
                            for (int i = 0; i < Math.min(ref.length, got.length); i++) {
                                double d = Math.abs(ref[i] - got[i]);
                                if (d > 0) diff++;
                                max = Math.max(max, d);
                            }
                            if ((diff > 0 && shown < 60) || n.opType().equals("DynamicQuantizeLinear")) {
                                shown++;
                                System.out.printf("%-22s %-60s n=%d differ=%d maxAbs=%.3g%n", n.opType(), o, ref.length, diff, max);
                            }
                        }
                    }
                }
            }
        }
    }

    static float[] mean(float[] h, int n) {
        return Pooling.MEAN.pool(h, n, h.length / n);
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double[] toDouble(NdArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.f() != null ? a.f()[i] : a.l()[i];
        return d;
    }

    static double[] toDouble(OnnxTensor t) {
        ByteBuffer bb = t.getByteBuffer().order(ByteOrder.nativeOrder());
        var type = t.getInfo().type;
        int n = (int) t.getInfo().getNumElements();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (type) {
                case FLOAT -> bb.getFloat(i * 4);
                case UINT8 -> bb.get(i) & 0xff;
                case INT8 -> bb.get(i);
                case INT32 -> bb.getInt(i * 4);
                case INT64 -> bb.getLong(i * 8);
                default -> Double.NaN;
            };
        }
        return d;
    }

    static Map<String, OnnxTensor> inputs(OrtEnvironment env, long[] ids, long[] types, long[] mask) throws Exception {
        long[] dims = {1, ids.length};
        return Map.of("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), dims),
                "token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), dims),
                "attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), dims));
    }

    static float[] runFinal(OrtEnvironment env, OrtSession s, long[] ids, long[] types, long[] mask) throws Exception {
        try (OrtSession.Result r = s.run(inputs(env, ids, types, mask))) {
            FloatBuffer fb = ((OnnxTensor) r.get("last_hidden_state").orElseThrow()).getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        }
    }

    @Test
    void optimizedOps() throws Exception {
        ModelProto m = ModelProto.parseFrom(optimized(Input.model()));
        Map<String, Integer> count = new TreeMap<>();
        m.getGraph().getNodeList().forEach(n -> count.merge(n.getDomain() + ":" + n.getOpType(), 1, Integer::sum));
        System.out.println("OPS " + count);
        int shown = 0;
        for (var n : m.getGraph().getNodeList()) {
            if (shown++ < 40) System.out.println("NODE " + n.getDomain() + ":" + n.getOpType() + " " + n.getInputList() + " -> " + n.getOutputList()
                    + " " + n.getAttributeList().stream().map(a -> a.getName()).toList());
        }
    }

    /** Every value of Ferrite's reference run on SENTENCE, by name. */
    static Map<String, NdArray> ferriteAll(TestModels which, long[] ids, long[] types, long[] mask) {
        Graph g = OnnxImporter.load(ByteBuffer.wrap(which.onnxBytes()), which.file, null);
        List<Value> outs = new ArrayList<>(g.outputs());
        Set<String> declared = new HashSet<>();
        g.outputs().forEach(v -> declared.add(v.name()));
        for (Node n : g.nodes()) {
            for (String o : n.outputs()) {
                if (declared.add(o)) outs.add(new Value(o, new TensorType(DType.FLOAT32, Optional.empty())));
            }
        }
        g.initializers().keySet().forEach(o -> outs.add(new Value(o, new TensorType(DType.FLOAT32, Optional.empty()))));
        Graph wide = new Graph(g.source(), g.name(), g.inputs(), outs, g.nodes(), g.initializers(), g.opsets());
        Map<String, NdArray> feed = new HashMap<>();
        int[] shape = {1, ids.length};
        feed.put("input_ids", NdArray.integers(DType.INT64, shape, ids));
        feed.put("token_type_ids", NdArray.integers(DType.INT64, shape, types));
        feed.put("attention_mask", NdArray.integers(DType.INT64, shape, mask));
        return new ReferenceExecutor(wide).run(feed);
    }

    @Test
    void againstOptimized() throws Exception {
        Input in = Input.of();
        TestModels which = in.which();
        long[] ids = in.ids();
        long[] types = in.types();
        long[] mask = in.mask();
        Map<String, NdArray> mine = ferriteAll(which, ids, types, mask);
        ModelProto m = ModelProto.parseFrom(optimized(which));
        ModelProto.Builder b = m.toBuilder();
        Set<String> declared = new HashSet<>();
        m.getGraph().getOutputList().forEach(v -> declared.add(v.getName()));
        List<String> names = new ArrayList<>();
        for (var n : m.getGraph().getNodeList()) {
            for (String o : n.getOutputList()) {
                if (mine.containsKey(o) && declared.add(o)) {
                    names.add(n.getOpType() + " " + o);
                    b.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(o));
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(b.build().toByteArray(), options);
                 OrtSession.Result r = s.run(inputs(env, ids, types, mask))) {
                for (String entry : names) {
                    String o = entry.substring(entry.indexOf(' ') + 1);
                    double[] ref = toDouble(mine.get(o));
                    double[] got = toDouble((OnnxTensor) r.get(o).orElseThrow());
                    double max = 0, scale = 0, dot = 0, na = 0, nb = 0; int diff = 0;
                    for (int i = 0; i < ref.length; i++) {
                        double d = Math.abs(ref[i] - got[i]);
                        if (d > 0) diff++;
                        max = Math.max(max, d);
                        scale = Math.max(scale, Math.abs(ref[i]));
                        dot += ref[i] * got[i]; na += ref[i] * ref[i]; nb += got[i] * got[i];
                    }
                    System.out.printf("OPT %-70s n=%d differ=%d maxAbs=%.3g rel=%.3g cos=%.9f%n", entry, ref.length, diff, max, max / scale, dot / Math.sqrt(na * nb));
                }
                for (var n : m.getGraph().getNodeList()) {
                    if (n.getOpType().equals("DynamicQuantizeMatMul")) {
                        emulate(n, mine, r);
                    }
                }
            }
        }
    }

    /**
     * Feeds ONNX Runtime's own float input of a fused DynamicQuantizeMatMul through the spec's
     * formula (DynamicQuantizeLinear, MatMulInteger, scale, bias) and compares with what the fused
     * kernel returned; then lists the quantized elements where ORT's input and Ferrite's round apart.
     */
    static void emulate(dev.ferrite.runtime.onnx.proto.Onnx.NodeProto n, Map<String, NdArray> mine, OrtSession.Result r) throws Exception {
        String aName = n.getInput(0);
        float[] a = toFloat((OnnxTensor) r.get(aName).orElseThrow());
        NdArray w = mine.get(n.getInput(1));
        float[] bScales = mine.get(n.getInput(2)).f(); // per column
        long[] bZeros = mine.get(n.getInput(3)).l();
        float[] bias = mine.get(n.getInput(4)).f();
        int k = w.dim(0), cols = w.dim(1), rows = a.length / k;
        float max = 0, min = 0;
        for (float v : a) { max = Math.max(max, v); min = Math.min(min, v); }
        float scale = (max - min) / 255f;
        long zp = (long) Math.rint(Math.clamp(0 - min / scale, 0, 255));
        long[] q = new long[a.length];
        for (int i = 0; i < a.length; i++) q[i] = (long) Math.clamp(Math.rint(a[i] / scale) + zp, 0, 255);
        float[] got = toFloat((OnnxTensor) r.get(n.getOutput(0)).orElseThrow());
        double worst = 0, top = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long acc = 0;
                float bScale = bScales[bScales.length == 1 ? 0 : j];
                long bZero = bZeros[bZeros.length == 1 ? 0 : j];
                for (int p = 0; p < k; p++) acc += (q[i * k + p] - zp) * (w.l()[p * cols + j] - bZero);
                float y = (float) acc * (scale * bScale) + bias[j];
                worst = Math.max(worst, Math.abs(y - got[i * cols + j]));
                top = Math.max(top, Math.abs(got[i * cols + j]));
            }
        }
        NdArray fq = mine.get(aName + "_quantized");
        float fScale = mine.get(aName + "_scale").f()[0];
        float[] fa = mine.get(aName).f();
        int flips = 0;
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < q.length; i++) {
            if (q[i] != fq.l()[i]) {
                if (flips++ < 4) where.append(String.format(" [row %d col %d: ORT x=%.9g x/s=%.7f q=%d | Ferrite x=%.9g x/s=%.7f q=%d]",
                        i / k, i % k, a[i], a[i] / scale, q[i], fa[i], fa[i] / fScale, fq.l()[i]));
            }
        }
        System.out.printf("EMU %s: spec formula on ORT's input vs ORT's fused output maxAbs %.3g (max |y| %.3g); scale ORT %.9g Ferrite %.9g; rounding flips vs Ferrite %d%s%n",
                n.getOutput(0), worst, top, scale, fScale, flips, where);
    }

    static float[] toFloat(OnnxTensor t) {
        FloatBuffer fb = t.getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    /** The model as ONNX Runtime rewrites it at EXTENDED_OPT (where its fusions happen). */
    static byte[] optimized(TestModels which) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("int8probe", ".onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            options.setOptimizedModelFilePath(file.toString());
            OrtEnvironment.getEnvironment().createSession(which.onnxBytes(), options).close();
            return java.nio.file.Files.readAllBytes(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
