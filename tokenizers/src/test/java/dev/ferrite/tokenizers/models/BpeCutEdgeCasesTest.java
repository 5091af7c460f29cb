package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long words cut before merging ({@link BpeCuts}) give the whole word's tokens: random words made to
 * hit the edges of the cuts (runs of {@code '▁'}, characters glued to a following {@code '▁'} by some
 * token such as Gemma's {@code ">▁</"}, unknown characters that fall back to bytes or fuse into one
 * unk token, surrogate pairs), against the Rust library, once merged and once from the piece cache.
 * Whole corpus lines are {@link BpeWholeLineDifferentialTest}'s.
 */
class BpeCutEdgeCasesTest {
    private static final String[] PIECES = {"▁", "▁▁", "▁▁▁", "a", "the", "▁the", ">", "</", "<", "x", "é", "野", "😀",
        "\u0378", "\uE000", "\u0378\u0379", " ", "\t", "\n", "12", "'", "..."};

    static List<String> inputs() {
        List<String> out = new ArrayList<>();
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
    void cutLongWordsTokenizeAsRust(String fixture) {
        String json = BpeFixtures.modelOnly(fixture, Map.of());
        Bpe segmented = BpeFixtures.ferrite(json, fixture);
        assertThat(segmented.cuts()).as("cuts of " + fixture).isNotNull();
        List<String> inputs = inputs();
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(segmented, rust, inputs, true);
            BpeFixtures.compare(segmented, rust, inputs, true);
        }
    }

    /**
     * A word is read by code point (a lone surrogate as U+FFFD), so a token of one surrogate unit
     * is never a symbol of it and must not change where it is cut (BpeCuts gives such units no kind).
     */
    @Test
    void aTokenOfOneSurrogateUnitChangesNoCut() {
        Map<String, Integer> vocab = new HashMap<>(Map.of("▁", 0, "a", 1, "b", 2, "▁a", 3, "\uFFFD", 4, "😀", 5, "b▁", 6));
        List<Bpe.Merge> merges = List.of(new Bpe.Merge("▁", "a"), new Bpe.Merge("b", "▁"));
        Bpe without = Bpe.builder(vocab, merges).build();
        vocab.put("\uD800", 7);
        vocab.put("\uDC00", 8);
        Bpe with = Bpe.builder(vocab, merges).build();
        assertThat(with.cuts()).isNotNull();
        String word = "▁a\uD800▁a▁b\uDC00▁a😀▁ab▁a\uD800b▁a\uDC00";
        assertThat(word.length()).isGreaterThanOrEqualTo(16); // long enough to be cut
        List<Token> expected = without.tokenize(word);
        assertThat(with.tokenize(word)).isEqualTo(expected);
        assertThat(with.tokenize(word)).as("from the piece cache").isEqualTo(expected);
        assertThat(expected).extracting(Token::id).contains(4, 5);
    }
}
