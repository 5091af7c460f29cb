package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.processors.Encodings.Expected;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ferrite.tokenizers.processors.Encodings.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Ported from {@code bert_processing} in the Rust library's processors/bert.rs. */
class BertProcessingTest {
    private final BertProcessing processor = new BertProcessing("[SEP]", 102, "[CLS]", 101);

    private static RawEncoding encoding() {
        return fromTokens(0, 12, "Hello", 0, 5, 14, "there", 6, 11);
    }

    private static RawEncoding pair() {
        return fromTokens(0, 15, "pair", 0, 4);
    }

    @Test
    void addedTokens() {
        assertThat(processor.addedTokens(false)).isEqualTo(2);
        assertThat(processor.addedTokens(true)).isEqualTo(3);
    }

    @Test
    void single() {
        RawEncoding out = processor.process(encoding(), null, true);
        assertThat(describe(out)).isEqualTo(new Expected(ints(101, 12, 14, 102), ints(0, 0, 0, 0),
                strs("[CLS]", "Hello", "there", "[SEP]"), none(4), offs(0, 0, 0, 5, 6, 11, 0, 0), ints(1, 0, 0, 1),
                ints(1, 1, 1, 1), List.of(), ranges(0, 1, 3)).describe());
        assertThat(out.sequenceIds()).containsExactly(-1, 0, 0, -1);
    }

    @Test
    void pairWithSpecialTokens() {
        RawEncoding out = processor.process(encoding(), pair(), true);
        assertThat(describe(out)).isEqualTo(new Expected(ints(101, 12, 14, 102, 15, 102), ints(0, 0, 0, 0, 1, 1),
                strs("[CLS]", "Hello", "there", "[SEP]", "pair", "[SEP]"), none(6),
                offs(0, 0, 0, 5, 6, 11, 0, 0, 0, 4, 0, 0), ints(1, 0, 0, 1, 0, 1), fill(6, 1), List.of(),
                ranges(0, 1, 3, 1, 4, 5)).describe());
        assertThat(out.sequenceIds()).containsExactly(-1, 0, 0, -1, 1, -1);
    }

    @Test
    void pairWithoutSpecialTokensIsOnlyJoined() {
        RawEncoding out = processor.process(encoding(), pair(), false);
        assertThat(describe(out)).isEqualTo(new Expected(ints(12, 14, 15), ints(0, 0, 1), strs("Hello", "there", "pair"),
                none(3), offs(0, 5, 6, 11, 0, 4), ints(0, 0, 0), ints(1, 1, 1), List.of(), ranges(0, 0, 2, 1, 2, 3)).describe());
        assertThat(out.sequenceIds()).containsExactly(0, 0, 1);
    }

    @Test
    void overflowingPiecesAreWrappedToo() {
        RawEncoding a = encoding();
        a.setOverflowing(new java.util.ArrayList<>(List.of(fromTokens(0, 13, "you", 12, 15))));
        RawEncoding out = processor.process(a, null, true);
        assertThat(out.overflowing()).hasSize(1);
        assertThat(describe(out.overflowing().get(0))).isEqualTo(new Expected(ints(101, 13, 102), ints(0, 0, 0),
                strs("[CLS]", "you", "[SEP]"), none(3), offs(0, 0, 12, 15, 0, 0), ints(1, 0, 1), ints(1, 1, 1), List.of(),
                ranges(0, 1, 2)).describe());
    }
}
