package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RustReference;
import dev.ferrite.tokenizers.reference.SyntheticTokenizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Unigram and WordLevel, which no real fixture uses, through tokenizer.json files built from the
 * corpora ({@link SyntheticTokenizers}): Unigram with Metaspace and NFKC like T5; Unigram with byte
 * fallback and a Precompiled normalizer like ALBERT; WordLevel with Whitespace. Every corpus line,
 * with and without special tokens, and pairs of consecutive lines, against the Rust library.
 */
class SyntheticModelsExactnessTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String tokenizer : SyntheticTokenizers.NAMES) {
            for (String corpus : Fixtures.CORPORA) {
                out.add(Arguments.of(tokenizer, corpus));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void everyLineEncodesAndDecodesAsTheReference(String tokenizer, String corpus) {
        LoadedTokenizers loaded = LoadedTokenizers.synthetic(tokenizer, () -> SyntheticTokenizers.json(tokenizer));
        List<String> lines = Fixtures.corpus(corpus);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + " x " + corpus + ".txt (sample = line number)");
        IntStream.range(0, lines.size()).parallel().forEach(i -> {
            String line = lines.get(i);
            String d = Differential.single(ours, ref, line, true);
            if (d == null) {
                String w = Differential.single(ours, ref, line, false);
                if (w != null) d = "without special tokens: " + w;
            }
            if (d == null && i + 1 < lines.size() && i % 2 == 0) {
                String p = Differential.pair(ours, ref, line, lines.get(i + 1), true);
                if (p != null) d = "as a pair with the next line: " + p;
            }
            report.record(i + 1, line, d);
        });
        report.assertClean();
    }
}
