package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;
import dev.ferrite.tokenizers.pretokenizers.ByteLevel;
import dev.ferrite.tokenizers.pretokenizers.FastRegex;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.Sequence;
import dev.ferrite.tokenizers.pretokenizers.Split;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The fused passes of {@link Tokenizer} against its general pipeline ({@link Tokenizer#withoutFastPaths}),
 * which the differential suites check against the Rust library: every line of every corpus and
 * random texts built to hit the edges (added tokens, text that NFC changes, surrogate pairs,
 * combining marks, white space runs, empty pieces) must give identical encodings, alone and in pairs.
 */
class FastPathEquivalenceTest {
    private static final String[] PIECES = {
        "a", "Z", " ", "  ", "\n", "\r\n", "\t", "'s", "'LL", "123", "4567", "é", "e\u0301", "\u0301", "Å", "A\u030A",
        "野", "한", "\u1100\u1161", "😀", "👍🏽", "𝔘", "\uFFFD", "ß", "ſ", "!", "...", "<|endoftext|>", "<|im_start|>",
        "<|begin_of_text|>", "<|reserved_special_token_3|>", "<", "|", "ﬁ", "\u00A0", "\u3000", "Ω", "Ω", "x\u200D",
        "٣", "Ⅻ", "\u0000", "\u007F", "\u2028", "中文", "ﾃ", "\uD800", "\uDFFF", "▁", "▁▁", ">", "</", "\uE000"
    };

    static Path fixtures() {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null) fail("system property ferrite.fixtures is not set (the parent pom sets it)");
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) fail("fixtures directory " + p.toAbsolutePath() + " is missing");
        return p;
    }

    private static List<String> texts() throws IOException {
        List<String> out = new ArrayList<>();
        for (String corpus : List.of("english", "code", "multilingual", "naughty")) {
            Path file = fixtures().resolve("corpus/" + corpus + ".txt");
            if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
            List<String> lines = Files.readAllLines(file);
            // Every 7th line keeps the test quick; the corpus suites run them all against Rust.
            for (int i = 0; i < lines.size(); i += corpus.equals("naughty") ? 1 : 7) out.add(lines.get(i));
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) b.append(PIECES[r.nextInt(PIECES.length)]);
            out.add(b.toString());
        }
        out.add("");
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen3", "gpt4o", "minilm", "bge-small-zh", "llama2", "gemma3"})
    void fusedPassesEncodeAsTheGeneralPipeline(String fixture) throws IOException {
        Path json = fixtures().resolve("tokenizers/" + fixture + "/tokenizer.json");
        if (!Files.isRegularFile(json)) fail("fixture " + json.toAbsolutePath() + " is missing");
        Tokenizer fast = Tokenizer.fromFile(json);
        Tokenizer general = fast.withoutFastPaths();
        List<String> texts = texts();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            for (boolean special : new boolean[] {true, false}) {
                assertSame(fast.encode(text, special), general.encode(text, special), fixture + " " + quote(text));
            }
            String pair = texts.get((i * 31 + 5) % texts.size());
            assertSame(fast.encode(text, pair, true), general.encode(text, pair, true), fixture + " pair " + quote(text) + " / " + quote(pair));
        }
    }

    /**
     * The byte-level pass keeps its buffers per thread: two tokenizers taking turns on one thread, a
     * long text (its buffers dropped after the call) between short ones, a text shorter than the
     * buffer left by the one before, must each encode as the general pipeline does.
     */
    @org.junit.jupiter.api.Test
    void byteLevelBuffersAreReusedSafely() throws IOException {
        Tokenizer llama = Tokenizer.fromFile(fixtures().resolve("tokenizers/llama3/tokenizer.json"));
        Tokenizer gpt = Tokenizer.fromFile(fixtures().resolve("tokenizers/gpt4o/tokenizer.json"));
        String corpus = Files.readString(fixtures().resolve("corpus/multilingual.txt"));
        String longText = corpus.substring(0, 70_000) + "한국어 " + "x".repeat(200) + "野";
        List<String> texts = List.of("Hello world, the end.", longText, "a", "ab 中文 😀 é", longText.substring(0, 5000), "Z");
        for (String text : texts) {
            for (Tokenizer t : List.of(llama, gpt)) {
                assertSame(t.encode(text, true), t.withoutFastPaths().encode(text, true), quote(text.substring(0, Math.min(40, text.length()))));
            }
        }
    }

    /**
     * Llama 3 with other Split settings: a regex that leaves gaps between its matches, and each of
     * the delimiter behaviours the fused pass covers, inverted or not (and one it leaves alone).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "\\p{L}+|\\p{N}|Isolated|false", "\\p{L}+|\\p{N}|Removed|false", "\\p{L}+|\\p{N}|Removed|true",
        "\\s+|Removed|false", "\\s+|Isolated|true", "\\s|MergedWithPrevious|false", " ?\\p{L}+|Removed|true"})
    void fusedPassCoversOtherSplitSettings(String variant) throws IOException {
        String[] parts = variant.split("\\|(?=[A-Z][A-Za-z]+\\|)|\\|(?=true$|false$)");
        String regex = parts[0];
        Path file = fixtures().resolve("tokenizers/llama3/tokenizer.json");
        if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
        String json = Files.readString(file);
        String original = "\"Regex\": \"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}{1,3}"
                + "| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+\"";
        String settings = "\"behavior\": \"Isolated\",\n        \"invert\": false";
        assertThat(json).contains(original).contains(settings);
        json = json.replace(original, "\"Regex\": \"" + regex.replace("\\", "\\\\") + "\"")
                .replace(settings, "\"behavior\": \"" + parts[1] + "\",\n        \"invert\": " + parts[2]);
        Tokenizer fast = Tokenizer.fromJson(json);
        Tokenizer general = fast.withoutFastPaths();
        List<String> texts = texts();
        for (int i = 0; i < texts.size(); i += 3) {
            String text = texts.get(i);
            assertSame(fast.encode(text, true), general.encode(text, true), variant + " " + quote(text));
        }
    }

    /**
     * Gemma 3 with a split on a one-unit literal that normalization leaves in the text, or on "▁"
     * (which it makes), inverted or not: the SentencePiece pass scans for that unit instead of
     * asking the pattern, and must still leave every text the split would cut to the general pipeline.
     */
    @ParameterizedTest
    @ValueSource(strings = {"e|false", "e|true", "▁|false", "▁|true", "ab|false"})
    void sentencePiecePassChecksLiteralSplits(String variant) throws IOException {
        String[] parts = variant.split("\\|");
        Path file = fixtures().resolve("tokenizers/gemma3/tokenizer.json");
        if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
        Tokenizer fast = Tokenizer.fromFile(file)
                .withPreTokenizer(Split.onString(parts[0], SplitDelimiterBehavior.MERGED_WITH_PREVIOUS, Boolean.parseBoolean(parts[1])));
        Tokenizer general = fast.withoutFastPaths();
        List<String> texts = texts();
        for (int i = 0; i < texts.size(); i += 3) {
            String text = texts.get(i);
            assertSame(fast.encode(text, true), general.encode(text, true), variant + " " + quote(text));
        }
    }

    /**
     * A split pattern whose matches the fused pass walks one by one ({@link Pattern.Contiguous}): Llama 3's
     * regex in each Split setting, not only the one its tokenizer.json has.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Isolated|false", "Removed|false", "Removed|true", "Isolated|true"})
    void fusedPassWalksContiguousPatterns(String variant) throws IOException {
        String[] parts = variant.split("\\|");
        Path file = fixtures().resolve("tokenizers/llama3/tokenizer.json");
        if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
        Pattern.Contiguous contiguous = FastRegex.forSource(FastRegex.CL100K);
        SplitDelimiterBehavior behavior = parts[0].equals("Isolated") ? SplitDelimiterBehavior.ISOLATED : SplitDelimiterBehavior.REMOVED;
        PreTokenizer pre = new Sequence(List.of(new Split(contiguous, behavior, Boolean.parseBoolean(parts[1])),
                new ByteLevel(false, true, false)));
        Tokenizer fast = Tokenizer.fromFile(file).withPreTokenizer(pre);
        Tokenizer general = fast.withoutFastPaths();
        List<String> texts = texts();
        for (int i = 0; i < texts.size(); i += 5) {
            String text = texts.get(i);
            assertSame(fast.encode(text, true), general.encode(text, true), variant + " " + quote(text));
        }
    }

    static void assertSame(Encoding a, Encoding b, String what) {
        assertThat(a.ids()).as(what + ": ids").containsExactly(b.ids());
        assertThat(a.tokens()).as(what + ": tokens").containsExactlyElementsOf(b.tokens());
        assertThat(a.offsets()).as(what + ": offsets").isDeepEqualTo(b.offsets());
        for (OffsetUnit unit : OffsetUnit.values()) {
            assertThat(a.offsets(unit)).as(what + ": offsets in " + unit).isDeepEqualTo(b.offsets(unit));
        }
        assertThat(a.wordIds()).as(what + ": word ids").containsExactly(b.wordIds());
        assertThat(a.typeIds()).as(what + ": type ids").containsExactly(b.typeIds());
        assertThat(a.sequenceIds()).as(what + ": sequence ids").containsExactly(b.sequenceIds());
        assertThat(a.specialTokensMask()).as(what + ": special tokens mask").containsExactly(b.specialTokensMask());
        assertThat(a.attentionMask()).as(what + ": attention mask").containsExactly(b.attentionMask());
        assertThat(a.overflowing()).as(what + ": overflowing").hasSameSizeAs(b.overflowing());
        for (int i = 0; i < a.overflowing().size(); i++) assertSame(a.overflowing().get(i), b.overflowing().get(i), what + " overflowing " + i);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) b.append(c);
            else b.append(String.format("\\u%04X", (int) c));
        }
        return b.append('"').toString();
    }
}
