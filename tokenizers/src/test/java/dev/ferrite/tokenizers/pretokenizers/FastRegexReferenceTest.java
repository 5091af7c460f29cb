package dev.ferrite.tokenizers.pretokenizers;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written scanners against the Rust library (DJL) itself: each pattern as a Split
 * pre-tokenizer, and GPT-2's also inside ByteLevel, on edge cases and seeded random strings of
 * tricky characters (no lone surrogates: Rust strings cannot hold them). The shared corpora go
 * through the same scanners in {@link PreTokenizerDifferentialTest}, which reads the fixtures'
 * pre-tokenizers.
 */
class FastRegexReferenceTest {
    private static List<String> inputs(long seed) {
        List<String> in = new ArrayList<>(PreTokenizerDifferentialTest.edgeCases());
        in.addAll(FastRegexInputs.random(seed, 3000, 24));
        in.addAll(FastRegexInputs.random(seed + 1, 200, 200));
        return in;
    }

    @TestFactory
    Stream<DynamicTest> scannersAgainstTheRustLibrary() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 1000;
        for (String source : FastRegexTest.SOURCES) {
            long s = seed++;
            String json = "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"" + PreTokenizerDifferentialTest.json(source)
                    + "\"},\"behavior\":\"Isolated\",\"invert\":false}";
            tests.add(DynamicTest.dynamicTest("Split " + FastRegex.forSource(source), () -> {
                assertThat(((Split) Splits.parse(json)).pattern()).isInstanceOf(FastRegex.class);
                PreTokenizerDifferentialTest.compare(json, inputs(s));
            }));
        }
        tests.add(DynamicTest.dynamicTest("ByteLevel", () -> PreTokenizerDifferentialTest.compare(
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}", inputs(2000))));
        return tests.stream();
    }
}
