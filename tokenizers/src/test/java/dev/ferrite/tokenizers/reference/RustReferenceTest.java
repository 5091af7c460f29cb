package dev.ferrite.tokenizers.reference;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.Padding;
import dev.ferrite.tokenizers.Truncation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness against known values and against DJL's documented quirks (see {@link RustReference}).
 * These run against the Rust library alone, so they hold whatever state Ferrite is in.
 */
class RustReferenceTest {
    private static RustReference minilm() {
        return LoadedTokenizers.fixture("minilm").reference();
    }

    private static RustReference gpt4o() {
        return LoadedTokenizers.fixture("gpt4o").reference();
    }

    @Test
    void minilmEncodesKnownIdsAndKeepsItsJsonTruncationAndPadding() {
        RefEncoding e = minilm().encode("Hello world!", true);
        // minilm's tokenizer.json pads to a fixed 128 and truncates at 128: the reference keeps both.
        assertThat(e.length()).isEqualTo(128);
        assertThat(Arrays.copyOf(e.ids(), 6)).containsExactly(101, 7592, 2088, 999, 102, 0);
        assertThat(Arrays.copyOf(e.tokens(), 6)).containsExactly("[CLS]", "hello", "world", "!", "[SEP]", "[PAD]");
        assertThat(Arrays.copyOf(e.sequenceIds(), 6)).containsExactly(-1, 0, 0, 0, -1, -1);
        assertThat(Arrays.copyOf(e.wordIds(), 6)).containsExactly(-1, 0, 1, 2, -1, -1);
        assertThat(Arrays.copyOf(e.attentionMask(), 6)).containsExactly(1, 1, 1, 1, 1, 0);
        assertThat(Arrays.copyOf(e.specialTokensMask(), 6)).containsExactly(1, 0, 0, 0, 1, 1);
        assertThat(e.charSpans()[0]).isNull();
        assertThat(e.charSpans()[1]).containsExactly(0, 5);
        assertThat(e.charSpans()[3]).containsExactly(11, 12);
        assertThat(e.charSpans()[5]).isNull();
        assertThat(minilm().decode(e.ids(), true)).isEqualTo("hello world!");
        assertThat(minilm().decode(new int[] {101, 7592, 102}, false)).isEqualTo("[CLS] hello [SEP]");
    }

