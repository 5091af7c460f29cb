package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIdsTest {

    @Test
    void findsTokensAndConcatenationsWithoutMakingThem() {
        Map<String, Integer> vocab = new HashMap<>();
        String[] tokens = {"a", "b", "ab", "▁", "▁a", "##b", "a##b", "😀", "a😀", "", "abc"};
        for (int i = 0; i < tokens.length; i++) vocab.put(tokens[i], i);
        for (int i = 0; i < 500; i++) vocab.put("t" + i, 100 + i);  // collisions and probe runs
        TokenIds ids = new TokenIds(vocab);
        vocab.forEach((token, id) -> assertThat(ids.id(token)).as(token).isEqualTo(id));
        assertThat(ids.id("x")).isEqualTo(-1);
        assertThat(ids.id("a", "b", 0)).isEqualTo(2);
        assertThat(ids.id("▁", "a", 0)).isEqualTo(4);
        assertThat(ids.id("a", "##b", 2)).isEqualTo(2);   // the prefix cut off
        assertThat(ids.id("a", "##b", 0)).isEqualTo(6);
        assertThat(ids.id("a", "😀", 0)).isEqualTo(8);
        assertThat(ids.id("", "", 0)).isEqualTo(9);
        assertThat(ids.id("ab", "c", 0)).isEqualTo(10);
        assertThat(ids.id("a", "bc", 0)).isEqualTo(10);
        assertThat(ids.id("b", "a", 0)).isEqualTo(-1);
        assertThat(ids.id("t1", "0", 0)).isEqualTo(110);
        assertThat(ids.id("t1", "00", 0)).isEqualTo(200);
        assertThat(ids.id("t4", "99", 0)).isEqualTo(599);
        assertThat(ids.id("t4", "999", 0)).isEqualTo(-1);
    }

    @Test
    void anEmptyVocabularyHasNothing() {
        TokenIds ids = new TokenIds(Map.of());
        assertThat(ids.id("a")).isEqualTo(-1);
        assertThat(ids.id("a", "b", 0)).isEqualTo(-1);
    }
}
