package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pipeline.SequenceRanges.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceRangesTest {

    @Test
    void packsAndShiftsRanges() {
        long r = SequenceRanges.of(3, 9);
        assertThat(SequenceRanges.start(r)).isEqualTo(3);
        assertThat(SequenceRanges.end(r)).isEqualTo(9);
        long shifted = SequenceRanges.shift(r, 2);
        assertThat(SequenceRanges.start(shifted)).isEqualTo(5);
        assertThat(SequenceRanges.end(shifted)).isEqualTo(11);
        assertThat(SequenceRanges.shift(NONE, 2)).isEqualTo(NONE);
        assertThat(SequenceRanges.of(0, 0)).isNotEqualTo(NONE);
    }

    @Test
    void sequenceIdsAsTheReferenceDerivesThem() {
        assertThat(SequenceRanges.ids(3, NONE, NONE)).containsExactly(0, 0, 0);
        // One range recorded: sequence 0 is looked up, and without a range of its own it covers all.
        assertThat(SequenceRanges.ids(4, NONE, SequenceRanges.of(1, 3))).containsExactly(0, 0, 0, 0);
        assertThat(SequenceRanges.ids(5, SequenceRanges.of(1, 3), NONE)).containsExactly(-1, 0, 0, -1, -1);
        assertThat(SequenceRanges.ids(6, SequenceRanges.of(0, 2), SequenceRanges.of(3, 5))).containsExactly(0, 0, -1, 1, 1, -1);
        assertThat(SequenceRanges.ids(3, SequenceRanges.of(1, 9), NONE)).containsExactly(-1, 0, 0);
    }

    @Test
    void mapsTheRecordedRanges() {
        assertThat(SequenceRanges.asMap(NONE, NONE)).isEmpty();
        var map = SequenceRanges.asMap(NONE, SequenceRanges.of(2, 4));
        assertThat(map).containsOnlyKeys(1);
        assertThat(map.get(1)).containsExactly(2, 4);
    }

    @Test
    void rejectsRangesThatAreNot() {
        assertThatThrownBy(() -> SequenceRanges.of(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequenceRanges.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
