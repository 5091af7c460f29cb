package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.pipeline.Pattern.Match;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-written scanners against {@link OnigRegex} compiled from the same pattern string (itself
 * checked against the Rust library by {@link OnigRegexDifferentialTest}): every line of the four
 * corpora, multi-line chunks of them, edge cases and seeded random strings must give the same
 * matches. {@link FastRegexReferenceTest} compares with the Rust library directly.
 */
class FastRegexTest {
    static final List<String> SOURCES = List.of(FastRegex.GPT2, FastRegex.CL100K, FastRegex.QWEN2, FastRegex.O200K);
    private static final List<String> CORPORA = List.of("english", "code", "multilingual", "naughty");

    private static List<String> matches(Object pattern, String text) {
        List<String> out = new ArrayList<>();
        switch (pattern) {
            case FastRegex f -> f.forEachMatch(text, (s, e) -> out.add(s + "-" + e));
            case OnigRegex o -> o.forEachMatch(text, (s, e) -> out.add(s + "-" + e));
            default -> throw new IllegalArgumentException(pattern.toString());
        }
        return out;
    }

    /** The texts (as code point strings) of the matches of {@code source}'s scanner. */
    private static List<String> pieces(String source, String text) {
        List<String> out = new ArrayList<>();
        FastRegex.forSource(source).forEachMatch(text, (s, e) -> out.add(text.substring(s, e)));
        return out;
    }

