package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Bpe#tokenize(char[], int, int, WordTokens)} (ids and offsets, for encoders that build
 * words in a buffer) against {@link Bpe#tokenize(String)} (checked against the Rust library by the
 * differential tests), on the words of the corpora and, for the models without a pre-tokenizer,
 * whole lines; twice, so that the second pass comes from the cache. Llama 3 has ignore_merges and
 * cuts: its long words are merged piece by piece into a cache of their own, then cached whole.
 */
class BpeWordTokensTest {
    @ParameterizedTest
    @ValueSource(strings = {"llama2", "qwen3", "llama3"})
    void sameTokensAsTheStringApi(String fixture) {
        Bpe bpe = BpeFixtures.ferrite(BpeFixtures.modelOnly(fixture, Map.of()), fixture);
        Bpe reference = BpeFixtures.ferrite(BpeFixtures.modelOnly(fixture, Map.of()), fixture);
        boolean byteLevel = !fixture.equals("llama2");
        List<String> inputs = new ArrayList<>(BpeDifferentialTest.inputs(byteLevel));
        if (!byteLevel) inputs.addAll(BpeWholeLineDifferentialTest.lines(true).subList(0, 5000));
        WordTokens out = new WordTokens();
        List<String> wrong = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (String word : inputs) {
                bpe.tokenize(word.toCharArray(), word.length(), word.hashCode(), out);
                List<Token> expected = reference.tokenize(word);
                boolean same = out.count() == expected.size();
                for (int k = 0; same && k < out.count(); k++) {
                    Token t = expected.get(k);
                    same = out.id(k) == t.id() && out.start(k) == t.start() && out.end(k) == t.end()
                            && bpe.idToToken(out.id(k)).equals(t.value());
                }
                if (!same && wrong.size() < 5) wrong.add(BpeFixtures.escape(word));
            }
        }
        assertThat(wrong).isEmpty();
    }
}
