package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Characters outside the BMP (two UTF-16 units, one code point, four UTF-8 bytes) through the fused
 * passes: their offsets in every {@link OffsetUnit} must be the general pipeline's and the Rust
 * library's. A fused pass once left the tokens without the input they index, so offsets stayed in
 * UTF-16 units whatever unit was asked (emoji at [0, 2) where Rust counts [0, 1) code points).
 */
class NonBmpOffsetsTest {
    private static final List<String> TEXTS = List.of(
            "😀", "a😀b", " 😀😀 x", "hi 👍🏽 ok", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 123 𝟙𝟚𝟛", "𞤑𞤵𞥅𞤤𞤢𞤤 𞥑𞥑",
            "𑄇𑄧𑄚𑄧 𑄘𑄬𑄌𑄴, 𑄝𑄧!", "人權沛得法律保衞抵每𠊛空𦄾沛浽亂", "▁😀▁▁x😀", "<|endoftext|>😀", "\t😀\n\n😀 ");
    /** Lone surrogates: the Rust library cannot be given them, the general pipeline can. */
    private static final List<String> LONE = List.of("a\uD800b😀", "😀\uDFFF", "\uD83D");

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen3", "gpt4o", "minilm", "bge-small-zh", "llama2", "gemma3"})
    void fusedOffsetsInEveryUnitAsTheGeneralPipelineAndRust(String fixture) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(fixture);
        Tokenizer fast = loaded.oursOrFail();
        Tokenizer general = fast.withoutFastPaths();
        RustReference ref = loaded.reference();
        for (String text : TEXTS) {
            for (boolean special : new boolean[] {true, false}) {
                FastPathEquivalenceTest.assertSame(fast.encode(text, special), general.encode(text, special), fixture + " " + text);
                assertThat(Differential.single(fast, ref, text, special)).as(fixture + " " + text).isNull();
            }
            assertThat(Differential.pair(fast, ref, text, "x😀", true)).as(fixture + " pair " + text).isNull();
        }
        for (String text : LONE) {
            FastPathEquivalenceTest.assertSame(fast.encode(text, true), general.encode(text, true), fixture + " lone surrogate");
        }
    }
}
