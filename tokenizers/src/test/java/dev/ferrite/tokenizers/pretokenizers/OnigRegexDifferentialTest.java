package dev.ferrite.tokenizers.pretokenizers;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A battery of regexes aimed at the places where Oniguruma and java.util.regex disagree, each run
 * as a Split pre-tokenizer here and in the Rust library (Isolated shows every match; MergedWithNext
 * also shows where empty matches fall), on edge-case inputs and part of the multilingual corpus.
 */
class OnigRegexDifferentialTest {
    static final List<String> REGEXES = List.of(
            "\\s+", "\\S+", "\\w+", "\\W+", "\\d+", "\\D+", "\\h+", "\\H", ".", "\\N+", "\\O",
            "(?i)ss", "(?i)[ß]", "(?i)ß", "(?i)[^a-z]+", "(?i)[a-z]+", "(?i)k", "(?i)[k]", "(?i)\\p{Lu}+", "(?i)[\\p{Lu}]+",
            "(?i)st", "(?i)ffi", "(?i:'s|'t|'re)", "(?i)i", "(?i)[i]", "a(?i)b|c", "(?i)σ", "(?i)[σ]",
            "^\\w", "\\w$", "^$", "$", "^", "\\Z", "\\A\\w+", "\\w+\\z", "\\b\\w", "\\B\\w+",
            "x*", "\\s*", "(?:)", "", "a?", "\\p{L}{,2}", "\\p{L}{2,}", "\\p{L}{3,1}", "\\p{N}{2}?", "\\p{L}+?\\p{L}",
            "(?<=\\p{L})\\p{N}", "(?<!\\p{L})\\p{N}+", "\\p{N}(?=\\p{L})", "(?<=[^\\p{L}])x", "(?<=\\P{L}).",
            "[[:alpha:]]+", "[[:punct:]]+", "[[:^space:]]+", "[[:word:]&&[^a-z]]+", "[\\p{L}&&[^\\p{Ll}]]+", "[a-w&&[^c-g]z]+",
            "\\R", "\\x{1F600}", "\\xE3\\x81\\xAE", "\\u3042", "\\101", "[\\x41-\\x5A]+", "\\t|\\n|\\r",
            "\\p{Han}+", "\\p{Hiragana}|\\p{Katakana}", "\\p{^L}+", "\\P{N}+", "\\p{Emoji}", "[\\p{P}\\p{S}]",
            "(\\p{L})\\1", "(?<w>\\p{L})\\k<w>", "(?>\\p{L}+)\\p{L}", "\\p{L}++", "\\p{L}*+\\p{N}",
            "(?i)[^\\p{Ll}]+", "[\\w\\d]+", "[\\W]+", "\\w", "[\\w]", "(?i)\u03b9\u0308\u0301", "(?i)ΐ", "(?i)ǰ", "(?i)[ǅ]", "(?i)ǅ",
            "(?<=(?i)ss)\\p{L}", "\\p{In_Basic_Latin}+", "\\p{Latn}+", "\\p{Greek}+", "(?=\\p{L})\\w", "\\p{L}+(?!\\p{N})",
            "(?m)a.b", "a.b", "[^\\n]+", "\\S+\\s*$", "[\\s\\S]", "[[:cntrl:]]", "[[:print:]]+", "\\p{Print}+", "\\p{Cntrl}",
            "[]x]", "[x-]", "[-x]", "a{", "a{1", "a{,}", "(?x) \\p{L} + # comment\n", "(?m:.+)", "(?#c)x",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    static List<String> inputs() throws IOException {
        List<String> in = new ArrayList<>(PreTokenizerDifferentialTest.edgeCases());
        in.addAll(List.of("Straße STRASSE strasse ſs ẞ ﬆ ﬅ ST st ﬃ FFI ffi", "KELVIN \u212A k K", "İi Iı ΣσςΣ", "aab abc a{1 a{,} x]x x-y",
                "\u3042の\u304Eカ漢字", "\uD83D\uDE00 smile", "A\u0301B\u0300", "ABC abc Abc aBC 123abc abc123", "x\ny\n\nz\n", "² ³ ¹ ¼ ½ ¾ ª º µ \u00AD\u0085",
                "ΐ ΐ ΐ ΐ", "ǰ ǰ J̌", "ǅ ǆ Ǆ", "a\nb a\r\nb a\u2028b"));
        List<String> corpus = PreTokenizerDifferentialTest.inputs(PreTokenizerDifferentialTest.fixtures().resolve("corpus").resolve("multilingual.txt"));
        in.addAll(corpus.subList(0, Math.min(400, corpus.size())));
        return in;
    }

    @TestFactory
    Stream<DynamicTest> regexesAgainstTheRustLibrary() throws IOException {
        List<String> inputs = inputs();
        List<DynamicTest> tests = new ArrayList<>();
        for (String regex : REGEXES) {
            for (String behavior : List.of("Isolated", "MergedWithNext")) {
                String json = "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"" + PreTokenizerDifferentialTest.json(regex)
                        + "\"},\"behavior\":\"" + behavior + "\",\"invert\":false}";
                tests.add(DynamicTest.dynamicTest(behavior + " " + regex, () -> PreTokenizerDifferentialTest.compare(json, inputs)));
            }
        }
        return tests.stream();
    }
}
