package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bert and Roberta processing put their special tokens around a single sequence in place
 * ({@link SpecialTokens#surroundSingleInPlace}); the result must be the very encoding the general way
 * builds (the default {@code process}: {@code processEncodings}, then a merge), every field.
 */
class SurroundInPlaceTest {
    /** A sequence from the pipeline: model tokens named by the model, one added special token (mask 1) among them, type id 1. */
    private static RawEncoding sequence() {
        RawEncoding e = new RawEncoding(2, id -> "m" + id);
        e.addModelToken(7, 0, 3, 0, 1);
        e.add(99, "<added>", 4, 11, 1, 1, 1, 1);
        e.addModelToken(8, 12, 14, 2, 1);
        e.setSource(0);
        return e;
    }

    /** What the default {@code process} does for a single sequence. */
    private static RawEncoding general(PostProcessor p, boolean addSpecialTokens) {
        RawEncoding e = sequence();
        e.setSequenceId(0);
        e.setTypeIds(0);
        return RawEncoding.merge(p.processEncodings(new ArrayList<>(List.of(e)), addSpecialTokens), false);
    }

    private static void assertSame(RawEncoding a, RawEncoding b) {
        assertThat(a.ids()).containsExactly(b.ids());
        assertThat(a.tokens()).containsExactly(b.tokens());
        assertThat(a.typeIds()).containsExactly(b.typeIds());
        assertThat(a.words()).containsExactly(b.words());
        assertThat(a.starts()).containsExactly(b.starts());
        assertThat(a.ends()).containsExactly(b.ends());
        assertThat(a.specialTokensMask()).containsExactly(b.specialTokensMask());
        assertThat(a.attentionMask()).containsExactly(b.attentionMask());
        assertThat(a.sources()).containsExactly(b.sources());
        assertThat(a.sequenceIds()).containsExactly(b.sequenceIds());
        assertThat(a.sequenceRanges()).usingRecursiveComparison().isEqualTo(b.sequenceRanges());
    }

    @Test
    void bertInPlaceEqualsTheGeneralWay() {
        BertProcessing p = new BertProcessing("[SEP]", 102, "[CLS]", 101);
        for (boolean add : new boolean[] {true, false}) {
            RawEncoding inPlace = p.process(sequence(), null, add);
            assertSame(inPlace, general(p, add));
        }
        RawEncoding out = p.process(sequence(), null, true);
        assertThat(out.tokens()).containsExactly("[CLS]", "m7", "<added>", "m8", "[SEP]");
        assertThat(out.specialTokensMask()).containsExactly(1, 0, 0, 0, 1);
        assertThat(out.sources()).containsExactly(-1, 0, 0, 0, -1);
    }

    @Test
    void robertaInPlaceEqualsTheGeneralWay() {
        for (boolean trim : new boolean[] {true, false}) {
            RobertaProcessing p = new RobertaProcessing("</s>", 2, "<s>", 0, trim, true);
            for (boolean add : new boolean[] {true, false}) assertSame(p.process(sequence(), null, add), general(p, add));
        }
    }
}
