package dev.ferrite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared fixtures: tokenizer.json files and text corpora under {@code ../shared/fixtures}. */
final class Fixtures {
    /** Every tokenizer fixture, in the order results are printed. */
    static final List<String> TOKENIZERS = List.of("minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o");
    /** Every corpus, by the file's base name. */
    static final List<String> CORPORA = List.of("english", "code", "multilingual", "naughty");

    private final Path dir;

    private Fixtures(Path dir) {
        this.dir = dir;
    }

    /** The fixtures in {@code dir}; fails, naming the directory, when it is not there. */
    static Fixtures at(Path dir) {
        if (!Files.isDirectory(dir.resolve("tokenizers")) || !Files.isDirectory(dir.resolve("corpus"))) {
            throw new IllegalStateException("no fixtures at " + dir.toAbsolutePath().normalize()
                    + " (expected tokenizers/ and corpus/ there: ../shared/fixtures beside the repository)");
        }
        return new Fixtures(dir);
    }

    /** The fixtures named by the system property {@code ferrite.fixtures}. */
    static Fixtures fromSystemProperty() {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null || dir.isBlank()) throw new IllegalStateException("system property ferrite.fixtures is not set");
        return at(Path.of(dir));
    }

    Path tokenizerJson(String name) {
        return existing(dir.resolve("tokenizers").resolve(name).resolve("tokenizer.json"));
    }

    /** The lines of {@code corpus/<name>.txt}, split on {@code '\n'} only, as {@code ferrite tokenize} reads them. */
    Corpus corpus(String name) {
        return new Corpus(name, lines(corpusFile(name)));
    }

    /** The corpus file {@code corpus/<name>.txt}. */
    Path corpusFile(String name) {
        return existing(dir.resolve("corpus").resolve(name + ".txt"));
    }

    /** The lines of {@code file}, split on {@code '\n'} only; fails if it is not UTF-8. */
    static String[] lines(Path file) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                lines.add(text.substring(start, nl));
                start = nl + 1;
            }
            if (start < text.length()) lines.add(text.substring(start));
            return lines.toArray(String[]::new);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(file + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalStateException("fixture missing: " + file);
        return file;
    }

    /**
     * One corpus.
     *
     * @param lines     the inputs, one per encode call
     * @param lineBytes UTF-8 length of each line
     * @param bytes     total UTF-8 bytes of the lines (line ends not counted): the MB of MB/s
     */
    record Corpus(String name, String[] lines, int[] lineBytes, long bytes) {
        Corpus(String name, String[] lines) {
            this(name, lines, utf8Lengths(lines), sum(utf8Lengths(lines)));
        }

        private static int[] utf8Lengths(String[] lines) {
            int[] n = new int[lines.length];
            for (int i = 0; i < lines.length; i++) n[i] = lines[i].getBytes(StandardCharsets.UTF_8).length;
            return n;
        }

        private static long sum(int[] values) {
            long s = 0;
            for (int v : values) s += v;
            return s;
        }
    }
}
