package dev.ferrite.bench;

import dev.ferrite.runtime.graph.Graph;
import dev.ferrite.runtime.graph.Node;
import dev.ferrite.runtime.graph.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The arithmetic of a BERT-style encoder, counted from its graph, to turn a measured speed into
 * GFLOP/s. For a sequence of {@code L} tokens:
 *
 * <pre>
 *   FLOPs(L) = L * sum over linear layers of 2*K*N        (a MatMul or MatMulInteger whose second input is a constant [K, N])
 *            + A * 2 * L^2 * d                             (A = MatMuls of two activations: per layer Q*K^T and P*V,
 *                                                           each 2*L^2*d over all heads together, d = hidden size)
 * </pre>
 *
 * so with layers {@code n = A/2}: {@code 2*L*params_linear + 4*L^2*d*n}. A multiply-add counts as two
 * operations, int8 ones too (the int8 models' MatMulInteger). Everything else (embeddings, layer
 * norms, softmax, GELU, biases) is left out: a few percent of the total at these sizes.
 *
 * @param linearPerToken   {@code sum 2*K*N} over the linear layers
 * @param attentionMatMuls {@code A}, the activation-by-activation MatMuls
 * @param hidden           {@code d}
 */
record EncoderFlops(long linearPerToken, int attentionMatMuls, int hidden) {

    static EncoderFlops of(Graph graph, int hidden) {
        Map<String, Tensor> constants = new HashMap<>(graph.initializers());
        for (Node node : graph.nodes()) {
            if (node.opType().equals("Constant")) node.tensorAttr("value").ifPresent(t -> constants.put(node.outputs().getFirst(), t));
        }
        long linear = 0;
        int attention = 0;
        for (Node node : graph.nodes()) {
            if (!node.opType().equals("MatMul") && !node.opType().equals("MatMulInteger")) continue;
            Tensor weight = node.input(1).map(constants::get).orElse(null);
            if (weight != null && weight.rank() == 2) {
                linear += 2 * weight.shape()[0] * weight.shape()[1];
            } else if (weight == null && node.input(0).map(constants::get).isEmpty()) {
                attention++;
            }
        }
        return new EncoderFlops(linear, attention, hidden);
    }

    /** FLOPs of one sequence of {@code length} tokens. */
    double of(int length) {
        return (double) length * linearPerToken + (double) attentionMatMuls * 2 * length * length * hidden;
    }

    /** The formula with this model's numbers, for the report. */
    String describe() {
        return String.format(Locale.ROOT, "FLOPs(L) = %.2f M * L + %d * 2 * L^2 * %d  (linear layers' 2*K*N summed; "
                + "%d attention MatMuls, Q*K^T and P*V of %d layers)", linearPerToken / 1e6, attentionMatMuls, hidden,
                attentionMatMuls, attentionMatMuls / 2);
    }

    /**
     * The machine's single-precision peak at the clock /proc/cpuinfo reports: {@code cores * GHz * 2
     * FMA units * lanes * 2 FLOPs}, where a unit's lanes are what its datapath holds: 16 fp32 on
     * Intel server cores with AVX-512 (Skylake-SP and later Xeons), 8 on AMD Zen 4 (CPU family 25),
     * which runs a 512-bit FMA as two 256-bit halves, and 8 without AVX-512. Turbo and AVX-512
     * frequency licences move the real figure either way. NaN where /proc/cpuinfo says nothing.
     */
    record Peak(double gflops, String assumption) {
        /** AMD's CPU family of Zen 3 and Zen 4; only Zen 4 has AVX-512, on 256-bit units. */
        private static final int AMD_ZEN4_FAMILY = 25;

        static Peak machine() {
            int cores = Runtime.getRuntime().availableProcessors();
            double mhz = Double.NaN;
            boolean avx512 = false;
            boolean amd = false;
            int family = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    String value = line.substring(line.indexOf(':') + 1).trim();
                    if (line.startsWith("cpu MHz")) {
                        double v = Double.parseDouble(value);
                        mhz = Double.isNaN(mhz) ? v : Math.max(mhz, v);
                    }
                    if (line.startsWith("flags") && line.contains(" avx512f")) avx512 = true;
                    if (line.startsWith("vendor_id")) amd = value.equals("AuthenticAMD");
                    if (line.startsWith("cpu family")) family = Integer.parseInt(value);
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux: no figure
            }
            boolean halfWidth = avx512 && amd && family == AMD_ZEN4_FAMILY;
            int lanes = avx512 && !halfWidth ? 16 : 8;
            String datapath = halfWidth ? "AVX-512 on 256-bit units, AMD Zen 4" : avx512 ? "AVX-512" : "AVX2 assumed";
            double gflops = cores * mhz / 1000 * 2 * lanes * 2;
            return new Peak(gflops, String.format(Locale.ROOT, "%d cores x %.2f GHz (cpu MHz in /proc/cpuinfo) x 2 FMA units "
                    + "x %d fp32 lanes (%s) x 2 FLOPs", cores, mhz / 1000, lanes, datapath));
        }
    }
}
