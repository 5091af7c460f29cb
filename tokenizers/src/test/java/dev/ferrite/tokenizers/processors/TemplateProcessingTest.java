package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.processors.Encodings.Expected;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SequencePiece;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SpecialToken;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SpecialTokenPiece;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ferrite.tokenizers.processors.Encodings.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ported from {@code template_processing} and {@code template_processing_overflowing} in processors/template.rs. */
class TemplateProcessingTest {
    /** The Rust tests' BERT template, with [CLS] = 1 and [SEP] = 0. */
    static TemplateProcessing bert() {
        return new TemplateProcessing(
                List.of(new SpecialTokenPiece("[CLS]", 0), new SequencePiece(false, 0), new SpecialTokenPiece("[SEP]", 0)),
                List.of(new SpecialTokenPiece("[CLS]", 0), new SequencePiece(false, 0), new SpecialTokenPiece("[SEP]", 0),
                        new SequencePiece(true, 1), new SpecialTokenPiece("[SEP]", 1)),
                Map.of("[CLS]", new SpecialToken("[CLS]", List.of(1), List.of("[CLS]")),
                        "[SEP]", new SpecialToken("[SEP]", List.of(0), List.of("[SEP]"))));
    }

    private static RawEncoding encoding() {
        return fromTokens(0, 12, "Hello", 0, 5, 14, "there", 6, 11);
    }

    @Test
    void equalTemplatesAreEqualProcessors() {
        assertThat(bert()).isEqualTo(bert()).hasSameHashCodeAs(bert());
        assertThat(bert().toString()).startsWith("TemplateProcessing[single=[").contains("specialTokens={");
        TemplateProcessing other = new TemplateProcessing(List.of(new SequencePiece(false, 0)), bert().pair(), bert().specialTokens());
        assertThat(other).isNotEqualTo(bert());
    }

    @Test
    void addedTokens() {
        assertThat(bert().addedTokens(false)).isEqualTo(2);
        assertThat(bert().addedTokens(true)).isEqualTo(3);
    }

    @Test
    void singleAndPair() {
        RawEncoding single = bert().process(encoding(), null, true);
        assertThat(describe(single)).isEqualTo(new Expected(ints(1, 12, 14, 0), ints(0, 0, 0, 0),
                strs("[CLS]", "Hello", "there", "[SEP]"), none(4), offs(0, 0, 0, 5, 6, 11, 0, 0), ints(1, 0, 0, 1),
                ints(1, 1, 1, 1), List.of(), ranges(0, 1, 3)).describe());

        RawEncoding pair = bert().process(encoding(), fromTokens(0, 15, "pair", 0, 4), true);
        assertThat(describe(pair)).isEqualTo(new Expected(ints(1, 12, 14, 0, 15, 0), ints(0, 0, 0, 0, 1, 1),
                strs("[CLS]", "Hello", "there", "[SEP]", "pair", "[SEP]"), none(6),
                offs(0, 0, 0, 5, 6, 11, 0, 0, 0, 4, 0, 0), ints(1, 0, 0, 1, 0, 1), fill(6, 1), List.of(),
                ranges(0, 1, 3, 1, 4, 5)).describe());
        assertThat(pair.sequenceIds()).containsExactly(-1, 0, 0, -1, 1, -1);
    }

    @Test
    void overflowing() {
        RawEncoding a = encoding();
        a.setOverflowing(new ArrayList<>(List.of(fromTokens(0, 13, "you", 12, 15))));
        RawEncoding b = fromTokens(0, 15, "pair", 0, 4, 16, "with", 5, 9);
        b.setOverflowing(new ArrayList<>(List.of(fromTokens(0, 17, "info", 10, 14))));

        RawEncoding single = bert().process(a.copy(), null, true);
        Expected you = new Expected(ints(1, 13, 0), ints(0, 0, 0), strs("[CLS]", "you", "[SEP]"), none(3),
                offs(0, 0, 12, 15, 0, 0), ints(1, 0, 1), ints(1, 1, 1), List.of(), ranges(0, 1, 2));
        assertThat(describe(single)).isEqualTo(new Expected(ints(1, 12, 14, 0), ints(0, 0, 0, 0),
                strs("[CLS]", "Hello", "there", "[SEP]"), none(4), offs(0, 0, 0, 5, 6, 11, 0, 0), ints(1, 0, 0, 1),
                ints(1, 1, 1, 1), List.of(you), ranges(0, 1, 3)).describe());

        RawEncoding pair = bert().process(a, b, true);
        // Overflowing pieces keep the type id 0 that from_tokens gave them ("info" below).
        Expected youInfo = new Expected(ints(1, 13, 0, 17, 0), ints(0, 0, 0, 0, 1),
                strs("[CLS]", "you", "[SEP]", "info", "[SEP]"), none(5), offs(0, 0, 12, 15, 0, 0, 10, 14, 0, 0),
                ints(1, 0, 1, 0, 1), fill(5, 1), List.of(), ranges(0, 1, 2, 1, 3, 4));
        Expected youPair = new Expected(ints(1, 13, 0, 15, 16, 0), ints(0, 0, 0, 1, 1, 1),
                strs("[CLS]", "you", "[SEP]", "pair", "with", "[SEP]"), none(6),
                offs(0, 0, 12, 15, 0, 0, 0, 4, 5, 9, 0, 0), ints(1, 0, 1, 0, 0, 1), fill(6, 1), List.of(youInfo),
                ranges(1, 3, 5, 0, 1, 2));
        Expected helloInfo = new Expected(ints(1, 12, 14, 0, 17, 0), ints(0, 0, 0, 0, 0, 1),
                strs("[CLS]", "Hello", "there", "[SEP]", "info", "[SEP]"), none(6),
                offs(0, 0, 0, 5, 6, 11, 0, 0, 10, 14, 0, 0), ints(1, 0, 0, 1, 0, 1), fill(6, 1), List.of(youInfo),
                ranges(0, 1, 3, 1, 4, 5));
        assertThat(describe(pair)).isEqualTo(new Expected(ints(1, 12, 14, 0, 15, 16, 0), ints(0, 0, 0, 0, 1, 1, 1),
                strs("[CLS]", "Hello", "there", "[SEP]", "pair", "with", "[SEP]"), none(7),
                offs(0, 0, 0, 5, 6, 11, 0, 0, 0, 4, 5, 9, 0, 0), ints(1, 0, 0, 1, 0, 0, 1), fill(7, 1),
                List.of(youPair, youInfo, helloInfo), ranges(0, 1, 3, 1, 4, 6)).describe());
    }

