package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.processors.Encodings.Expected;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.ferrite.tokenizers.processors.Encodings.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Ported from {@code roberta_processing} in the Rust library's processors/roberta.rs, plus overflow and trimming cases. */
class RobertaProcessingTest {
    private final RobertaProcessing processor = new RobertaProcessing("</s>", 2, "<s>", 0, true, true);

    private static RawEncoding encoding() {
        return fromTokens(0, 12, "Hello", 0, 5, 14, "there", 6, 11);
    }

    private static RawEncoding pair() {
        return fromTokens(0, 15, "pair", 0, 4);
    }

    @Test
    void addedTokens() {
        assertThat(processor.addedTokens(false)).isEqualTo(2);
        assertThat(processor.addedTokens(true)).isEqualTo(4);
    }

    @Test
    void single() {
        RawEncoding out = processor.process(encoding(), null, true);
        assertThat(describe(out)).isEqualTo(new Expected(ints(0, 12, 14, 2), ints(0, 0, 0, 0),
                strs("<s>", "Hello", "there", "</s>"), none(4), offs(0, 0, 0, 5, 6, 11, 0, 0), ints(1, 0, 0, 1),
                ints(1, 1, 1, 1), List.of(), ranges(0, 1, 3)).describe());
    }

    @Test
    void pairWithSpecialTokens() {
        RawEncoding out = processor.process(encoding(), pair(), true);
        assertThat(describe(out)).isEqualTo(new Expected(ints(0, 12, 14, 2, 2, 15, 2), fill(7, 0),
                strs("<s>", "Hello", "there", "</s>", "</s>", "pair", "</s>"), none(7),
                offs(0, 0, 0, 5, 6, 11, 0, 0, 0, 0, 0, 4, 0, 0), ints(1, 0, 0, 1, 1, 0, 1), fill(7, 1), List.of(),
                ranges(0, 1, 3, 1, 5, 6)).describe());
        assertThat(out.sequenceIds()).containsExactly(-1, 0, 0, -1, -1, 1, -1);
    }

    @Test
    void pairWithoutSpecialTokensHasTypeIdsZero() {
        RawEncoding out = processor.process(encoding(), pair(), false);
        assertThat(describe(out)).isEqualTo(new Expected(ints(12, 14, 15), ints(0, 0, 0), strs("Hello", "there", "pair"),
                none(3), offs(0, 5, 6, 11, 0, 4), ints(0, 0, 0), ints(1, 1, 1), List.of(), ranges(0, 0, 2, 1, 2, 3)).describe());
    }

    @Test
    void trimsOffsetsBeforeAddingSpecialTokens() {
        RawEncoding a = fromTokens(0, 5, "ĠHello", 0, 6, 6, "Ġthere", 6, 12);
        RawEncoding out = processor.process(a, null, true);
        // "ĠHello" starts the text and add_prefix_space keeps its one space; "Ġthere" loses it.
        assertThat(out.starts()).containsExactly(0, 0, 7, 0);
        assertThat(out.ends()).containsExactly(0, 6, 12, 0);
        RawEncoding untrimmed = new RobertaProcessing("</s>", 2, "<s>", 0, false, true)
                .process(fromTokens(0, 5, "ĠHello", 0, 6, 6, "Ġthere", 6, 12), null, true);
        assertThat(untrimmed.starts()).containsExactly(0, 0, 6, 0);
    }

    @Test
    void overflowingPiecesGetTypeIdZeroOnlyWithSpecialTokens() {
        RawEncoding b = pair();
        b.setOverflowing(new ArrayList<>(List.of(fromTokens(1, 16, "more", 5, 9))));
        RawEncoding with = processor.process(encoding(), b, true);
        assertThat(with.overflowing()).hasSize(1);
        assertThat(with.overflowing().get(0).ids()).containsExactly(0, 12, 14, 2, 2, 16, 2);
        assertThat(with.overflowing().get(0).typeIds()).containsOnly(0);

        RawEncoding b2 = pair();
        b2.setOverflowing(new ArrayList<>(List.of(fromTokens(1, 16, "more", 5, 9))));
        RawEncoding without = processor.process(encoding(), b2, false);
        // Rust sets the type ids of the encodings, not of their overflowing pieces.
        assertThat(without.overflowing().get(0).typeIds()).containsExactly(0, 0, 1);
    }
}
