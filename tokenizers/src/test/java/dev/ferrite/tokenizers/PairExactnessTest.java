package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Pairs of sequences: consecutive corpus lines (1, 2), (3, 4), ... encoded as (text, pair), with and
 * without special tokens, against the Rust library: type ids, sequence ids and per-sequence offsets
 * included. Each tokenizer keeps its tokenizer.json's truncation and padding.
 */
class PairExactnessTest {

    @ParameterizedTest(name = "{0} x {1}, special tokens {2}")
    @MethodSource("dev.ferrite.tokenizers.CorpusExactnessTest#cases") // every fixture x corpus x special tokens
    void consecutiveLinesEncodeAsPairsAsTheReference(String tokenizer, String corpus, boolean addSpecialTokens) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        List<String> lines = Fixtures.corpus(corpus);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + " x " + corpus + ".txt pairs of lines (n, n+1)"
                + " (special tokens " + addSpecialTokens + "); sample = line number of the first");
        IntStream.range(0, lines.size() / 2).parallel().forEach(k -> {
            String a = lines.get(2 * k);
            String b = lines.get(2 * k + 1);
            report.record(2 * k + 1, a + " ‖ " + b, Differential.pair(ours, ref, a, b, addSpecialTokens));
        });
        report.assertClean();
    }
}
