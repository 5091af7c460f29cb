package dev.ferrite.tokenizers.pretokenizers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every pre-tokenizer against the Rust library in-process (DJL), on the shared corpora: the
 * reference gets a tokenizer.json with no normalizer, the pre-tokenizer under test and a WordLevel
 * model whose only entry is its unknown token, so it returns one token per split, spanning that
 * split in the original text. Those spans (DJL counts them in code points) must equal the
 * original offsets of our splits.
 */
class PreTokenizerDifferentialTest {
    private static final List<String> ALL = List.of("english", "code", "multilingual", "naughty");
    private static final List<String> MULTILINGUAL = List.of("multilingual", "naughty");

    @TestFactory
    Stream<DynamicTest> againstTheRustLibrary() throws IOException {
        Path fixtures = fixtures();
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : List.of("llama3", "qwen3", "gpt4o", "gemma3")) {
            String split = splitOf(fixtures.resolve("tokenizers").resolve(model).resolve("tokenizer.json"));
            tests.add(test(model + " Split", split, ALL, fixtures));
        }
        tests.add(test("ByteLevel", "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}", ALL, fixtures));
        tests.add(test("ByteLevel prefix", "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false}", MULTILINGUAL, fixtures));
        tests.add(test("Whitespace", "{\"type\":\"Whitespace\"}", List.of("multilingual", "naughty", "code"), fixtures));
        tests.add(test("WhitespaceSplit", "{\"type\":\"WhitespaceSplit\"}", MULTILINGUAL, fixtures));
        tests.add(test("BertPreTokenizer", "{\"type\":\"BertPreTokenizer\"}", List.of("multilingual", "naughty", "code"), fixtures));
        tests.add(test("Metaspace", "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}", MULTILINGUAL, fixtures));
        tests.add(test("Metaspace first", "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"first\",\"split\":false}", MULTILINGUAL, fixtures));
        tests.add(test("Digits", "{\"type\":\"Digits\",\"individual_digits\":false}", MULTILINGUAL, fixtures));
        tests.add(test("Digits individual", "{\"type\":\"Digits\",\"individual_digits\":true}", MULTILINGUAL, fixtures));
        tests.add(test("Punctuation", "{\"type\":\"Punctuation\",\"behavior\":\"Contiguous\"}", MULTILINGUAL, fixtures));
        tests.add(test("UnicodeScripts", "{\"type\":\"UnicodeScripts\"}", MULTILINGUAL, fixtures));
        tests.add(test("GPT-2 regex Split", "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"" + json("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+")
                + "\"},\"behavior\":\"Removed\",\"invert\":true}", MULTILINGUAL, fixtures));
        return tests.stream();
    }

    private static DynamicTest test(String name, String preTokenizer, List<String> corpora, Path fixtures) {
        return DynamicTest.dynamicTest(name + " on " + String.join(", ", corpora), () -> {
            List<String> inputs = new ArrayList<>(edgeCases());
            for (String c : corpora) inputs.addAll(inputs(fixtures.resolve("corpus").resolve(c + ".txt")));
            compare(preTokenizer, inputs);
        });
    }

    /** The corpus lines, then the same text in chunks of five lines joined by "\n", and by "\r\n". */
    static List<String> inputs(Path corpus) throws IOException {
        if (!Files.isRegularFile(corpus)) fail("missing corpus fixture " + corpus);
        List<String> lines = Files.readAllLines(corpus);
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines.size(); i += 5) {
            List<String> chunk = lines.subList(i, Math.min(i + 5, lines.size()));
            out.add(String.join("\n", chunk) + "\n");
            out.add(String.join("\r\n", chunk));
        }
        return out;
    }

    /** Inputs aimed at the differences between the two regex engines. */
    static List<String> edgeCases() {
        return List.of("", " ", "  \n\n  ", "\n", "x's x'S x'ſ x'ß x'ﬆ x'T x'LL x'Ll x'\u212A", "I'M you'RE they'Ve 'D 'm",
                "\uD835\uDC00\uD835\uDC01 \uD83D\uDE00\uD83D\uDE00x 1\uD835\uDFCE2", "a\u00A0b\u2003c\u3000d\u0085e\u2028f\u180Eg",
                "\u200B\u200C\u200D\uFEFF", "tab\tvt\u000Bff\fcr\rlf\n", "1234567 ١٢٣٤ ① Ⅻ ½", "\uD807\uDF04\uD884\uDF50 \uD803\uDD50",
                "e\u0301 \u0301e a\u0308\u0308", "ÀÉÎ õü ǅ ǈ ΣΑΣ ﬀ", "line\r\n\r\n  \r\nend  ", "'s'S's", "  leading", "trailing  ",
                "日本語のテキスト、カタカナとひらがなー。漢字", "한국어 텍스트", "عربي، نص", "hello\u2028world\u2029!");
    }

    @org.junit.jupiter.api.Test
    void theComparisonSeesADifference() {
        List<String> inputs = List.of("Hey man!");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compare("{\"type\":\"WhitespaceSplit\"}", "{\"type\":\"Whitespace\"}", inputs))
                .isInstanceOf(AssertionError.class).hasMessageContaining("1 of 1 inputs");
    }

    static void compare(String preTokenizer, List<String> inputs) throws IOException {
        compare(preTokenizer, preTokenizer, inputs);
    }

    /** Fails unless {@code ours} (run here) splits every input as {@code reference} (run by the Rust library) does. */
    static void compare(String oursJson, String preTokenizer, List<String> inputs) throws IOException {
        PreTokenizer ours = PreTokenizers.fromJson(JsonReader.parse(oursJson, "test").asObject());
        Path dir = Files.createTempDirectory("ferrite-pretok");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":" + preTokenizer + ",\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0},\"unk_token\":\"[UNK]\"}}");
        List<String> failures = new ArrayList<>();
        int mismatches = 0;
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(file,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
            Encoding[] encodings = reference.batchEncode(inputs, false, false);
            for (int i = 0; i < inputs.size(); i++) {
                String text = inputs.get(i);
                List<int[]> theirs = new ArrayList<>();
                for (CharSpan c : encodings[i].getCharTokenSpans()) theirs.add(new int[] {c.getStart(), c.getEnd()});
                List<int[]> mine = new ArrayList<>();
                for (Splits.S s : Splits.original(ours, text)) {
                    mine.add(new int[] {text.codePointCount(0, s.start()), text.codePointCount(0, s.end())});
                }
                if (!same(mine, theirs)) {
                    mismatches++;
                    if (failures.size() < 5) failures.add("input " + i + " " + quote(text) + "\n  ours:   " + show(mine)
                            + "\n  theirs: " + show(theirs));
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        if (mismatches > 0) fail(mismatches + " of " + inputs.size() + " inputs split differently from the reference, e.g.\n"
                + String.join("\n", failures));
        assertThat(inputs).isNotEmpty();
    }

    private static boolean same(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    private static String show(List<int[]> spans) {
        StringBuilder b = new StringBuilder();
        for (int[] s : spans) b.append('[').append(s[0]).append(',').append(s[1]).append(") ");
        return b.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate((char) c)) b.append(String.format("\\u%04x", c));
            else b.append((char) c);
        });
        return b.append('"').toString();
    }

    /** The Split pre-tokenizer of a fixture tokenizer.json (itself, or the Split inside its Sequence), as JSON. */
    private static String splitOf(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) fail("missing tokenizer fixture " + tokenizerJson);
        JsonObject pre = JsonReader.parse(Files.readString(tokenizerJson), tokenizerJson.toString()).asObject()
                .get("pre_tokenizer").asObject();
        if (pre.type().equals("Sequence")) {
            for (JsonValue v : pre.get("pretokenizers").asArray().items()) {
                if (v.asObject().type().equals("Split")) pre = v.asObject();
            }
        }
        assertThat(pre.type()).isEqualTo("Split");
        JsonObject pattern = pre.get("pattern").asObject();
        String kind = pattern.fields().keySet().iterator().next();
        return "{\"type\":\"Split\",\"pattern\":{\"" + kind + "\":\"" + json(pattern.get(kind).asString()) + "\"},\"behavior\":\""
                + pre.get("behavior").asString() + "\",\"invert\":" + pre.get("invert").asBoolean() + "}";
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\') b.append('\\').append((char) c);
            else if (c < 0x20) b.append(String.format("\\u%04x", c));
            else b.append((char) c);
        });
        return b.toString();
    }

    static Path fixtures() {
        String p = System.getProperty("ferrite.fixtures");
        if (p == null) fail("system property ferrite.fixtures is not set (the parent pom sets it to ../shared/fixtures)");
        Path dir = Path.of(p);
        if (!Files.isDirectory(dir)) fail("fixtures directory " + dir + " is missing");
        return dir;
    }
}