    @Test
    void withoutSpecialTokensTheTemplateStillSetsTypeIds() {
        RawEncoding out = bert().process(encoding(), fromTokens(0, 15, "pair", 0, 4), false);
        assertThat(out.ids()).containsExactly(12, 14, 15);
        assertThat(out.typeIds()).containsExactly(0, 0, 1);
        assertThat(out.specialTokensMask()).containsOnly(0);
        assertThat(out.sequenceIds()).containsExactly(0, 0, 1);
    }

    @Test
    void multiTokenSpecialTokensAndRepeatedSequences() {
        TemplateProcessing t = new TemplateProcessing(
                List.of(new SequencePiece(false, 3), new SpecialTokenPiece("[2FR]", 5), new SequencePiece(false, 4)),
                List.of(new SequencePiece(true, 0), new SequencePiece(false, 1)),
                Map.of("[2FR]", new SpecialToken("[2FR]", List.of(1, 2, 3), List.of("convert", "to", "FR"))));
        assertThat(t.addedTokens(false)).isEqualTo(3);
        assertThat(t.addedTokens(true)).isZero();
        RawEncoding out = t.process(fromTokens(0, 7, "x", 0, 1), null, true);
        assertThat(out.ids()).containsExactly(7, 1, 2, 3, 7);
        assertThat(out.typeIds()).containsExactly(3, 5, 5, 5, 4);
        assertThat(out.specialTokensMask()).containsExactly(0, 1, 1, 1, 0);
        // The later range of sequence 0 replaces the earlier one, as in Rust's HashMap.
        assertThat(out.sequenceIds()).containsExactly(-1, -1, -1, -1, 0);

        RawEncoding swapped = t.process(fromTokens(0, 7, "x", 0, 1), fromTokens(0, 8, "y", 0, 1), true);
        assertThat(swapped.ids()).containsExactly(8, 7);
        assertThat(swapped.typeIds()).containsExactly(0, 1);
        assertThat(swapped.sequenceIds()).containsExactly(1, 0);
    }

    @Test
    void pairTemplateWithoutSequenceADropsItAndCountsAsOneSequence() {
        TemplateProcessing t = new TemplateProcessing(List.of(new SequencePiece(false, 0)),
                List.of(new SpecialTokenPiece("[CLS]", 0), new SequencePiece(true, 0)),
                Map.of("[CLS]", new SpecialToken("[CLS]", List.of(3), List.of("[CLS]"))));
        RawEncoding out = t.process(fromTokens(0, 7, "x", 0, 1), fromTokens(0, 5, "a", 0, 1, 1, "hello", 2, 7), true);
        assertThat(out.ids()).containsExactly(3, 5, 1);
        // Only sequence 1 has a range, so Rust's get_sequence_ids reports sequence 0 for every token.
        assertThat(out.sequenceIds()).containsExactly(0, 0, 0);
    }

    @Test
    void unknownSpecialTokenFailsOnlyWhenSpecialTokensAreAdded() {
        TemplateProcessing t = new TemplateProcessing(List.of(new SpecialTokenPiece("[X]", 0), new SequencePiece(false, 0)),
                List.of(new SequencePiece(false, 0), new SequencePiece(true, 1)), Map.of());
        assertThat(t.addedTokens(false)).isZero();
        assertThat(t.process(encoding(), null, false).ids()).containsExactly(12, 14);
        assertThatThrownBy(() -> t.process(encoding(), null, true)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("[X]");
    }

    @Test
    void singleTemplateUsingBFails() {
        TemplateProcessing t = new TemplateProcessing(List.of(new SequencePiece(true, 0)),
                List.of(new SequencePiece(false, 0), new SequencePiece(true, 1)), Map.of());
        assertThatThrownBy(() -> t.process(encoding(), null, true)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$B");
    }
}
