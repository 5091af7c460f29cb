package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.RefEncoding;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Truncation against the Rust library: every strategy (longest_first, only_first, only_second) x
 * direction (left, right) x small max_length, with and without stride (overflowing encodings
 * compared too, recursively), on single texts and on pairs, with and without special tokens.
 * Where the Rust library rejects an input (only_second without a pair, a sequence too short to cut,
 * a stride its assert forbids) Ferrite must throw {@link TokenizerException}.
 */
class TruncationExactnessTest {
    /** (max_length, stride) pairs; each is run with every strategy and direction. */
    private static final int[][] LIMITS = {{16, 0}, {16, 3}, {9, 2}, {4, 1}};
    private static final int LINES_PER_CORPUS = 25;

    static List<String> tokenizers() {
        return Fixtures.TOKENIZERS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void everyStrategyDirectionAndStrideTruncatesAsTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail().withPadding(null);
        List<Fixtures.Line> sample = new ArrayList<>();
        for (String corpus : Fixtures.CORPORA) sample.addAll(Fixtures.sample(corpus, LINES_PER_CORPUS));
        List<MismatchReport> reports = new ArrayList<>();
        for (Truncation.Direction direction : Truncation.Direction.values()) {
            try (RustReference ref = loaded.reference().withSettings(
                    new Truncation(LIMITS[0][0], 0, Truncation.Strategy.LONGEST_FIRST, direction), null)) {
                for (Truncation.Strategy strategy : Truncation.Strategy.values()) {
                    for (int[] limit : LIMITS) {
                        Truncation t = new Truncation(limit[0], limit[1], strategy, direction);
                        ref.setTruncation(t);
                        Tokenizer truncating = ours.withTruncation(t);
                        for (boolean special : new boolean[] {true, false}) {
                            MismatchReport report = new MismatchReport(tokenizer + " " + t + ", special tokens " + special
                                    + " (sample = corpus line; pairs are a sampled line and the next sampled one)");
                            // Encodes may run in parallel; setTruncation above runs between them, never during.
                            IntStream.range(0, sample.size()).parallel().forEach(i -> {
                                Fixtures.Line a = sample.get(i);
                                Fixtures.Line b = sample.get((i + 1) % sample.size());
                                report.record(a.number(), a.text(),
                                        Differential.single(truncating, ref, a.text(), special));
                                report.record(a.number(), a.text() + " ‖ " + b.text(),
                                        Differential.pair(truncating, ref, a.text(), b.text(), special));
                            });
                            reports.add(report);
                        }
                    }
                }
            }
        }
        assertAllClean(reports);
    }

    /**
     * With special tokens, Rust cuts to {@code max_length - added} in unsigned arithmetic; its release
     * build wraps around, so a max_length below the number of special tokens silently truncates
     * nothing. Ferrite refuses such a setting with a clear error instead (a documented deviation);
     * this test pins both halves: what the reference does, and that Ferrite says what is wrong.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void maxLengthBelowTheSpecialTokensIsRefusedWhereTheReferenceSilentlyIgnoresIt(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Truncation t = new Truncation(1, 0, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.RIGHT);
        Tokenizer ours = loaded.oursOrFail().withPadding(null).withTruncation(t);
        Tokenizer untruncated = loaded.oursOrFail().withPadding(null).withTruncation(null);
        String text = Fixtures.sample("english", 1).get(0).text();
        int added = untruncated.encode(text, true).length() - untruncated.encode(text, false).length();
        try (RustReference ref = loaded.reference().withSettings(t, null)) {
            RefEncoding reference = ref.encode(text, true);
            if (added > 1) {
                // The reference keeps every token: the subtraction wrapped around.
                assertThat(reference.ids()).hasSize(untruncated.encode(text, true).length());
                assertThatThrownBy(() -> ours.encode(text, true))
                        .isInstanceOf(TokenizerException.class)
                        .hasMessageContaining("max_length 1")
                        .hasMessageContaining("special tokens");
            } else {
                MismatchReport report = new MismatchReport(tokenizer + " " + t);
                report.record(0, text, Differential.single(ours, ref, text, true));
                report.assertClean();
            }
        }
    }

    static void assertAllClean(List<MismatchReport> reports) {
        StringBuilder failures = new StringBuilder();
        int bad = 0;
        for (MismatchReport r : reports) {
            if (r.checked() == 0) throw new AssertionError("nothing compared");
            if (r.mismatches() > 0) {
                bad++;
                if (bad <= 4) failures.append(r.summary()).append('\n');
                else failures.append(r.summary().lines().findFirst().orElse("")).append('\n');
            }
        }
        if (bad > 0) throw new AssertionError(bad + " of " + reports.size() + " configurations differ from the Rust reference:\n" + failures);
    }
}
