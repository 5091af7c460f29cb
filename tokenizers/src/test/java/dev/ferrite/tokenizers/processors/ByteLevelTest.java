package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.ferrite.tokenizers.processors.Encodings.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Ported from {@code processor_trims_offsets*} in pre_tokenizers/byte_level.rs and {@code process_chain} in processors/sequence.rs. */
class ByteLevelTest {
    static RawEncoding spaces() {
        return fromTokens(0, 0, "Ġ", 0, 1, 0, "ĠĠĠĠHelloĠĠ", 0, 11, 0, "ĠĠHello", 11, 18, 0, "HelloĠĠ", 18, 25,
                0, "ĠĠĠĠ", 25, 29);
    }

    @Test
    void trimsOffsets() {
        RawEncoding out = new ByteLevel(true, true, true).process(spaces(), null, false);
        assertThat(describe(out)).isEqualTo(new Encodings.Expected(fill(5, 0), fill(5, 0),
                strs("Ġ", "ĠĠĠĠHelloĠĠ", "ĠĠHello", "HelloĠĠ", "ĠĠĠĠ"), none(5),
                offs(0, 0, 4, 9, 13, 18, 18, 23, 29, 29), fill(5, 0), fill(5, 1), List.of(), ranges(0, 0, 5)).describe());
    }

    @Test
    void trimsOffsetsOfBothSequences() {
        RawEncoding out = new ByteLevel(true, true, true).process(spaces(), spaces(), false);
        assertThat(out.starts()).containsExactly(0, 4, 13, 18, 29, 0, 4, 13, 18, 29);
        assertThat(out.ends()).containsExactly(0, 9, 18, 23, 29, 0, 9, 18, 23, 29);
        assertThat(out.typeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        assertThat(out.sequenceIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    }

    @Test
    void aTokenStartingAtZeroCountsAsFirst() {
        // Pre-tokenized input: offsets restart at 0 although the token is not the first.
        RawEncoding e = fromTokens(0, 0, "Ġl", 0, 1, 0, "ove", 1, 4, 0, "Ġl", 0, 1, 0, "ove", 1, 4);
        ByteLevel.trimOffsets(e, true);
        assertThat(e.starts()).containsExactly(0, 1, 0, 1);
        assertThat(e.ends()).containsExactly(1, 4, 1, 4);
    }

    @Test
    void withoutPrefixSpaceTheFirstSpaceIsTrimmedToo() {
        RawEncoding e = fromTokens(0, 0, "Ġa", 0, 2, 0, "ĠĠb", 2, 5);
        ByteLevel.trimOffsets(e, false);
        assertThat(e.starts()).containsExactly(1, 4);
    }

    @Test
    void realWhitespaceCountsButOtherByteLevelCharactersDoNot() {
        // 'Ċ' (the newline's byte-level character) is not a space; a real "\n" or U+3000 in an added token is.
        RawEncoding e = fromTokens(0, 0, "xĊ", 5, 7, 0, "\n\u3000y", 7, 10, 0, "z ", 10, 12);
        ByteLevel.trimOffsets(e, false);
        assertThat(e.starts()).containsExactly(5, 9, 10);
        assertThat(e.ends()).containsExactly(7, 10, 11);
    }

    @Test
    void overflowingPiecesAreTrimmedToo() {
        RawEncoding a = fromTokens(0, 0, "Ġa", 0, 2);
        a.setOverflowing(new ArrayList<>(List.of(fromTokens(0, 0, "Ġb", 2, 4))));
        RawEncoding out = new ByteLevel(false, true, true).process(a, null, true);
        assertThat(out.starts()).containsExactly(1);
        assertThat(out.overflowing().get(0).starts()).containsExactly(3);
    }

    @Test
    void withoutTrimmingOffsetsAreKept() {
        RawEncoding out = new ByteLevel(true, false, true).process(spaces(), null, true);
        assertThat(out.starts()).containsExactly(0, 0, 11, 18, 25);
        assertThat(new ByteLevel(true, false, true).addedTokens(true)).isZero();
    }

    @Test
    void sequenceOfByteLevelTrimsAsByteLevelDoes() {
        RawEncoding out = new Sequence(List.of(new ByteLevel(true, true, true))).process(spaces(), null, false);
        assertThat(out.starts()).containsExactly(0, 4, 13, 18, 29);
        assertThat(out.ends()).containsExactly(0, 9, 18, 23, 29);
    }

    @Test
    void sequenceChainsTrimmingAndTemplate() {
        Sequence s = new Sequence(List.of(new ByteLevel(true, true, true), TemplateProcessingTest.bert()));
        assertThat(s.addedTokens(false)).isEqualTo(2);
        assertThat(s.addedTokens(true)).isEqualTo(3);
        RawEncoding out = s.process(fromTokens(0, 9, "Ġhi", 0, 3, 8, "Ġyou", 3, 7), fromTokens(0, 7, "Ġok", 0, 3), true);
        assertThat(out.ids()).containsExactly(1, 9, 8, 0, 7, 0);
        assertThat(out.starts()).containsExactly(0, 0, 4, 0, 0, 0);
        assertThat(out.typeIds()).containsExactly(0, 0, 0, 0, 1, 1);
        assertThat(out.sequenceIds()).containsExactly(-1, 0, 0, -1, 1, -1);
    }
}
