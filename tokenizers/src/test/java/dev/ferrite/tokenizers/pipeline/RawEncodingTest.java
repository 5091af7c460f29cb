package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Truncation, merge and padding rules, with expectations ported from the Rust library's encoding.rs tests. */
class RawEncodingTest {

    /** "42 is the answer !" as five tokens with ids 1..5. */
    static RawEncoding answer() {
        RawEncoding e = new RawEncoding(5);
        String[] tokens = {"42", "is", "the", "answer", "!"};
        int[][] offsets = {{0, 2}, {2, 4}, {4, 7}, {7, 13}, {13, 14}};
        for (int i = 0; i < 5; i++) e.add(i + 1, tokens[i], offsets[i][0], offsets[i][1], i, 0, 0, 1);
        return e;
    }

    @Test
    void truncateRightWithStrideRepeatsTokensInTheOverflow() {
        RawEncoding e = answer();
        e.truncate(4, 2, false);
        assertThat(e.ids()).containsExactly(1, 2, 3, 4);
        assertThat(e.overflowing()).hasSize(1);
        RawEncoding o = e.overflowing().get(0);
        assertThat(o.ids()).containsExactly(3, 4, 5);
        assertThat(o.words()).containsExactly(2, 3, 4);
        assertThat(o.starts()).containsExactly(4, 7, 13);
    }

    @Test
    void truncateLeftKeepsTheEnd() {
        RawEncoding e = answer();
        e.truncate(2, 0, true);
        assertThat(e.ids()).containsExactly(4, 5);
        assertThat(e.overflowing()).extracting(o -> List.of(o.ids()[0], o.ids()[o.size() - 1]))
                .containsExactly(List.of(2, 3), List.of(1, 1));
    }

