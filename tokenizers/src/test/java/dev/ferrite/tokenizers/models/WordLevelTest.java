package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ported from the tests of Rust {@code models/wordlevel/mod.rs}, plus offsets and lookups. */
class WordLevelTest {
    @Test
    void tokenizeUnk() {
        WordLevel wl = new WordLevel(Map.of("<unk>", 0, "a", 1, "b", 2), "<unk>");
        assertThat(wl.tokenize("c")).containsExactly(new Token(0, "<unk>", 0, 1));
        assertThat(wl.tokenize("a")).containsExactly(new Token(1, "a", 0, 1));
        assertThat(wl.tokenize("😀x")).containsExactly(new Token(0, "<unk>", 0, 3));
        // Rust looks the empty string up like any other: unknown, with empty offsets.
        assertThat(wl.tokenize("")).containsExactly(new Token(0, "<unk>", 0, 0));
    }

    @Test
    void tokenizeMissingUnkToken() {
        WordLevel wl = new WordLevel(Map.of("a", 0, "b", 1), "<unk>");
        assertThat(wl.tokenize("a")).containsExactly(new Token(0, "a", 0, 1));
        assertThatThrownBy(() -> wl.tokenize("c")).isInstanceOf(TokenizerException.class).hasMessageContaining("<unk>");
    }

    @Test
    void vocabularyLookups() {
        WordLevel wl = new WordLevel(Map.of("<unk>", 0, "b", 2, "c", 2), "<unk>");
        assertThat(wl.tokenToId("b")).isEqualTo(2);
        assertThat(wl.tokenToId("a")).isEqualTo(-1);
        assertThat(wl.idToToken(1)).isNull();
        assertThat(wl.idToToken(2)).isEqualTo("b"); // shared id: the smallest token
        assertThat(wl.vocabSize()).isEqualTo(3);
    }
}
