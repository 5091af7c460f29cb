package dev.ferrite.tokenizers.pretokenizers;

import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/whitespace.rs, sequence.rs and delimiter.rs. */
class WhitespaceTest {
    @Test
    void whitespace() {
        Whitespace w = new Whitespace();
        assertThat(Splits.original(w, "Hey man!")).containsExactly(s("Hey", 0, 3), s("man", 4, 7), s("!", 7, 8));
        assertThat(Splits.original(w, "How are you doing?")).containsExactly(s("How", 0, 3), s("are", 4, 7), s("you", 8, 11),
                s("doing", 12, 17), s("?", 17, 18));
        assertThat(Splits.original(w, "\n")).isEmpty();
    }

    @Test
    void whitespaceWordCharactersFollowTheRegexCrate() {
        // \w includes Join_Control (ZWJ, ZWNJ) and marks; punctuation runs stay together.
        assertThat(Splits.original(new Whitespace(), "a\u200Db c\u0301!?_x")).containsExactly(s("a\u200Db", 0, 3),
                s("c\u0301", 4, 6), s("!?", 6, 8), s("_x", 8, 10));
    }

    @Test
    void whitespaceSplit() {
        WhitespaceSplit w = new WhitespaceSplit();
        assertThat(Splits.original(w, "Hey man!")).containsExactly(s("Hey", 0, 3), s("man!", 4, 8));
        assertThat(Splits.original(w, "Hey, man, Good?")).containsExactly(s("Hey,", 0, 4), s("man,", 5, 9), s("Good?", 10, 15));
    }

    @Test
    void sequenceOfWhitespaceSplitAndPunctuation() {
        PreTokenizer p = Splits.parse("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},{\"type\":\"Punctuation\"}]}");
        assertThat(Splits.original(p, "Hey friend!     How are you?!?")).containsExactly(
                s("Hey", 0, 3), s("friend", 4, 10), s("!", 10, 11), s("How", 16, 19), s("are", 20, 23),
                s("you", 24, 27), s("?", 27, 28), s("!", 28, 29), s("?", 29, 30));
    }

    @Test
    void charDelimiterSplitRemovesTheDelimiter() {
        PreTokenizer p = Splits.parse("{\"type\":\"CharDelimiterSplit\",\"delimiter\":\"x\"}");
        assertThat(Splits.original(p, "axbxxc")).containsExactly(s("a", 0, 1), s("b", 2, 3), s("c", 5, 6));
    }
}
