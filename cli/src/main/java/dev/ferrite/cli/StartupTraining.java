package dev.ferrite.cli;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.server.HttpWarmUp;
import dev.ferrite.server.ServedModel;
import dev.ferrite.server.ServerConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the {@code ./ferrite} launcher's AOT cache (JEP 483/514/515): the launcher runs
 * this once per build with {@code -XX:AOTCacheOutput}, and the JVM stores the classes it loaded and
 * linked, and the method profiles it gathered, for every later start. It runs the CLI's own commands
 * in-process, as a user would: {@code tokenize} with each tokenizer.json found under the directory
 * given as the only argument (optional: the test fixtures, absent on a user's machine), then
 * {@code embed} with the bundled default model, asks for help, makes a usage error and sends a round
 * of requests to a throwaway {@code serve} server. A few lines each: what is worth keeping is the start
 * of a process (loading, parsing, the first encodes), not a steady state. Output is thrown away; a
 * command that fails leaves the cache with less in it, nothing worse, so failures are ignored.
 *
 * <pre>java ... -XX:AOTCacheOutput=FILE dev.ferrite.cli.StartupTraining [TOKENIZERS_DIR]</pre>
 */
public final class StartupTraining {
    /** Text in the scripts the fixtures cover, with digits, punctuation and an emoji. */
    private static final List<String> LINES = List.of(
            "The quick brown fox jumps over the lazy dog, 3 times in 2024!",
            "Tokenizers split text into pieces; models turn those pieces into vectors.",
            "Ferrite läuft in reinem Java — ohne native Bibliotheken. 🚀",
            "机器学习模型把文本变成向量。",
            "東京は日本の首都です。",
            "    indented code: for (int i = 0; i < n; i++) { sum += x[i]; }");
    /** Tokenizing is cheap: a few rounds of the lines give the encode paths their profiles. */
    private static final int TOKENIZE_ROUNDS = 5;

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        byte[] lines = String.join("\n", LINES).getBytes(StandardCharsets.UTF_8);
        byte[] rounds = String.join("\n", Stream.generate(() -> LINES).limit(TOKENIZE_ROUNDS).flatMap(List::stream).toList())
                .getBytes(StandardCharsets.UTF_8);
        for (Path tokenizer : tokenizers(args.length > 0 ? Path.of(args[0]) : null)) {
            run(rounds, "tokenize", "--tokenizer", tokenizer.toString());
        }
        // One batch: the model's first batch runs its kernels before the JIT has compiled them, seconds per batch.
        run(lines, "embed");
        // Help and a usage error: picocli's classes for these are not needed above, and a class the
        // cache lacks is searched for through every jar of the class path (~60) before it is found.
        run(new byte[0], "--help");
        run(new byte[0], "tokenize");
        serveOnce();
    }

    /**
     * The HTTP side of {@code serve}: one round of requests to a throwaway server of the default model,
     * as serve's own warm-up sends, so that the web server's, the JSON codec's and the routes' classes
     * (about half of a serve's start otherwise) are in the cache. It listens on an ephemeral port of
     * 127.0.0.1 for a moment; where it cannot, the cache has no server in it, nothing worse. It loads the
     * model again, after {@code embed} did (a warm load, a fifth of a second once per build), rather than
     * reach into that command for its model.
     */
    private static void serveOnce() {
        try {
            EmbeddingModel model = EmbeddingModel.loadDefault(EmbeddingOptions.defaults());
            HttpWarmUp.run(ServedModel.of(EmbeddingModel.DEFAULT_MODEL, model, null), ServerConfig.defaults(), 1, Duration.ZERO);
        } catch (IOException | RuntimeException e) {
            // As for the commands above: a cache with less in it.
        }
    }

    /** The tokenizer.json of every subdirectory of {@code dir}, in name order; none if {@code dir} is null or absent. */
    private static List<Path> tokenizers(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.resolve("tokenizer.json")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void run(byte[] input, String... args) {
        Main.run(new Io(new ByteArrayInputStream(input), OutputStream.nullOutputStream(),
                new PrintWriter(OutputStream.nullOutputStream(), true)), args);
    }
}
