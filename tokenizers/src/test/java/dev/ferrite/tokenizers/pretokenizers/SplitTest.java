package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.CONTIGUOUS;
import static dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.ISOLATED;
import static dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.MERGED_WITH_NEXT;
import static dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.MERGED_WITH_PREVIOUS;
import static dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.REMOVED;
import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/split.rs. */
class SplitTest {
    private static final String TEXT = "How are you doing?";

    private static List<Splits.S> run(SplitDelimiterBehavior b) {
        return Splits.original(Split.onRegex("\\w+|[^\\w\\s]+", b, true), TEXT);
    }

    @Test
    void everyBehaviorWithAnInvertedWordRegex() {
        assertThat(run(REMOVED)).containsExactly(s("How", 0, 3), s("are", 4, 7), s("you", 8, 11), s("doing", 12, 17), s("?", 17, 18));
        assertThat(run(ISOLATED)).containsExactly(s("How", 0, 3), s(" ", 3, 4), s("are", 4, 7), s(" ", 7, 8), s("you", 8, 11),
                s(" ", 11, 12), s("doing", 12, 17), s("?", 17, 18));
        assertThat(run(MERGED_WITH_PREVIOUS)).containsExactly(s("How ", 0, 4), s("are ", 4, 8), s("you ", 8, 12), s("doing", 12, 17),
                s("?", 17, 18));
        assertThat(run(MERGED_WITH_NEXT)).containsExactly(s("How", 0, 3), s(" are", 3, 7), s(" you", 7, 11), s(" doing", 11, 17),
                s("?", 17, 18));
        assertThat(run(CONTIGUOUS)).containsExactly(s("How", 0, 3), s(" ", 3, 4), s("are", 4, 7), s(" ", 7, 8), s("you", 8, 11),
                s(" ", 11, 12), s("doing?", 12, 18));
    }

    @Test
    void regexAndStringAgree() {
        assertThat(Splits.original(Split.onRegex("\\s+", REMOVED, false), "Hey, man!"))
                .isEqualTo(Splits.original(Split.onString(" ", REMOVED, false), "Hey, man!"))
                .containsExactly(s("Hey,", 0, 4), s("man!", 5, 9));
    }

    @Test
    void invertedStringKeepsTheMatches() {
        assertThat(Splits.original(Split.onString("Hello", REMOVED, true), "Hello Hello Hello"))
                .isEqualTo(Splits.original(Split.onString(" ", REMOVED, false), "Hello Hello Hello"));
    }

    @Test
    void gemmaStyleSplitOnSpaceMergedWithPrevious() {
        PreTokenizer p = Splits.parse("{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"MergedWithPrevious\",\"invert\":false}");
        assertThat(Splits.original(p, "a  b c ")).containsExactly(s("a ", 0, 2), s(" ", 2, 3), s("b ", 3, 5), s("c ", 5, 7));
    }

    @Test
    void stringPatternsAreLiteral() {
        assertThat(Splits.original(Split.onString(".*", ISOLATED, false), "a.*b")).containsExactly(s("a", 0, 1), s(".*", 1, 3), s("b", 3, 4));
    }
}
