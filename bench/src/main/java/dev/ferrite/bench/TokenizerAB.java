package dev.ferrite.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of the tokenizers module in one JVM, each jar in a class loader of its own, encoding
 * the same lines one call per line, their passes alternated (A then B, then B then A...). On a
 * machine shared with other work, two JVMs run one after the other saw the same build's median
 * move by a quarter from run to run; passes alternated in one JVM meet the same load, and the
 * ratio of each pair of passes moved by about 3%. Checks first that both give the same ids on
 * every line.
 *
 * <p>Usage: {@code TokenizerAB <jar A> <jar B> <tokenizer.json> <corpus> [pairs of passes, 100]}.
 */
public final class TokenizerAB {
    private static final int WARMUP = 10;

    /** One build: its tokenizer and the two methods a pass calls. */
    private record Build(Object tokenizer, Method encode, Method length, Method ids) {
        static Build load(Path jar, Path tokenizerJson) throws Exception {
            // The module has no dependency at run time: its jar alone, beside the JDK's classes.
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> tokenizer = loader.loadClass("dev.ferrite.tokenizers.Tokenizer");
            Class<?> encoding = loader.loadClass("dev.ferrite.tokenizers.Encoding");
            return new Build(tokenizer.getMethod("fromFile", Path.class).invoke(null, tokenizerJson),
                    tokenizer.getMethod("encode", String.class, boolean.class), encoding.getMethod("length"), encoding.getMethod("ids"));
        }

        int[] ids(String line) throws Exception {
            return (int[]) ids.invoke(encode.invoke(tokenizer, line, true));
        }

        /** Nanoseconds of wall time for one pass over {@code lines}. */
        long pass(String[] lines) throws Exception {
            long t0 = System.nanoTime();
            long tokens = 0;
            for (String line : lines) tokens += (int) length.invoke(encode.invoke(tokenizer, line, true));
            long elapsed = System.nanoTime() - t0;
            if (tokens < 0) throw new IllegalStateException(); // uses the sum, so that the calls stay
            return elapsed;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) throw new IllegalArgumentException("usage: TokenizerAB <jar A> <jar B> <tokenizer.json> <corpus> [pairs]");
        String[] what = {"jar A", "jar B", "tokenizer.json", "corpus"};
        for (int i = 0; i < what.length; i++) {
            if (!Files.isRegularFile(Path.of(args[i]))) throw new IllegalArgumentException(what[i] + ": no such file: " + args[i]);
        }
        String[] lines = Files.readAllLines(Path.of(args[3])).toArray(String[]::new);
        int pairs = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        long bytes = 0;
        for (String line : lines) bytes += line.getBytes(StandardCharsets.UTF_8).length;
        Build[] builds = {Build.load(Path.of(args[0]), Path.of(args[2])), Build.load(Path.of(args[1]), Path.of(args[2]))};
        for (String line : lines) {
            if (!Arrays.equals(builds[0].ids(line), builds[1].ids(line))) throw new IllegalStateException("A and B differ on: " + line);
        }
        double[][] mbPerS = new double[2][pairs];
        double[] ratio = new double[pairs];
        for (int p = -WARMUP; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                int b = (p & 1) == 0 ? k : 1 - k; // who goes first alternates
                long nanos = builds[b].pass(lines);
                if (p >= 0) mbPerS[b][p] = bytes * 1e3 / nanos;
            }
            if (p >= 0) ratio[p] = mbPerS[1][p] / mbPerS[0][p];
        }
        for (int b = 0; b < 2; b++) System.out.println((b == 0 ? "A " : "B ") + quartiles(mbPerS[b]) + " MB/s  " + args[b]);
        System.out.println("B/A per pair of passes " + quartiles(ratio));
    }

    /** "median (p25 .. p75)". */
    private static String quartiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return String.format("%.3f (p25 %.3f .. p75 %.3f)", v[n / 2], v[n / 4], v[3 * n / 4]);
    }
}