    private static void sameAsOniguruma(String source, List<String> inputs) {
        FastRegex fast = FastRegex.forSource(source);
        OnigRegex onig = OnigRegex.compile(source);
        List<String> failures = new ArrayList<>();
        int mismatches = 0;
        for (String text : inputs) {
            List<String> mine = matches(fast, text);
            List<String> theirs = matches(onig, text);
            if (!mine.equals(theirs)) {
                if (failures.size() < 5) failures.add(escape(text) + "\n  fast: " + mine + "\n  onig: " + theirs);
                mismatches++;
            }
        }
        if (mismatches > 0) fail(mismatches + " of " + inputs.size() + " inputs differ for " + fast + ", e.g.\n" + String.join("\n", failures));
        assertThat(inputs).isNotEmpty();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    @TestFactory
    Stream<DynamicTest> corporaLinesAndChunks() {
        Path corpus = PreTokenizerDifferentialTest.fixtures().resolve("corpus");
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : SOURCES) {
            for (String name : CORPORA) {
                tests.add(DynamicTest.dynamicTest(FastRegex.forSource(source) + " on " + name, () -> {
                    List<String> inputs = PreTokenizerDifferentialTest.inputs(corpus.resolve(name + ".txt"));
                    inputs.add(Files.readString(corpus.resolve(name + ".txt"))); // the whole file as one text
                    sameAsOniguruma(source, inputs);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> edgeCasesAndRandomStrings() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : SOURCES) {
            String name = FastRegex.forSource(source).toString();
            tests.add(DynamicTest.dynamicTest(name + " edge cases", () -> sameAsOniguruma(source, PreTokenizerDifferentialTest.edgeCases())));
            tests.add(DynamicTest.dynamicTest(name + " random", () -> sameAsOniguruma(source, FastRegexInputs.random(20260101L, 6000, 24))));
            tests.add(DynamicTest.dynamicTest(name + " random long", () -> sameAsOniguruma(source, FastRegexInputs.random(77L, 600, 300))));
            tests.add(DynamicTest.dynamicTest(name + " random, lone surrogates", () ->
                    sameAsOniguruma(source, FastRegexInputs.randomWithLoneSurrogates(4242L, 3000, 24))));
        }
        return tests.stream();
    }

    @Test
    void theComparisonSeesADifference() {
        // The scanners must not all agree with any regex: cl100k and qwen2 differ on numbers.
        assertThat(matches(FastRegex.forSource(FastRegex.CL100K), "12345")).containsExactly("0-3", "3-5");
        assertThat(matches(OnigRegex.compile(FastRegex.QWEN2), "12345")).hasSize(5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            FastRegex fast = FastRegex.forSource(FastRegex.CL100K);
            OnigRegex onig = OnigRegex.compile(FastRegex.QWEN2);
            if (!matches(fast, "12345").equals(matches(onig, "12345"))) fail("differ");
        }).isInstanceOf(AssertionError.class);
    }

    @Test
    void contractionsFoldCaseAsOnigurumaDoes() {
        // GPT-2's are case-sensitive; the others take 'S and 'ſ (which folds to s), never 'ß (which folds to ss).
        assertThat(pieces(FastRegex.GPT2, "it's IT'S it'ſ")).containsExactly("it", "'s", " IT", "'", "S", " it", "'", "ſ");
        assertThat(pieces(FastRegex.CL100K, "it's IT'S it'ſ it'ß")).containsExactly("it", "'s", " IT", "'S", " it", "'ſ", " it", "'ß");
        assertThat(pieces(FastRegex.CL100K, "'sup x'LL x'Ll x'lL x're x'rE x'Ve")).containsExactly("'s", "up", " x", "'LL", " x", "'Ll",
                " x", "'lL", " x", "'re", " x", "'rE", " x", "'Ve");
        // ... but a space before the apostrophe takes it first.
        assertThat(pieces(FastRegex.CL100K, "x 'll")).containsExactly("x", " '", "ll");
        assertThat(pieces(FastRegex.O200K, "IT'S it'ſ HelloWorld'LL x'ß")).containsExactly("IT'S", " it'ſ", " Hello", "World'LL", " x", "'ß");
    }

    @Test
    void whitespaceGivesBackOneCharacterBeforeANonSpace() {
        assertThat(pieces(FastRegex.GPT2, "a   b  ")).containsExactly("a", "  ", " b", "  ");
        assertThat(pieces(FastRegex.GPT2, "a\t\tb \n")).containsExactly("a", "\t", "\t", "b", " \n");
        assertThat(pieces(FastRegex.CL100K, "a \n \n  b")).containsExactly("a", " \n \n", " ", " b");
        assertThat(pieces(FastRegex.O200K, "x\r\n\r\n//y")).containsExactly("x", "\r\n\r\n", "//", "y");
        assertThat(pieces(FastRegex.O200K, "x.\n//y")).containsExactly("x", ".\n//", "y");
    }

    @Test
    void o200kSplitsAtCaseChangesAndMarks() {
        assertThat(pieces(FastRegex.O200K, "HTTPServer getX xML ǅungla e\u0301")).containsExactly("HTTPServer", " get", "X", " x", "ML",
                " ǅungla", " e\u0301");
        // A leading mark is taken as the optional first character, then U*W+ gives 'A' back.
        assertThat(pieces(FastRegex.O200K, "\u0301\u0301A \u0301")).containsExactly("\u0301\u0301", "A", " \u0301");
    }

    @Test
    void supplementaryCharactersAreWhole() {
        String bold = "\uD835\uDC00\uD835\uDC1A"; // MATHEMATICAL BOLD CAPITAL A, SMALL A
        assertThat(pieces(FastRegex.GPT2, " " + bold + "\uD83D\uDE00\uD83D\uDE00")).containsExactly(" " + bold, "\uD83D\uDE00\uD83D\uDE00");
        assertThat(pieces(FastRegex.CL100K, "\uD83D\uDE00" + bold + " \uD835\uDFCE\uD835\uDFCF12"))
                .containsExactly("\uD83D\uDE00" + bold, " ", "\uD835\uDFCE\uD835\uDFCF1", "2");
        assertThat(pieces(FastRegex.O200K, bold)).containsExactly(bold);
    }

    @Test
    void segmentsAreTheMatchesEndToEnd() {
        FastRegex gpt2 = FastRegex.forSource(FastRegex.GPT2);
        assertThat(gpt2.findMatches("")).containsExactly(new Match(0, 0, false));
        assertThat(gpt2.findMatches("Hi you")).containsExactly(new Match(0, 2, true), new Match(2, 6, true));
        assertThat(gpt2.findMatches("Hi you")).isEqualTo(OnigRegex.compile(FastRegex.GPT2).findMatches("Hi you"));
        assertThat(gpt2.matchEnd("Hi you!".toCharArray(), 2, 6)).isEqualTo(6);
    }

    @Test
    void chosenOnlyForTheExactPatternStrings() throws IOException {
        Path tokenizers = PreTokenizerDifferentialTest.fixtures().resolve("tokenizers");
        assertThat(regexOf(tokenizers.resolve("llama3/tokenizer.json"))).isEqualTo(FastRegex.CL100K);
        assertThat(regexOf(tokenizers.resolve("qwen3/tokenizer.json"))).isEqualTo(FastRegex.QWEN2);
        assertThat(regexOf(tokenizers.resolve("gpt4o/tokenizer.json"))).isEqualTo(FastRegex.O200K);
        for (String source : SOURCES) {
            assertThat(FastRegex.compile(source)).isInstanceOf(FastRegex.class);
            assertThat(FastRegex.compile(source + "|x")).isInstanceOf(OnigRegex.class);
            assertThat(Split.onRegex(source, dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior.ISOLATED, false).pattern())
                    .isSameAs(FastRegex.forSource(source));
        }
        assertThat(ByteLevel.GPT2).isNotNull().isSameAs(FastRegex.forSource(FastRegex.GPT2));
        assertThat(FastRegex.compile("\\s+")).isInstanceOf(OnigRegex.class);
        assertThat(FastRegex.forSource(FastRegex.GPT2.replace("(?!\\S)", "(?=\\S)"))).isNull();
    }

    /** The regex of the Split pre-tokenizer of a fixture tokenizer.json (itself or inside its Sequence). */
    private static String regexOf(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) fail("missing tokenizer fixture " + tokenizerJson);
        JsonObject pre = JsonReader.parse(Files.readString(tokenizerJson), tokenizerJson.toString()).asObject().get("pre_tokenizer").asObject();
        for (JsonValue v : pre.get("pretokenizers").asArray().items()) {
            if (v.asObject().type().equals("Split")) return v.asObject().get("pattern").asObject().get("Regex").asString();
        }
        throw new AssertionError("no Split in " + tokenizerJson);
    }

    @Test
    void charactersNotWorkedOutYetScanAsOnigurumaDoes() throws IOException {
        // The class table fills in as text meets characters: emptied before each text, it makes every scanner
        // meet unknown entries mid-run (letters, digits, marks, a second U+3000 in a run of white space).
        List<String> inputs = new ArrayList<>(List.of("a \u3000\u3000b  \u00a0\u2003x", "h\u00e9llo w\u00f6rld \u0661\u0662\u0663 \u00bd",
                "x\u0301\u0302y \u01c4\u01c5 \ud835\udc00\ud835\udc01 \u00e9\u0301\n\r\u2028"));
        Path multilingual = PreTokenizerDifferentialTest.fixtures().resolve("corpus/multilingual.txt");
        inputs.addAll(PreTokenizerDifferentialTest.inputs(multilingual).stream().limit(300).toList());
        try {
            for (String source : SOURCES) {
                FastRegex fast = FastRegex.forSource(source);
                OnigRegex onig = OnigRegex.compile(source);
                for (String text : inputs) {
                    ScanClasses.forget();
                    assertThat(matches(fast, text)).as(fast + " on " + escape(text)).isEqualTo(matches(onig, text));
                }
            }
        } finally {
            ScanClasses.forget(); // no test after this one depends on what these texts filled in
        }
    }

    @Test
    void classTableAgreesWithJavaUtilRegexOnEveryCodePoint() {
        String[][] classes = {{"\\p{L}", "1"}, {"\\p{N}", "2"}, {"\\p{IsWhite_Space}", "4"}, {"[\\r\\n]", "8"},
                {"[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]", "16"}, {"[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]", "32"}};
        List<String> wrong = new ArrayList<>();
        for (String[] c : classes) {
            java.util.function.Predicate<String> p = java.util.regex.Pattern.compile(c[0]).asMatchPredicate();
            int bit = Integer.parseInt(c[1]);
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                String s = Character.toString(cp);
                int bits = ScanClasses.at(s.toCharArray(), 0, s.length());
                if (((bits & bit) != 0) != p.test(s) && wrong.size() < 10) wrong.add(c[0] + " U+" + Integer.toHexString(cp));
                if (ScanClasses.width(bits) != s.length() && wrong.size() < 10) wrong.add("width U+" + Integer.toHexString(cp));
            }
        }
        assertThat(wrong).isEmpty();
    }
}
