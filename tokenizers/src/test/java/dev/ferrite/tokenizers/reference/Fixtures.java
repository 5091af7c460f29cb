package dev.ferrite.tokenizers.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared test fixtures: real tokenizer.json files and text corpora under the directory named
 * by the system property {@code ferrite.fixtures} (set by the parent pom to
 * {@code ../shared/fixtures} beside the repository).
 *
 * <p>A missing fixture is a test failure with a message that says what is missing and where it
 * was looked for; it is never a skip. (The brief: "never skip silently", CI or not.)
 */
public final class Fixtures {
    /** Every real tokenizer.json in the fixtures, by directory name. */
    public static final List<String> TOKENIZERS =
            List.of("minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o");

    /** Every corpus file (without ".txt"); one sample per line. */
    public static final List<String> CORPORA = List.of("english", "code", "multilingual", "naughty");

    private Fixtures() {
    }

    /** The fixtures directory; fails (AssertionError) if it is not there. */
    public static Path dir() {
        String prop = System.getProperty("ferrite.fixtures");
        Path dir = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("..", "..", "shared", "fixtures");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("test fixtures are missing: no directory " + dir.toAbsolutePath().normalize()
                    + " (system property ferrite.fixtures=" + prop + "; expected ../shared/fixtures beside the repository,"
                    + " with tokenizers/<name>/tokenizer.json and corpus/<name>.txt)");
        }
        return dir;
    }

    /** Path of the named tokenizer.json; fails if it is missing. */
    public static Path tokenizerFile(String name) {
        Path p = dir().resolve("tokenizers").resolve(name).resolve("tokenizer.json");
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("test fixture is missing: tokenizer \"" + name + "\" should be at " + p.toAbsolutePath().normalize());
        }
        return p;
    }

    /** The named tokenizer.json as text. */
    public static String tokenizerJson(String name) {
        return read(tokenizerFile(name));
    }

    /** Path of the named corpus; fails if it is missing. */
    public static Path corpusFile(String name) {
        Path p = dir().resolve("corpus").resolve(name + ".txt");
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("test fixture is missing: corpus \"" + name + "\" should be at " + p.toAbsolutePath().normalize());
        }
        return p;
    }

    /**
     * The lines of the named corpus, in file order (line {@code i} of the list is line {@code i + 1}
     * of the file). Split on {@code \n} only, so a {@code \r} or any other control character inside a
     * line stays part of the sample; a final empty line after the last {@code \n} is dropped.
     */
    public static List<String> corpus(String name) {
        String text = read(corpusFile(name));
        List<String> lines = List.of(text.split("\n", -1));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) lines = lines.subList(0, lines.size() - 1);
        if (lines.isEmpty()) throw new AssertionError("test fixture is empty: corpus \"" + name + "\"");
        return lines;
    }

    /** A corpus line with its 1-based line number. */
    public record Line(int number, String text) {
    }

    /** About {@code n} lines of the corpus, evenly spaced from the first, with their line numbers. */
    public static List<Line> sample(String corpus, int n) {
        List<String> lines = corpus(corpus);
        int step = Math.max(1, lines.size() / n);
        java.util.ArrayList<Line> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < n; i += step) out.add(new Line(i + 1, lines.get(i)));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + p, e);
        }
    }
}
