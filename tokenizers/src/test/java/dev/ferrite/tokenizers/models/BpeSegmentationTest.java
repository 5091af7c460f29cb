package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long words cut at {@code '▁'} ({@link WordSegmenter}) give the whole word's tokens: whole corpus
 * lines as SentencePiece models see them ({@code '▁'} for every space and in front), and random
 * words made to hit the edges (runs of {@code '▁'}, characters glued to a following {@code '▁'} by
 * some token such as Gemma's {@code ">▁</"}, unknown characters that fall back to bytes or fuse
 * into one unk token), against the same model without segmentation (no cache, so the plain merge
 * of the whole word) and against the Rust library.
 */
class BpeSegmentationTest {
    private static final String[] PIECES = {"▁", "▁▁", "▁▁▁", "a", "the", "▁the", ">", "</", "<", "x", "é", "野", "😀",
        "\u0378", "\uE000", "\u0378\u0379", " ", "\t", "\n", "12", "'", "..."};

    static List<String> inputs() {
        List<String> out = new ArrayList<>();
        for (String corpus : List.of("english.txt", "code.txt", "multilingual.txt", "naughty.txt")) {
            for (String line : BpeFixtures.lines(corpus)) out.add("▁" + line.replace(' ', '▁'));
        }
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 4 + r.nextInt(30);
            for (int k = 0; k < n; k++) b.append(PIECES[r.nextInt(PIECES.length)]);
            out.add(b.toString());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "gemma3"})
    void segmentedLongWordsTokenizeAsWholeOnes(String fixture) {
        String json = BpeFixtures.modelOnly(fixture, Map.of());
        Bpe segmented = BpeFixtures.ferrite(json, fixture);
        Bpe plain = BpeReader.read(JsonReader.parse(json, fixture).asObject().get("model").asObject(), 0);
        List<String> inputs = inputs();
        for (String word : inputs) {
            List<Token> expected = plain.tokenize(word);
            assertThat(segmented.tokenize(word)).as(fixture + " " + BpeFixtures.escape(word)).isEqualTo(expected);
            // And once more, the segments now coming from the cache.
            assertThat(segmented.tokenize(word)).as(fixture + " " + BpeFixtures.escape(word)).isEqualTo(expected);
        }
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(segmented, rust, inputs, true);
        }
    }
}
