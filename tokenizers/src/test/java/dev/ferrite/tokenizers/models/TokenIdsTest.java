package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIdsTest {

    /** The table of {@code vocab}'s entries, put one by one as the model's vocabulary pass does. */
    private static TokenIds table(Map<String, Integer> vocab) {
        TokenIds ids = new TokenIds(vocab.size());
        vocab.forEach(ids::put);
        return ids;
    }

    @Test
    void findsTokensAndConcatenationsWithoutMakingThem() {
        Map<String, Integer> vocab = new HashMap<>();
        String[] tokens = {"a", "b", "ab", "▁", "▁a", "##b", "a##b", "😀", "a😀", "", "abc"};
        for (int i = 0; i < tokens.length; i++) vocab.put(tokens[i], i);
        for (int i = 0; i < 500; i++) vocab.put("t" + i, 100 + i);  // collisions and probe runs
        TokenIds ids = table(vocab);
        vocab.forEach((token, id) -> assertThat(ids.id(token, 0, token.length())).as(token).isEqualTo(id));
        assertThat(ids.id("x", 0, 1)).isEqualTo(-1);
        assertThat(ids.id("a", 0, 1, "b", 0, 1)).isEqualTo(2);
        assertThat(ids.id("▁", 0, 1, "a", 0, 1)).isEqualTo(4);
        assertThat(ids.id("a", 0, 1, "##b", 2, 3)).isEqualTo(2);   // the prefix cut off
        assertThat(ids.id("a", 0, 1, "##b", 0, 3)).isEqualTo(6);
        assertThat(ids.id("a", 0, 1, "😀", 0, 2)).isEqualTo(8);
        assertThat(ids.id("", 0, 0, "", 0, 0)).isEqualTo(9);
        assertThat(ids.id("ab", 0, 2, "c", 0, 1)).isEqualTo(10);
        assertThat(ids.id("a", 0, 1, "bc", 0, 2)).isEqualTo(10);
        assertThat(ids.id("b", 0, 1, "a", 0, 1)).isEqualTo(-1);
        assertThat(ids.id("t1", 0, 2, "0", 0, 1)).isEqualTo(110);
        assertThat(ids.id("t1", 0, 2, "00", 0, 2)).isEqualTo(200);
        assertThat(ids.id("t4", 0, 2, "99", 0, 2)).isEqualTo(599);
        assertThat(ids.id("t4", 0, 2, "999", 0, 3)).isEqualTo(-1);
    }

    @Test
    void findsTheTokensOfAMergeLineByRegion() {
        Map<String, Integer> vocab = new HashMap<>();
        String[] tokens = {"▁t", "he", "▁the", "a", "😀", "a😀"};
        for (int i = 0; i < tokens.length; i++) vocab.put(tokens[i], i);
        TokenIds ids = table(vocab);
        String line = "▁t he";
        assertThat(ids.id(line, 0, 2)).isEqualTo(0);
        assertThat(ids.id(line, 3, 5)).isEqualTo(1);
        assertThat(ids.id(line, 0, 2, line, 3, 5)).isEqualTo(2);
        assertThat(ids.id(line, 0, 1)).isEqualTo(-1);
        assertThat(ids.id(line, 0, 3)).isEqualTo(-1);
        String emoji = "a 😀";
        assertThat(ids.id(emoji, 2, 4)).isEqualTo(4);
        assertThat(ids.id(emoji, 0, 1, emoji, 2, 4)).isEqualTo(5);
        assertThat(ids.id(emoji, 0, 1, emoji, 3, 4)).isEqualTo(-1);
    }

    @Test
    void joinsTheHashCodesOfTheParts() {
        String[] parts = {"", "a", "▁the", "😀", "x".repeat(31), "y".repeat(32), "z".repeat(70)};
        for (String a : parts) {
            for (String b : parts) {
                assertThat(TokenIds.joinedHash(a.hashCode(), b.hashCode(), b.length())).as(a + "|" + b).isEqualTo((a + b).hashCode());
            }
        }
        String line = "▁t he";
        assertThat(TokenIds.hash(line, 3, 5)).isEqualTo("he".hashCode());
        assertThat(TokenIds.hash(line, 0, line.length())).isEqualTo(line.hashCode());
    }

    @Test
    void findsConcatenationsOfLongTokens() {
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        TokenIds ids = table(Map.of(a, 0, b, 1, a + b, 2));
        assertThat(ids.id(a, 0, 40, b, 0, 40)).isEqualTo(2);
        assertThat(ids.id(a + " " + b, 0, 40, a + " " + b, 41, 81)).isEqualTo(2);
    }

    @Test
    void anEmptyVocabularyHasNothing() {
        TokenIds ids = table(Map.of());
        assertThat(ids.id("a", 0, 1)).isEqualTo(-1);
        assertThat(ids.id("a", 0, 1, "b", 0, 1)).isEqualTo(-1);
    }
}