    @Test
    void truncateToZeroMovesEverythingToOverflow() {
        RawEncoding e = answer();
        e.truncate(0, 0, false);
        assertThat(e.size()).isZero();
        assertThat(e.overflowing()).hasSize(1);
        assertThat(e.overflowing().get(0).ids()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void mergeCombinesOverflowingPieces() {
        RawEncoding a = answer();
        a.truncate(3, 0, false);
        RawEncoding b = answer();
        a.mergeWith(b, false);
        assertThat(a.ids()).containsExactly(1, 2, 3, 1, 2, 3, 4, 5);
        assertThat(a.overflowing()).hasSize(1);
        assertThat(a.overflowing().get(0).ids()).containsExactly(4, 5, 1, 2, 3, 4, 5);
    }

    @Test
    void mergeWithGrowingOffsetsShiftsThePair() {
        RawEncoding a = answer();
        a.mergeWith(answer(), true);
        assertThat(a.starts()[5]).isEqualTo(14);
        assertThat(a.ends()[9]).isEqualTo(28);
    }

    @Test
    void padLeftShiftsSequenceRanges() {
        RawEncoding e = answer();
        e.setSequenceId(0);
        e.pad(8, 0, 1, "[PAD]", true);
        assertThat(e.ids()).containsExactly(0, 0, 0, 1, 2, 3, 4, 5);
        assertThat(e.attentionMask()).containsExactly(0, 0, 0, 1, 1, 1, 1, 1);
        assertThat(e.specialTokensMask()).containsExactly(1, 1, 1, 0, 0, 0, 0, 0);
        assertThat(e.typeIds()).containsExactly(1, 1, 1, 0, 0, 0, 0, 0);
        assertThat(e.words()).containsExactly(-1, -1, -1, 0, 1, 2, 3, 4);
        assertThat(e.sequenceIds()).containsExactly(-1, -1, -1, 0, 0, 0, 0, 0);
    }

    @Test
    void padRightNeverShortens() {
        RawEncoding e = answer();
        e.pad(3, 0, 0, "[PAD]", false);
        assertThat(e.size()).isEqualTo(5);
        e.pad(6, 9, 0, "[PAD]", false);
        assertThat(e.ids()).containsExactly(1, 2, 3, 4, 5, 9);
        assertThat(e.tokens()[5]).isEqualTo("[PAD]");
    }

    @Test
    void padFillsEveryColumnOfThePadding() {
        // Capacity left over by truncation must not leak stale tokens into the padding.
        RawEncoding right = answer();
        right.setSource(0);
        right.truncate(3, 0, false);
        right.pad(6, 7, 2, "[PAD]", false);
        assertThat(right.ids()).containsExactly(1, 2, 3, 7, 7, 7);
        assertThat(right.tokens()).containsExactly("42", "is", "the", "[PAD]", "[PAD]", "[PAD]");
        assertThat(right.starts()).containsExactly(0, 2, 4, 0, 0, 0);
        assertThat(right.ends()).containsExactly(2, 4, 7, 0, 0, 0);
        assertThat(right.words()).containsExactly(0, 1, 2, -1, -1, -1);
        assertThat(right.sources()).containsExactly(0, 0, 0, -1, -1, -1);
        assertThat(right.typeIds()).containsExactly(0, 0, 0, 2, 2, 2);
        assertThat(right.specialTokensMask()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(right.attentionMask()).containsExactly(1, 1, 1, 0, 0, 0);

        RawEncoding left = answer();
        left.setSource(1);
        left.pad(7, 7, 2, "[PAD]", true);
        assertThat(left.tokens()).containsExactly("[PAD]", "[PAD]", "42", "is", "the", "answer", "!");
        assertThat(left.starts()).containsExactly(0, 0, 0, 2, 4, 7, 13);
        assertThat(left.ends()).containsExactly(0, 0, 2, 4, 7, 13, 14);
        assertThat(left.sources()).containsExactly(-1, -1, 1, 1, 1, 1, 1);
    }

    @Test
    void modelTokensAreNamedWhenRead() {
        RawEncoding e = new RawEncoding(1, id -> "t" + id);
        e.addModelToken(7, 0, 2, 0, 0);
        e.add(3, "[SEP]", 0, 0, -1, 0, 1, 1);
        assertThat(e.token(0)).isEqualTo("t7");
        assertThat(e.tokens()).containsExactly("t7", "[SEP]");
        assertThat(e.specialTokensMask()).containsExactly(0, 1);
        assertThat(e.attentionMask()).containsExactly(1, 1);
        // Names travel with copies, merges, front insertion and truncation.
        e.insertFront(1);
        e.set(0, 2, "[CLS]", 0, 0, -1, 0, 1, 1);
        RawEncoding merged = RawEncoding.empty();
        merged.mergeWith(e, false);
        assertThat(merged.tokens()).containsExactly("[CLS]", "t7", "[SEP]");
        assertThat(e.copy().tokens()).containsExactly("[CLS]", "t7", "[SEP]");
        e.truncate(2, 0, false);
        assertThat(e.tokens()).containsExactly("[CLS]", "t7");
        assertThat(e.overflowing().get(0).tokens()).containsExactly("[SEP]");
    }

    @Test
    void tokensNamedByAnotherModelKeepTheirNamesInAMerge() {
        RawEncoding a = new RawEncoding(1, id -> "a" + id);
        a.addModelToken(1, 0, 1, 0, 0);
        RawEncoding b = new RawEncoding(1, id -> "b" + id);
        b.addModelToken(1, 0, 1, 0, 0);
        a.mergeWith(b, false);
        assertThat(a.tokens()).containsExactly("a1", "b1");
    }

    @Test
    void unmarkedEncodingBelongsToSequenceZero() {
        assertThat(answer().sequenceIds()).containsOnly(0);
    }

    @Test
    void sequenceRangesOfASequenceAndItsPair() {
        RawEncoding a = answer();
        a.setSequenceId(0);
        RawEncoding b = answer();
        b.setSequenceRange(1, 1, 3);
        assertThat(b.sequenceRanges()).containsOnlyKeys(1);
        assertThat(b.sequenceRanges().get(1)).containsExactly(1, 3);
        assertThatThrownBy(() -> b.setSequenceRange(2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        RawEncoding merged = RawEncoding.empty();
        merged.mergeWith(a, false);
        merged.mergeWith(b, false);
        assertThat(merged.sequenceRanges().get(0)).containsExactly(0, 5);
        assertThat(merged.sequenceRanges().get(1)).containsExactly(6, 8);
        assertThat(merged.sequenceIds()).containsExactly(0, 0, 0, 0, 0, -1, 1, 1, -1, -1);
        RawEncoding copy = merged.copy();
        merged.insertFront(1);
        assertThat(merged.sequenceIds()).containsExactly(-1, 0, 0, 0, 0, 0, -1, 1, 1, -1, -1);
        assertThat(copy.sequenceIds()).containsExactly(0, 0, 0, 0, 0, -1, 1, 1, -1, -1);
        copy.truncate(4, 0, false);
        assertThat(copy.sequenceRanges()).isEmpty();
        assertThat(copy.sequenceIds()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void encodingsOfModelTokensAloneKeepNoTexts() {
        RawEncoding e = new RawEncoding(1, id -> "t" + id);
        e.addModelToken(7, 0, 2, 0, 0);
        e.addModelToken(8, 2, 3, 1, 0); // grows
        assertThat(e.tokens()).containsExactly("t7", "t8");
        RawEncoding other = new RawEncoding(1, id -> "u" + id);
        other.addModelToken(1, 0, 1, 0, 0);
        other.mergeWith(e.copy(), false);
        assertThat(other.tokens()).containsExactly("u1", "t7", "t8");
        RawEncoding plain = new RawEncoding(1);
        plain.add(3, "[SEP]", 0, 0, -1, 0, 1, 1);
        plain.mergeWith(e.copy(), false);
        assertThat(plain.tokens()).containsExactly("[SEP]", "t7", "t8");
        e.insertFront(1);
        e.set(0, 1, "[CLS]", 0, 0, -1, 0, 1, 1);
        e.pad(5, 0, 0, "[PAD]", false);
        assertThat(e.tokens()).containsExactly("[CLS]", "t7", "t8", "[PAD]", "[PAD]");
        assertThat(e.token(1)).isEqualTo("t7");
    }
}
