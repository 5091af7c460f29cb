package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VocabWordsTest {
    private static int id(VocabWords words, String s) {
        char[] buffer = ("<<" + s + ">>").toCharArray();
        return words.id(buffer, 2, s.length(), s.hashCode());
    }

    @Test
    void everyTokenIsFoundWithItsIdAndNothingElseIs() {
        Map<String, Integer> vocab = new HashMap<>();
        for (int i = 0; i < 20_000; i++) vocab.put("w" + Integer.toString(i, 7), 3 * i + 1);
        vocab.put("", 5);
        vocab.put("😀", 7);
        vocab.put("\uD83D", 8);
        VocabWords words = new VocabWords(vocab);
        for (var e : vocab.entrySet()) assertThat(id(words, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        for (int i = 0; i < 20_000; i++) {
            String token = "w" + Integer.toString(i, 7);
            // Prefixes, extensions and other words of the same length are not tokens.
            assertThat(id(words, token + "x")).isEqualTo(-1);
            assertThat(id(words, "x" + token)).isEqualTo(-1);
            assertThat(id(words, token.substring(0, token.length() - 1) + "9")).isEqualTo(-1);
        }
        assertThat(id(words, "w")).isEqualTo(-1);
        assertThat(id(words, "\uDE00")).isEqualTo(-1);
    }

    @Test
    void wordsSharingAHashAreToldApart() {
        // "Aa" and "BB" have the same String.hashCode, as do "AaAa", "AaBB", "BBAa" and "BBBB".
        VocabWords words = new VocabWords(Map.of("Aa", 1, "AaBB", 2, "BBBB", 3));
        assertThat(id(words, "Aa")).isEqualTo(1);
        assertThat(id(words, "BB")).isEqualTo(-1);
        assertThat(id(words, "AaBB")).isEqualTo(2);
        assertThat(id(words, "BBBB")).isEqualTo(3);
        assertThat(id(words, "AaAa")).isEqualTo(-1);
        assertThat(id(words, "BBAa")).isEqualTo(-1);
    }

    @Test
    void anEmptyVocabularyHasNoWord() {
        VocabWords words = new VocabWords(Map.of());
        assertThat(id(words, "")).isEqualTo(-1);
        assertThat(id(words, "a")).isEqualTo(-1);
    }
}
