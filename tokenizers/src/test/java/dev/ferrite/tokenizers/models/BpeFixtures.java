package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.Token;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.fail;

/**
 * Test helpers for comparing a model alone with the Rust library: tokenizer.json files reduced to
 * their model (no normalizer, pre-tokenizer, post-processor, decoder or added tokens), the words of
 * the corpora, and the GPT-2 byte-to-character table that a ByteLevel pre-tokenizer applies.
 */
final class BpeFixtures {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private BpeFixtures() {
    }

    static Path fixtures() {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null) fail("system property ferrite.fixtures is not set (the parent pom sets it)");
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) fail("fixtures directory " + p.toAbsolutePath() + " is missing");
        return p;
    }

    static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tokenizer.json of fixture {@code name} with only its model left; {@code modelOverrides}
     * replace or add fields of the model object (a null value writes JSON null).
     */
    static String modelOnly(String name, Map<String, Object> modelOverrides) {
        byte[] in = read(fixtures().resolve("tokenizers").resolve(name).resolve("tokenizer.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        try (JsonParser p = JSON.createParser(in); JsonGenerator g = JSON.createGenerator(out)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "normalizer", "pre_tokenizer", "post_processor", "decoder", "truncation", "padding" -> {
                        g.writeNullField(field);
                        p.skipChildren();
                    }
                    case "added_tokens" -> {
                        g.writeArrayFieldStart(field);
                        g.writeEndArray();
                        p.skipChildren();
                    }
                    case "model" -> copyModel(p, g, modelOverrides);
                    default -> {
                        g.writeFieldName(field);
                        g.copyCurrentStructure(p);
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void copyModel(JsonParser p, JsonGenerator g, Map<String, Object> overrides) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        g.writeObjectFieldStart("model");
        Set<String> done = new LinkedHashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (overrides.containsKey(field)) {
                writeValue(g, field, overrides.get(field));
                done.add(field);
                p.skipChildren();
            } else {
                g.writeFieldName(field);
                g.copyCurrentStructure(p);
            }
        }
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (!done.contains(e.getKey())) writeValue(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, String field, Object value) throws IOException {
        g.writeFieldName(field);
        switch (value) {
            case null -> g.writeNull();
            case Boolean b -> g.writeBoolean(b);
            case Number n -> g.writeNumber(n.doubleValue());
            case String s -> g.writeString(s);
            case RawJson(String json) -> g.writeRawValue(json);
            default -> throw new IllegalArgumentException(value.toString());
        }
    }

    /** A JSON value written as is. */
    record RawJson(String json) {
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) fail("unexpected JSON token " + actual + ", expected " + expected);
    }

    static Bpe ferrite(String tokenizerJson, String source) {
        return (Bpe) Models.fromJson(JsonReader.parse(tokenizerJson, source).asObject().get("model").asObject());
    }

    static HuggingFaceTokenizer rust(String tokenizerJson) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct space-separated words of a corpus file, in order of first appearance. */
    static List<String> words(String corpus) {
        Set<String> words = new LinkedHashSet<>();
        for (String line : lines(corpus)) {
            for (String w : line.split(" ")) if (!w.isEmpty()) words.add(w);
        }
        return new ArrayList<>(words);
    }

    static List<String> lines(String corpus) {
        String text = new String(read(fixtures().resolve("corpus").resolve(corpus)), StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the others for U+0100 onwards. */
    static final char[] BYTE_CHARS = new char[256];

    static {
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            BYTE_CHARS[b] = (char) (printable ? b : next++);
        }
    }

    /** What a ByteLevel pre-tokenizer hands the model for {@code word}: one character per UTF-8 byte. */
    static String byteLevel(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) chars[i] = BYTE_CHARS[bytes[i] & 0xFF];
        return new String(chars);
    }

    /**
     * Tokenizes every word with both, and reports the differences (at most 10 shown). Offsets from DJL
     * are in characters (code points), so Ferrite's UTF-16 offsets are converted before comparing.
     */
    static void compare(Bpe bpe, HuggingFaceTokenizer rust, List<String> words, boolean compareOffsets) {
        compare(bpe::tokenize, rust, words, compareOffsets);
    }

    /** As {@link #compare(Bpe, HuggingFaceTokenizer, List, boolean)}, with the tokens of each word from {@code model}. */
    static void compare(java.util.function.Function<String, List<Token>> model, HuggingFaceTokenizer rust, List<String> words,
                        boolean compareOffsets) {
        List<String> failures = new ArrayList<>();
        int mismatches = 0;
        for (String word : words) {
            Encoding expected = rust.encode(word, false, false);
            List<Token> actual = model.apply(word);
            String diff = difference(word, expected, actual, compareOffsets);
            if (diff != null) {
                mismatches++;
                if (failures.size() < 10) failures.add(diff);
            }
        }
        if (mismatches > 0) {
            fail(mismatches + " of " + words.size() + " words differ from the Rust library, e.g.:\n" + String.join("\n", failures));
        }
    }

    private static String difference(String word, Encoding expected, List<Token> actual, boolean compareOffsets) {
        long[] ids = expected.getIds();
        String[] tokens = expected.getTokens();
        CharSpan[] spans = expected.getCharTokenSpans();
        boolean same = ids.length == actual.size();
        for (int i = 0; same && i < ids.length; i++) {
            Token t = actual.get(i);
            same = ids[i] == t.id() && tokens[i].equals(t.value());
            if (same && compareOffsets) {
                int[] o = charOffsets(word, t);
                same = spans[i] != null && spans[i].getStart() == o[0] && spans[i].getEnd() == o[1];
            }
        }
        if (same) return null;
        StringBuilder rustSide = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            rustSide.append(ids[i]).append(':').append(tokens[i]);
            if (spans[i] != null) rustSide.append('(').append(spans[i].getStart()).append(',').append(spans[i].getEnd()).append(')');
            rustSide.append(' ');
        }
        StringBuilder ours = new StringBuilder();
        for (Token t : actual) {
            int[] o = charOffsets(word, t);
            ours.append(t.id()).append(':').append(t.value()).append('(').append(o[0]).append(',').append(o[1]).append(") ");
        }
        return "  " + escape(word) + "\n    rust:    " + rustSide + "\n    ferrite: " + ours;
    }

    /**
     * What Rust's encode_char_offsets reports for {@code t} when the whole input is {@code word}:
     * Ferrite's UTF-16 offsets counted in characters (code points). A token past the end of the word
     * carries Rust's raw byte offsets, which Rust's pipeline cannot map to the normalized string and
     * hands to its byte-to-char converter ({@code BytesToCharOffsetConverter} in
     * {@code tokenizer/pre_tokenizer.rs}), emulated here.
     */
    static int[] charOffsets(String word, Token t) {
        if (t.end() <= word.length()) {
            return new int[] {word.codePointCount(0, t.start()), word.codePointCount(0, t.end())};
        }
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        int[] charOfByte = new int[utf8.length];
        for (int b = 0, c = 0; b < utf8.length; c++) {
            int n = (utf8[b] & 0xFF) < 0x80 ? 1 : (utf8[b] & 0xFF) < 0xE0 ? 2 : (utf8[b] & 0xFF) < 0xF0 ? 3 : 4;
            for (int k = 0; k < n; k++) charOfByte[b + k] = c;
            b += n;
        }
        int start = t.start();
        int end = t.end();
        if (start >= utf8.length) return new int[] {start, end};
        int s = charOfByte[start];
        if (end < utf8.length) return new int[] {s, charOfByte[end]};
        int last = end - 1 < utf8.length ? charOfByte[end - 1] : s + 1;
        return new int[] {s, last + 1};
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || cp >= 0x80 && cp < 0xA0) b.append(String.format("\\u%04X", cp));
            else b.appendCodePoint(cp);
        });
        return b.append('"').toString();
    }
}
