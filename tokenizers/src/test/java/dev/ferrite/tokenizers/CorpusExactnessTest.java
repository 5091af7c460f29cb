package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every line of every corpus through every real tokenizer, with and without special tokens: ids,
 * tokens, offsets (code points), type ids, masks, word and sequence ids, and decoding the ids with
 * and without skipping special tokens must all equal the Rust library's. Each tokenizer keeps the
 * truncation and padding its tokenizer.json declares (minilm: truncate and pad to 128).
 */
class CorpusExactnessTest {

    /** Every fixture tokenizer x every corpus, with and without special tokens (PairExactnessTest too). */
    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String tokenizer : Fixtures.TOKENIZERS) {
            for (String corpus : Fixtures.CORPORA) {
                out.add(Arguments.of(tokenizer, corpus, true));
                out.add(Arguments.of(tokenizer, corpus, false));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} x {1}, special tokens {2}")
    @MethodSource("cases")
    void everyLineEncodesAndDecodesAsTheReference(String tokenizer, String corpus, boolean addSpecialTokens) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        List<String> lines = Fixtures.corpus(corpus);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + " x " + corpus + ".txt (special tokens " + addSpecialTokens + ")");
        IntStream.range(0, lines.size()).parallel().forEach(i -> {
            String line = lines.get(i);
            report.record(i + 1, line, Differential.single(ours, ref, line, addSpecialTokens));
        });
        report.assertClean();
    }
}
