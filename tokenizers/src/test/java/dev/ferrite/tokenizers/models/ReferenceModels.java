package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.Token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Differential testing of one model against the Rust library through DJL: the model JSON is wrapped
 * in a tokenizer.json whose other stages are all null, so that the Rust tokenizer hands each input
 * string, whole, to the model, and its encoding is exactly the model's tokens.
 */
final class ReferenceModels {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ReferenceModels() {
    }

    /** The fixtures directory; fails (never skips) when it is missing. */
    static Path fixtures() {
        String dir = System.getProperty("ferrite.fixtures");
        assertThat(dir).as("system property ferrite.fixtures (set by the parent pom)").isNotNull();
        Path p = Path.of(dir);
        assertThat(p).as("fixtures directory " + p + " (../shared/fixtures beside the repository)").isDirectory();
        return p;
    }

    static String read(Path p) {
        assertThat(p).as("fixture " + p).isRegularFile();
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every distinct whitespace-separated word of the four corpora, in order of first appearance. */
    static List<String> corpusWords() {
        Set<String> words = new LinkedHashSet<>();
        for (String name : List.of("english", "code", "multilingual", "naughty")) {
            for (String w : WHITESPACE.split(read(fixtures().resolve("corpus/" + name + ".txt")))) {
                if (!w.isEmpty()) words.add(w);
            }
        }
        return new ArrayList<>(words);
    }

    /** {@code modelJson} wrapped into a whole tokenizer.json with no other stage. */
    static String tokenizerJson(String modelJson) {
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
                + "\"normalizer\":null,\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":null,"
                + "\"model\":" + modelJson + "}";
    }

    /** The Ferrite model read from {@code modelJson} as Models.fromJson sees it. */
    static Model ferrite(String modelJson) {
        return Models.fromJson(JsonReader.parse(modelJson, "test").asObject());
    }

    /** The Rust tokenizer for {@code modelJson}, with DJL's own truncation, padding and specials off. */
    static HuggingFaceTokenizer rust(String modelJson, Path tempDir) {
        try {
            Path file = Files.createTempFile(tempDir, "tokenizer", ".json");
            Files.writeString(file, tokenizerJson(modelJson));
            return HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Encodes every word with both and fails on the first differences (ids, token strings, offsets,
     * and whether an error is raised). Returns how many words each side refused.
     */
    static int compare(Model model, HuggingFaceTokenizer rust, List<String> words) {
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (String word : words) {
            String expected;
            try {
                expected = describe(word, rust.encode(word));
            } catch (RuntimeException e) {
                expected = "error";
            }
            String actual;
            try {
                actual = describe(word, model.tokenize(word));
            } catch (TokenizerException e) {
                actual = "error";
            }
            if (expected.equals("error")) refused++;
            if (!expected.equals(actual)) {
                failures.add(escape(word) + "\n    rust:    " + expected + "\n    ferrite: " + actual);
                if (failures.size() >= 20) break;
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + "+ words differ:\n  " + String.join("\n  ", failures));
        return refused;
    }

    /** Offsets are printed in Unicode scalar values, the unit of DJL's CharSpan. */
    private static String describe(String word, Encoding e) {
        long[] ids = e.getIds();
        String[] tokens = e.getTokens();
        CharSpan[] spans = e.getCharTokenSpans();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            sb.append(ids[i]).append(':').append(escape(tokens[i])).append('@')
                    .append(spans[i].getStart()).append('-').append(spans[i].getEnd()).append(' ');
        }
        return sb.toString();
    }

    private static String describe(String word, List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.id()).append(':').append(escape(t.value())).append('@')
                    .append(word.codePointCount(0, t.start())).append('-').append(word.codePointCount(0, t.end())).append(' ');
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && Character.isWhitespace(c))) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.append('"').toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The "model" object of a tokenizer.json file, as JSON text cut out of the file unchanged.
     */
    static String modelJsonOf(Path tokenizerJson) {
        String text = read(tokenizerJson);
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                if (name.equals("model")) return text.substring((int) start, (int) p.currentLocation().getCharOffset());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fail("no \"model\" in " + tokenizerJson);
    }

    /** The lower-case forms of {@code words} that are not already among them. */
    static List<String> lower(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) out.add(w.toLowerCase(java.util.Locale.ROOT));
        out.removeAll(new LinkedHashSet<>(words));
        return new ArrayList<>(out);
    }
}
