package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The BPE model alone against the Rust library (through DJL) on the real vocabularies: the
 * fixture's tokenizer.json keeps only its model, and every distinct word of the corpora (split on
 * spaces) plus every whole line of the naughty strings is tokenized by both. For the ByteLevel
 * vocabularies (gpt4o, qwen3, llama3) each input first goes through the GPT-2 byte-to-character
 * table, as the ByteLevel pre-tokenizer would do before the model sees it. Ids, token strings and
 * offsets must all be equal.
 */
class BpeDifferentialTest {

    static List<String> inputs(boolean byteLevel) {
        List<String> inputs = new ArrayList<>();
        for (String corpus : List.of("english.txt", "code.txt", "multilingual.txt", "naughty.txt")) {
            inputs.addAll(BpeFixtures.words(corpus));
        }
        inputs.addAll(BpeFixtures.lines("naughty.txt"));
        if (!byteLevel) return inputs;
        return inputs.stream().map(BpeFixtures::byteLevel).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "gemma3", "gpt4o", "qwen3", "llama3"})
    void sameTokensAsRust(String fixture) {
        boolean byteLevel = !fixture.equals("llama2") && !fixture.equals("gemma3");
        String json = BpeFixtures.modelOnly(fixture, Map.of());
        Bpe bpe = BpeFixtures.ferrite(json, fixture);
        List<String> inputs = inputs(byteLevel);
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(bpe, rust, inputs, true);
            // Again, now from the word cache.
            BpeFixtures.compare(bpe, rust, inputs.subList(0, 20_000), true);
        }
    }
}
