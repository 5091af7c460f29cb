package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.ferrite.tokenizers.models.ReferenceModels.compare;
import static dev.ferrite.tokenizers.models.ReferenceModels.fixtures;
import static dev.ferrite.tokenizers.models.ReferenceModels.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** WordLevel against the Rust library, with the most frequent words of english.txt as vocabulary. */
class WordLevelReferenceTest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @TempDir
    Path temp;

    /** The 500 most frequent words, ids in frequency order from {@code firstId}, plus {@code extra} entries. */
    private static String model(String unkToken, int firstId, String extra) {
        Map<String, Integer> counts = new HashMap<>();
        for (String w : WHITESPACE.split(ReferenceModels.read(fixtures().resolve("corpus/english.txt")))) {
            if (!w.isEmpty()) counts.merge(w, 1, Integer::sum);
        }
        List<String> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(500).map(Map.Entry::getKey).toList();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) entries.add(quote(top.get(i)) + ": " + (firstId + i));
        if (!extra.isEmpty()) entries.add(extra);
        return "{\"type\": \"WordLevel\", \"unk_token\": " + quote(unkToken) + ", \"vocab\": {" + String.join(", ", entries) + "}}";
    }

    private int check(String json) {
        Model model = ReferenceModels.ferrite(json);
        assertThat(model).isInstanceOf(WordLevel.class);
        List<String> words = ReferenceModels.corpusWords();
        words.addAll(ReferenceModels.lower(words));
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            return compare(model, rust, words);
        }
    }

    @Test
    void frequentWordsWithUnk() {
        assertThat(check(model("<unk>", 1, "\"<unk>\": 0"))).isZero();
    }

    @Test
    void sparseIdsAndSharedIds() {
        // Ids with holes, and two tokens sharing one id, as a hand-edited vocabulary may have.
        assertThat(check(model("[UNK]", 1000, "\"[UNK]\": 7, \"The\": 7"))).isZero();
    }

    @Test
    void unkTokenMissingFromTheVocabulary() {
        int refused = check(model("<unk>", 0, ""));
        assertThat(refused).as("words Rust refused for want of the unk token").isPositive();
    }
}
