package dev.ferrite.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the {@code ./ferrite} launcher's AOT cache (JEP 483/514/515): the launcher runs
 * this once per build with {@code -XX:AOTCacheOutput}, and the JVM stores the classes it loaded and
 * linked, and the method profiles it gathered, for every later start. It runs the CLI's own commands
 * in-process, as a user would: {@code tokenize} with each tokenizer.json found under the directory
 * given as the only argument (optional: the test fixtures, absent on a user's machine), then
 * {@code embed} with the bundled default model, then asks for help and makes a usage error. A few
 * lines each: what is worth keeping is the start of a process (loading, parsing, the first encodes),
 * not a steady state. Output is thrown away;
 * a command that fails leaves the cache with less in it, nothing worse, so failures are ignored.
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
