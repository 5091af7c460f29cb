package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.reference.EncodingDiff;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RefEncoding;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks the comparison machinery itself, independently of Ferrite's pipeline: the reference's own
 * output, rebuilt as a Ferrite {@link Encoding} (UTF-16 offsets, sequence ranges), must compare
 * equal to itself for every fixture on real text, and a single changed field must be reported
 * readably. Without this, a bug in the harness could hide or invent differences.
 */
class HarnessSelfTest {

    /** The reference's encoding as a Ferrite {@link Encoding}; {@code texts} are the input sequence(s). */
    static Encoding asFerrite(RefEncoding ref, String... texts) {
        RawEncoding raw = toRaw(ref, texts);
        return new Encoding(raw, texts[0], texts.length > 1 ? texts[1] : null);
    }

    private static RawEncoding toRaw(RefEncoding ref, String[] texts) {
        RawEncoding raw = new RawEncoding(ref.length());
        for (int i = 0; i < ref.length(); i++) {
            int[] span = ref.charSpans()[i];
            int start = 0;
            int end = 0;
            if (span != null) {
                String text = texts[Math.max(0, ref.sequenceIds()[i])];
                start = text.offsetByCodePoints(0, span[0]);
                end = text.offsetByCodePoints(0, span[1]);
            }
            raw.add(ref.ids()[i], ref.tokens()[i], start, end, ref.wordIds()[i], ref.typeIds()[i],
                    ref.specialTokensMask()[i], ref.attentionMask()[i]);
            if (span != null) raw.setSource(i, Math.max(0, ref.sequenceIds()[i]));
        }
        boolean allZero = true;
        for (int s : ref.sequenceIds()) allZero &= s == 0;
        if (!allZero) {
            for (int i = 0; i < ref.length(); ) {
                int s = ref.sequenceIds()[i];
                int j = i;
                while (j < ref.length() && ref.sequenceIds()[j] == s) j++;
                if (s >= 0) raw.setSequenceRange(s, i, j);
                i = j;
            }
        }
        List<RawEncoding> over = new ArrayList<>();
        for (RefEncoding o : ref.overflowing()) over.add(toRaw(o, texts));
        raw.setOverflowing(over);
        return raw;
    }

    @Test
    void theReferenceComparesEqualToItselfOnRealText() {
        for (String name : Fixtures.TOKENIZERS) {
            RustReference ref = LoadedTokenizers.fixture(name).reference();
            MismatchReport report = new MismatchReport("self-comparison " + name);
            for (String corpus : Fixtures.CORPORA) {
                List<String> lines = Fixtures.corpus(corpus);
                for (int i = 0; i < lines.size(); i += 97) {
                    String line = lines.get(i).replaceAll("[\\uD800-\\uDFFF]", "\uFFFD");
                    RefEncoding r = ref.encode(line, true);
                    report.record(i + 1, line, EncodingDiff.diff(asFerrite(r, line), r));
                    String next = lines.get((i + 1) % lines.size()).replaceAll("[\\uD800-\\uDFFF]", "\uFFFD");
                    RefEncoding p = ref.encode(line, next, true);
                    report.record(i + 1, line + " | " + next, EncodingDiff.diff(asFerrite(p, line, next), p));
                }
            }
            report.assertClean();
        }
    }

    @Test
    void overflowingEncodingsAreComparedToo() {
        try (RustReference ref = LoadedTokenizers.fixture("minilm").reference()
                .withSettings(new Truncation(10, 1, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.RIGHT), null)) {
            String a = "the quick brown fox jumps over the lazy dog";
            String b = "pack my box with five dozen liquor jugs";
            RefEncoding r = ref.encode(a, b, true);
            assertThat(r.overflowing()).isNotEmpty();
            assertThat(EncodingDiff.diff(asFerrite(r, a, b), r)).isNull();
            // Drop the last overflowing piece on our side: reported.
            Encoding full = asFerrite(r, a, b);
            RefEncoding fewer = new RefEncoding(r.ids(), r.tokens(), r.typeIds(), r.wordIds(), r.sequenceIds(),
                    r.attentionMask(), r.specialTokensMask(), r.charSpans(), r.overflowing().subList(0, r.overflowing().size() - 1));
            assertThat(EncodingDiff.diff(full, fewer)).startsWith("overflowing: ours ");
        }
    }

    @Test
    void aChangedFieldIsReportedWithItsTokenAndNeighbours() {
        RustReference ref = LoadedTokenizers.fixture("gpt4o").reference();
        String text = "Hello wonderful world, x\uD83D\uDE00y";
        RefEncoding r = ref.encode(text, false);
        int[] ids = r.ids().clone();
        ids[2] = 42;
        RefEncoding changedId = new RefEncoding(ids, r.tokens(), r.typeIds(), r.wordIds(), r.sequenceIds(), r.attentionMask(),
                r.specialTokensMask(), r.charSpans(), r.overflowing());
        String d = EncodingDiff.diff(asFerrite(r, text), changedId);
        assertThat(d).startsWith("id differs at token 2").contains(">>").contains("\" world\"".replace(" ", "Ġ"));

        int[][] spans = r.charSpans().clone();
        spans[5] = new int[] {spans[5][0], spans[5][1] + 1};
        RefEncoding changedSpan = new RefEncoding(r.ids(), r.tokens(), r.typeIds(), r.wordIds(), r.sequenceIds(),
                r.attentionMask(), r.specialTokensMask(), spans, r.overflowing());
        assertThat(EncodingDiff.diff(asFerrite(r, text), changedSpan)).startsWith("offsets differs at token 5");

        RefEncoding shorter = new RefEncoding(java.util.Arrays.copyOf(r.ids(), 3), java.util.Arrays.copyOf(r.tokens(), 3),
                r.typeIds(), r.wordIds(), r.sequenceIds(), r.attentionMask(), r.specialTokensMask(), r.charSpans(), r.overflowing());
        assertThat(EncodingDiff.diff(asFerrite(r, text), shorter)).startsWith("length: ours " + r.length() + " tokens, reference 3");
    }

    @Test
    void mismatchReportCountsAndShowsTheFirstSamples() {
        MismatchReport report = new MismatchReport("demo");
        report.ok();
        for (int i = 20; i >= 1; i--) report.mismatch(i, "line\t" + i, "differs");
        assertThat(report.mismatches()).isEqualTo(20);
        assertThat(report.checked()).isEqualTo(21);
        assertThatThrownBy(report::assertClean)
                .hasMessageContaining("demo: 20 of 21 samples differ")
                .hasMessageContaining("sample 1: \"line\\t1\"")
                .hasMessageContaining("sample 5:")
                .hasMessageNotContaining("sample 6:")
                .hasMessageContaining("... and 15 more");
        assertThatThrownBy(new MismatchReport("empty")::assertClean).hasMessageContaining("nothing was compared");
    }
}