    @Test
    void withSettingsReplacesTheJsonTruncationAndPadding() {
        try (RustReference plain = minilm().withSettings(null, null)) {
            assertThat(plain.truncates()).isFalse();
            RefEncoding e = plain.encode("Hello world!", true);
            assertThat(e.ids()).containsExactly(101, 7592, 2088, 999, 102);
            assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0);
        }
        // Left truncation: a direction DJL's own setters cannot express.
        try (RustReference left = minilm().withSettings(new Truncation(4, 0, Truncation.Strategy.LONGEST_FIRST,
                Truncation.Direction.LEFT), null)) {
            RefEncoding e = left.encode("one two three four", true);
            assertThat(e.tokens()).containsExactly("[CLS]", "three", "four", "[SEP]");
            assertThat(e.overflowing()).hasSize(1);
            assertThat(e.overflowing().getFirst().tokens()).containsExactly("[CLS]", "one", "two", "[SEP]");
        }
        // Left padding with pad_to_multiple_of and a non-default pad type id.
        try (RustReference padded = minilm().withSettings(null,
                new Padding(0, Padding.Direction.LEFT, 4, 0, 7, "[PAD]"))) {
            List<RefEncoding> batch = padded.encodeBatch(List.of("a", "b c d e f"), true);
            assertThat(batch.get(0).length()).isEqualTo(8);
            assertThat(batch.get(1).length()).isEqualTo(8);
            assertThat(batch.get(0).tokens()).startsWith("[PAD]", "[PAD]", "[PAD]", "[PAD]", "[PAD]", "[CLS]");
            assertThat(batch.get(0).typeIds()).startsWith(7, 7, 7, 7, 7, 0);
        }
    }

    @Test
    void gpt4oKnownIdsAndCodePointOffsets() {
        RefEncoding e = gpt4o().encode("Hello world!", true);
        assertThat(e.ids()).containsExactly(13225, 2375, 0);
        // gpt4o has no post-processor: no sequence ranges, so every token is in sequence 0.
        assertThat(e.sequenceIds()).containsExactly(0, 0, 0);
        RefEncoding emoji = gpt4o().encode("x\uD83D\uDE00y é", true);
        // Code points, not UTF-16 units: the emoji is one position.
        assertThat(emoji.charSpans()).isDeepEqualTo(new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 5}});
        assertThat(gpt4o().decode(emoji.ids(), false)).isEqualTo("x\uD83D\uDE00y é");
    }

    @Test
    void llama3KnownIds() {
        // llama3's post-processor is ByteLevel: it adds no <|begin_of_text|>.
        RefEncoding e = LoadedTokenizers.fixture("llama3").reference().encode("Hello world!", true);
        assertThat(e.ids()).containsExactly(9906, 1917, 0);
    }

    @Test
    void controlCharactersAndNulCrossJniIntact() {
        RefEncoding e = gpt4o().encode("a\u0000b\u0001", false);
        assertThat(gpt4o().decode(e.ids(), false)).isEqualTo("a\u0000b\u0001");
    }

    @Test
    void loneSurrogatesAreRefusedBecauseJniWouldMangleTheWholeString() {
        assertThatThrownBy(() -> gpt4o().encode("a\uD800b", true))
                .isInstanceOf(ReferenceException.class)
                .hasMessageContaining("lone surrogate")
                .matches(t -> ((ReferenceException) t).refusedByHarness());
        assertThat(gpt4o().encode("a\uFFFDb", true).ids()).containsExactly(64, 3251, 65);
    }

    @Test
    void rustErrorsBecomeReferenceExceptions() {
        try (RustReference onlySecond = minilm().withSettings(new Truncation(4, 0, Truncation.Strategy.ONLY_SECOND,
                Truncation.Direction.RIGHT), null)) {
            assertThatThrownBy(() -> onlySecond.encode("one two three four five", true))
                    .isInstanceOf(ReferenceException.class)
                    .hasMessageContaining("Second sequence not provided")
                    .matches(t -> !((ReferenceException) t).refusedByHarness());
        }
        assertThatThrownBy(() -> RustReference.fromJson("{\"model\": 3"))
                .isInstanceOf(ReferenceException.class);
    }

    @Test
    void inputsThatWouldPanicRustAreRefusedInsteadOfAbortingTheJvm() {
        // max 8 - 3 special tokens = 5; a long pair cuts the first sequence to 2 < stride 2: Rust asserts.
        try (RustReference strided = minilm().withSettings(new Truncation(8, 2, Truncation.Strategy.LONGEST_FIRST,
                Truncation.Direction.RIGHT), null)) {
            assertThatThrownBy(() -> strided.encode("one two three four five six seven", "alpha beta gamma delta", true))
                    .isInstanceOf(ReferenceException.class)
                    .hasMessageContaining("would panic");
            assertThatThrownBy(() -> strided.encodeBatch(List.of("one two three four five six seven"),
                    List.of("alpha beta gamma delta"), true))
                    .isInstanceOf(ReferenceException.class);
            // (1, 6) tokens: only the second is cut, to 4 > stride: Rust is fine.
            assertThat(strided.encodeBatch(List.of("a"), List.of("one two three four five six"), true).getFirst().overflowing())
                    .isNotEmpty();
            // A stride below every cut is fine, and overflowing encodings come back.
            RefEncoding ok = strided.encode("one two three four five six seven", true);
            assertThat(ok.overflowing()).isNotEmpty();
        }
    }

    @Test
    void decodeDropsUnknownIds() {
        assertThat(minilm().decode(new int[] {101, 99_999_999, 2088, -5, 102}, true)).isEqualTo("world");
    }

    @Test
    void batchEncodePadsToTheLongestOfTheBatch() {
        try (RustReference batchLongest = gpt4o().withSettings(null, Padding.batchLongest(199999, "<|endoftext|>"))) {
            List<RefEncoding> batch = batchLongest.encodeBatch(List.of("a", "b c d"), false);
            assertThat(batch).extracting(RefEncoding::length).containsExactly(3, 3);
            assertThat(batch.get(0).ids()).containsExactly(64, 199999, 199999);
            // No sequence ranges (no post-processor): padding is in sequence 0 and has a char span.
            assertThat(batch.get(0).sequenceIds()).containsExactly(0, 0, 0);
            assertThat(batch.get(0).charSpans()[2]).containsExactly(0, 0);
            // Alone, BatchLongest pads nothing.
            assertThat(batchLongest.encode("a", false).length()).isEqualTo(1);
        }
    }

    /** Why the harness does not use {@code HuggingFaceTokenizer}: it overrides the tokenizer.json. */
    @Test
    void djlHuggingFaceTokenizerOverridesTheJsonByDefault() throws Exception {
        String words = "word ".repeat(1000);
        // First through RustReference, whose initialization turns on DJL's offline mode: newInstance
        // would otherwise make its telemetry call.
        assertThat(gpt4o().encode(words, true).length()).isEqualTo(1001);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(Fixtures.tokenizerFile("gpt4o"))) {
            assertThat(hf.getTruncation()).isEqualTo("LONGEST_FIRST");
            assertThat(hf.encode(words).getIds()).hasSize(512);
        }
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(Fixtures.tokenizerFile("minilm"))) {
            // The JSON says Fixed(128); DJL switches to BatchLongest.
            assertThat(hf.getPadding()).isEqualTo("LONGEST");
            assertThat(hf.encode("Hello").getIds()).hasSize(3);
        }
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(Fixtures.tokenizerFile("minilm"))
                .optTruncation(false).optPadding(false).build()) {
            // Turning DJL's settings off drops the JSON's too.
            assertThat(hf.encode("Hello").getIds()).hasSize(3);
            // DJL's null char span for special tokens, as in the JNI layer.
            assertThat(hf.encode("Hello").getCharTokenSpans()[0]).isNull();
        }
    }

    @Test
    void jsonSettingsSplicesOnlyTheTopLevelFields() {
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"model\":{\"truncation\":\"inner\",\"padding\":[1,2]},\"padding\":\"x\"}";
        String out = JsonSettings.with(json, Truncation.of(5), null);
        assertThat(out).isEqualTo("{\"version\":\"1.0\",\"truncation\":{\"direction\":\"Right\",\"max_length\":5,"
                + "\"strategy\":\"LongestFirst\",\"stride\":0},\"model\":{\"truncation\":\"inner\",\"padding\":[1,2]},\"padding\":null}");
        assertThat(JsonSettings.replaceTopLevel("{\"model\":{}}", "padding", "null")).isEqualTo("{\"padding\":null,\"model\":{}}");
        assertThat(JsonSettings.replaceTopLevel("{}", "padding", "null")).isEqualTo("{\"padding\":null}");
        assertThat(JsonSettings.toJson(new Padding(16, Padding.Direction.LEFT, 8, 3, 1, "<\"pad\">")))
                .isEqualTo("{\"strategy\":{\"Fixed\":16},\"direction\":\"Left\",\"pad_to_multiple_of\":8,\"pad_id\":3,"
                        + "\"pad_type_id\":1,\"pad_token\":\"<\\\"pad\\\">\"}");
    }
}
