package dev.ferrite.bench;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.runtime.embed.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One model load in a JVM of its own, for {@code bench/cold-load}: {@code EmbeddingModel.load(jar)}
 * timed from {@code main}'s start, then (untimed) the wait for its cache writes, one embedding and
 * the SHA-256 of that vector and of each {@code .encoder} file in the cache directory, so that two
 * builds can be checked for the same output as well as timed. The cache directory is the system
 * property {@code ferrite.model.cache}: an empty one makes the load a cold one.
 *
 * <pre>java -cp ... dev.ferrite.bench.ColdLoad MODEL_JAR</pre>
 * prints {@code load_ms=<n> jvm_ms=<n> embedding=<sha256> encoder=<sha256>...}, {@code jvm_ms} the JVM's
 * uptime when {@code main} started.
 *
 * <p>{@code ColdLoad --ort MODEL_JAR} times ONNX Runtime's first load in a JVM of its own the same way,
 * from {@code main}'s start: its environment (the native library), the model's bytes inflated from the
 * jar by the JDK's stream, and the session, as {@code bench/compare-embed} makes it (2 intra-op threads).
 * compare-embed makes ORT's environment before it times ORT's loads, while Ferrite's first load there pays
 * for its own start in the JVM (classes, compiling); a fresh process each is the other fair way to compare.
 * Prints {@code load_ms=<n> jvm_ms=<n> engine=ort}.
 */
public final class ColdLoad {
    private ColdLoad() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long start = System.nanoTime();
        boolean ortMode = args.length == 2 && args[0].equals("--ort");
        if (!ortMode && (args.length != 1 || args[0].startsWith("--"))) {
            throw new IllegalArgumentException("usage: ColdLoad MODEL_JAR | ColdLoad --ort MODEL_JAR");
        }
        if (ortMode) {
            EmbedEngine.OnnxRuntime ort = new EmbedEngine.OnnxRuntime(ModelBytes.of(Path.of(args[1])), Pooling.MEAN, 2);
            long loaded = System.nanoTime();
            ort.close();
            System.out.printf(Locale.ROOT, "load_ms=%.1f jvm_ms=%d engine=ort%n", (loaded - start) / 1e6, jvm);
            return;
        }
        EmbeddingModel model = EmbeddingModel.load(Path.of(args[0]), EmbeddingOptions.defaults());
        long loaded = System.nanoTime();
        model.awaitCacheWrites();
        float[] v = model.embed("The quick brown fox jumps over the lazy dog.");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (float f : v) {
            int bits = Float.floatToRawIntBits(f);
            sha.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "load_ms=%.1f jvm_ms=%d embedding=%s",
                (loaded - start) / 1e6, jvm, HexFormat.of().formatHex(sha.digest()).substring(0, 16)));
        Path cache = Path.of(System.getProperty("ferrite.model.cache"));
        try (Stream<Path> files = Files.list(cache)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".encoder")).sorted().toList()) {
                line.append(" encoder=").append(sha256(f).substring(0, 16));
            }
        }
        System.out.println(line);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
