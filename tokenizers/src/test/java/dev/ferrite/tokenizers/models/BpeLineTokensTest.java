package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Bpe#tokenize(char[], int, WordTokens)}, the entry of the SentencePiece path (whole lines as
 * one word), against the Rust library: cut words, long words without a cut (one piece, merged into
 * arrays and cached), ignore_merges lines that are tokens of their own, each once merged and once
 * from the cache; and a hand-built model whose merges join across a "▁", where that cut must not
 * be taken.
 */
class BpeLineTokensTest {
    /** Characters of long words without a cut: known ones, byte-fallback ones, a surrogate pair. */
    private static final String[] LETTERS = {"a", "b", "c", "x", "y", "z", "野", "é", "😀", "\u0378"};

    /** Tokens of {@code word} through the char path, as token objects for the comparison. */
    private static List<Token> lineTokens(Bpe bpe, String word) {
        WordTokens out = new WordTokens(4); // small, so that it grows
        char[] chars = java.util.Arrays.copyOf(word.toCharArray(), word.length() + 3); // units past the end are not the word's
        chars[word.length()] = '\u2581';
        bpe.tokenize(chars, word.length(), out);
        return out.toTokens(bpe);
    }

    private static void check(String json, List<String> words) {
        Bpe bpe = BpeFixtures.ferrite(json, "variant");
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(w -> lineTokens(bpe, w), rust, words, true);
            BpeFixtures.compare(w -> lineTokens(bpe, w), rust, words, true);
        }
    }

    private static List<String> words() {
        List<String> out = new ArrayList<>(BpeCutEdgeCasesTest.inputs().subList(0, 5_000));
        SplittableRandom r = new SplittableRandom(5);
        // Long words without a cut: no "▁", or only at the start.
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder(i % 2 == 0 ? "\u2581" : "");
            int n = 16 + r.nextInt(60);
            for (int k = 0; k < n; k++) b.append(LETTERS[r.nextInt(LETTERS.length)]);
            out.add(b.toString());
        }
        out.add("\u2581".repeat(16));
        out.add("\u2581".repeat(16) + "x");
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "gemma3"})
    void linesTokenizeAsRust(String fixture) {
        check(BpeFixtures.modelOnly(fixture, Map.of()), words());
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "gemma3"})
    void linesWithIgnoreMergesTokenizeAsRust(String fixture) {
        check(BpeFixtures.modelOnly(fixture, BpeOptionsDifferentialTest.options("ignore_merges", true)), words());
    }

    /**
     * "a▁" is a token, so a word is never cut before a "▁" that follows "a" (it may merge across),
     * while it is cut before a "▁" after "b"; a line of both tokenizes as the Rust library does.
     */
    @Test
    void mergesAcrossTheCutKeepTheWordWhole() {
        String json = """
                {"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null,
                 "post_processor": null, "decoder": null,
                 "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                   "end_of_word_suffix": null, "fuse_unk": true, "byte_fallback": false, "ignore_merges": false,
                   "vocab": {"<unk>": 0, "a": 1, "b": 2, "\u2581": 3, "a\u2581": 4, "a\u2581b": 5, "\u2581b": 6, "\u2581a": 7, "bb": 8},
                   "merges": [["a", "\u2581"], ["a\u2581", "b"], ["\u2581", "b"], ["\u2581", "a"], ["b", "b"]]}}
                """;
        Bpe bpe = BpeFixtures.ferrite(json, "hand-built");
        BpeCuts cuts = bpe.cuts();
        assertThat(cuts).isNotNull();
        int space = cuts.kind('\u2581');
        assertThat(cuts.cuts(space, 'a')).as("cut before ▁ after a").isFalse();
        assertThat(cuts.cuts(space, 'b')).as("cut before ▁ after b").isTrue();
        List<String> words = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 16 + r.nextInt(40);
            for (int k = 0; k < n; k++) b.append("ab\u2581x".charAt(r.nextInt(4)));
            words.add(b.toString());
        }
        words.add("a\u2581ba\u2581ba\u2581ba\u2581ba\u2581b");
        check(json, words);
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            // The merged token "a▁b" spans the place a cut would have been.
            assertThat(lineTokens(bpe, "a\u2581ba\u2581ba\u2581ba\u2581ba\u2581b").get(0).value()).isEqualTo("a\u2581b");
            assertThat(rust.encode("a\u2581ba\u2581ba\u2581ba\u2581ba\u2581b", false, false).getTokens()[0]).isEqualTo("a\u2581b");
        }
    }
}
