package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ferrite.tokenizers.models.ReferenceModels.compare;
import static dev.ferrite.tokenizers.models.ReferenceModels.corpusWords;
import static dev.ferrite.tokenizers.models.ReferenceModels.fixtures;
import static dev.ferrite.tokenizers.models.ReferenceModels.modelJsonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** WordPiece against the Rust library with the real vocabularies of two BERT models. */
class WordPieceReferenceTest {
    /** Roughly what BERT's pre-tokenizer leaves: runs of letters/digits/marks, or single other chars. */
    private static final Pattern PIECES = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+|[^\\p{L}\\p{N}\\p{M}]");

    @TempDir
    Path temp;

    @Test
    void minilmVocabularyOnCorpusWords() {
        check("minilm");
    }

    @Test
    void bgeSmallZhVocabularyOnCorpusWords() {
        check("bge-small-zh");
    }

    @Test
    void customPrefixAndLimitAndMissingUnk() {
        // An empty continuing prefix, a small character limit, and an unk token the vocabulary lacks
        // (Rust then fails only on words that need it).
        String json = """
                {"type": "WordPiece", "unk_token": "<missing>", "continuing_subword_prefix": "",
                 "max_input_chars_per_word": 6, "vocab": {"a": 0, "b": 1, "ab": 2, "abc": 3, "c": 4, "😀": 5, "é": 6, "e": 7, "ée": 8, "": 9}}
                """;
        List<String> words = List.of("a", "ab", "abc", "abcabc", "abcabca", "cab", "😀😀😀😀😀😀", "😀😀😀😀😀😀😀", "ée😀", "x", "ax", "", "ééééé", "éééééé", "ééééééé");
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            int refused = compare(ReferenceModels.ferrite(json), rust, words);
            assertThat(refused).as("words Rust refused for want of the unk token").isPositive();
        }
    }

    @Test
    void tokenWrittenTwiceSharedAndSparseIds() {
        // A hand-edited vocabulary: "a" written twice (the last id counts), two tokens sharing an
        // id, ids far apart.
        String json = """
                {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                 "max_input_chars_per_word": 100, "vocab": {"[UNK]": 100, "a": 0, "##b": 1, "a": 5, "ab": 1, "##c": 2000000, "c": 7}}
                """;
        List<String> words = List.of("a", "ab", "abc", "ac", "cab", "cc", "x", "abb", "");
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            assertThat(compare(ReferenceModels.ferrite(json), rust, words)).isZero();
        }
    }

    private void check(String name) {
        String json = modelJsonOf(fixtures().resolve("tokenizers/" + name + "/tokenizer.json"));
        Model model = ReferenceModels.ferrite(json);
        assertThat(model).isInstanceOf(WordPiece.class);
        List<String> words = corpusWords();
        Set<String> inputs = new LinkedHashSet<>(words);
        inputs.addAll(ReferenceModels.lower(words));
        for (String w : words) {
            var m = PIECES.matcher(w.toLowerCase(Locale.ROOT));
            while (m.find()) inputs.add(m.group());
        }
        // Around max_input_chars_per_word (100), counted in scalar values, not UTF-16 units.
        inputs.add("a".repeat(100));
        inputs.add("a".repeat(101));
        for (String emoji : List.of("😀", "👍")) { // bge-small-zh has 👍 and ##👍
            inputs.add(emoji.repeat(60));
            inputs.add(emoji.repeat(100));
            inputs.add(emoji.repeat(101));
            inputs.add("the" + emoji.repeat(97));
            inputs.add("the" + emoji.repeat(98));
        }
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            compare(model, rust, new ArrayList<>(inputs));
        }
    }
}
