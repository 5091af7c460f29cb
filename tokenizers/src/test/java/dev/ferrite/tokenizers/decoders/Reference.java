package dev.ferrite.tokenizers.decoders;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * Test access to the shared fixtures and to the reference (the Rust tokenizers library through DJL).
 * A missing fixture fails the test; it never skips it.
 */
public final class Reference {
    /** Every real tokenizer.json under fixtures/tokenizers. */
    public static final List<String> FIXTURES = List.of("minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o");
    public static final List<String> CORPORA = List.of("english.txt", "code.txt", "multilingual.txt", "naughty.txt");

    private Reference() {
    }

    public static Path fixtures() {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null) fail("system property ferrite.fixtures is not set (the parent pom sets it to ../shared/fixtures)");
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) fail("fixtures directory " + p.toAbsolutePath() + " is missing");
        return p;
    }

    public static String tokenizerJson(String name) {
        return read(fixtures().resolve("tokenizers").resolve(name).resolve("tokenizer.json"));
    }

    /** The non-empty lines of a corpus file. */
    public static List<String> corpus(String file) {
        return read(fixtures().resolve("corpus").resolve(file)).lines().filter(l -> !l.isEmpty()).toList();
    }

    private static String read(Path p) {
        if (!Files.isRegularFile(p)) fail("fixture " + p.toAbsolutePath() + " is missing");
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The reference tokenizer for a tokenizer.json text, with DJL's own truncation and padding off
     * (DJL truncates to 512 tokens by default) and no tokenizer_config.json (so DJL adds no
     * clean-up of its own to decode). {@code options} adds DJL options such as truncation.
     */
    public static HuggingFaceTokenizer djl(String json, Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("truncation", "false", "padding", "false"));
        all.putAll(options);
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HuggingFaceTokenizer djl(String json) {
        return djl(json, Map.of());
    }

    /**
     * Id to token as the Rust library's decode resolves it: added tokens first, then the model's
     * vocabulary (an object token -> id for BPE and WordPiece, a list of [token, score] for Unigram).
     * Null where an id has no token.
     */
    public static String[] idToToken(JsonObject root) {
        JsonValue vocab = root.get("model").asObject().get("vocab");
        int max = -1;
        java.util.Map<Integer, String> byId = new java.util.HashMap<>();
        if (vocab instanceof JsonObject o) {
            for (Map.Entry<String, JsonValue> e : o.fields().entrySet()) byId.put(e.getValue().asIndex(), e.getKey());
        } else {
            List<JsonValue> items = vocab.asArray().items();
            for (int i = 0; i < items.size(); i++) byId.put(i, items.get(i).asArray().get(0).asString());
        }
        if (root.opt("added_tokens") != null) {
            for (JsonValue v : root.get("added_tokens").asArray().items()) {
                JsonObject t = v.asObject();
                byId.put(t.get("id").asIndex(), t.string("content"));
            }
        }
        for (int id : byId.keySet()) max = Math.max(max, id);
        String[] out = new String[max + 1];
        byId.forEach((id, token) -> out[id] = token);
        return out;
    }

    /** Replaces the top-level {@code "post_processor"} value of a tokenizer.json text by {@code replacement} (JSON). */
    public static String withPostProcessor(String json, String replacement) {
        return withTopLevel(json, "post_processor", replacement);
    }

    /** Replaces the value of top-level key {@code key}, which must occur once, by {@code replacement} (JSON text). */
    public static String withTopLevel(String json, String key, String replacement) {
        String marker = "\"" + key + "\":";
        int at = json.indexOf(marker);
        if (at < 0 || json.indexOf(marker, at + 1) >= 0) {
            // Pretty-printed files put a space after the colon.
            marker = "\"" + key + "\": ";
            at = json.indexOf(marker);
            if (at < 0 || json.indexOf(marker, at + 1) >= 0) fail("cannot locate a unique top-level " + key);
        }
        int start = at + marker.length();
        while (Character.isWhitespace(json.charAt(start))) start++;
        int end = endOfValue(json, start);
        return json.substring(0, start) + replacement + json.substring(end);
    }

    private static int endOfValue(String s, int i) {
        char c = s.charAt(i);
        if (c == 'n') return i + 4; // null
        if (c != '{' && c != '[') fail("unexpected JSON value at " + i);
        int depth = 0;
        boolean inString = false;
        for (int k = i; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (inString) {
                if (ch == '\\') k++;
                else if (ch == '"') inString = false;
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (--depth == 0) return k + 1;
            }
        }
        fail("unterminated JSON value");
        return -1;
    }
}
