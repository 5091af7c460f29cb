package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.EncodingDiff;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RefEncoding;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inputs that break software, through every real tokenizer, against the Rust library: lone
 * surrogates (read as U+FFFD, offsets still indexing the caller's string), empty input, control and
 * invisible characters, and a single line of several megabytes. (The naughty corpus goes through
 * every tokenizer in {@link CorpusExactnessTest}.)
 */
class RobustnessTest {

    static List<String> tokenizers() {
        return Fixtures.TOKENIZERS;
    }

    /** Java strings with lone surrogates, which UTF-8 cannot carry. */
    static final List<String> LONE_SURROGATES = List.of(
            "a\uD800b", "\uDC00", "x\uD83D", "\uDE00\uD83D", "\uD83D\uDE00\uD800\uD83D\uDE00 tail",
            "\uD800\uD800 \uDFFF", "Hello \uDBFF world", "<s>\uDC80</s>", "caf\u00E9\uD800\u0301");

    /** The documented reading: each lone surrogate becomes U+FFFD (same UTF-16 length). */
    static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void loneSurrogatesEncodeAsReplacementCharactersWithOffsetsIntoTheOriginal(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + ": lone surrogates (sample = index in the list)");
        for (int i = 0; i < LONE_SURROGATES.size(); i++) {
            String text = LONE_SURROGATES.get(i);
            String replaced = replaceLoneSurrogates(text);
            for (boolean special : new boolean[] {true, false}) {
                RefEncoding r = ref.encode(replaced, special);
                String d;
                try {
                    Encoding o = ours.encode(text, special);
                    d = EncodingDiff.diff(o, r);
                    // UTF-16 offsets index the caller's string: U+FFFD and a lone surrogate are both one unit.
                    if (d == null) d = EncodingDiff.diffUtf16(o, r, text);
                    if (d == null) d = Differential.decodes(ours, ref, r.ids());
                } catch (Throwable t) {
                    d = "Ferrite throws " + Differential.brief(t);
                }
                report.record(i, text, d == null ? null : "special tokens " + special + ": " + d);
            }
            final String pairText = "pair " + text;
            report.record(i, text + " ‖ " + pairText, Differential.compare(() -> ours.encode(text, pairText, true),
                    () -> ref.encode(replaced, replaceLoneSurrogates(pairText), true), ours, ref));
        }
        report.assertClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void emptyInputEncodesAsTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + ": empty input (sample = case number)");
        for (boolean special : new boolean[] {true, false}) {
            report.record(1, "", Differential.single(ours, ref, "", special));
            report.record(2, "\"\" ‖ \"\"", Differential.pair(ours, ref, "", "", special));
            report.record(3, "\"\" ‖ a", Differential.pair(ours, ref, "", "a", special));
            report.record(4, "a ‖ \"\"", Differential.pair(ours, ref, "a", "", special));
            List<String> batch = List.of("", "a", "");
            List<Encoding> oursBatch;
            try {
                oursBatch = ours.encodeBatch(batch, special);
            } catch (Throwable t) {
                report.mismatch(5, "batch [\"\", a, \"\"]", "Ferrite throws " + Differential.brief(t));
                continue;
            }
            List<RefEncoding> refBatch = ref.encodeBatch(batch, special);
            for (int i = 0; i < batch.size(); i++) {
                report.record(5 + i, "batch item " + i, EncodingDiff.diff(oursBatch.get(i), refBatch.get(i)));
            }
            report.record(8, "decode of no ids", Differential.decodes(ours, ref, new int[0]));
            assertThat(ours.encodeBatch(List.of(), special)).isEmpty();
        }
        report.assertClean();
    }

    /** Control, format and other invisible characters, alone and between letters. */
    static List<String> controlCharacterInputs() {
        List<String> out = new ArrayList<>();
        StringBuilder allC0 = new StringBuilder();
        for (char c = 0; c < 0x20; c++) allC0.append(c);
        out.add(allC0.toString());
        out.add("a" + allC0 + "b");
        StringBuilder c1 = new StringBuilder();
        for (char c = 0x7F; c <= 0x9F; c++) c1.append(c);
        out.add("x" + c1 + "y");
        int[] specials = {0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0xA0, 0xAD,
                0x034F, 0x061C, 0x115F, 0x180E, 0x2000, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A,
                0x202E, 0x2060, 0x2066, 0x3000, 0x3164, 0xFE0F, 0xFEFF, 0xFFF9, 0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0xE000,
                0x1D173, 0xE0001, 0xE0041, 0xF0000, 0x10FFFF};
        for (int cp : specials) {
            String c = new String(Character.toChars(cp));
            out.add(c);
            out.add("word" + c + "word");
            out.add(" " + c + " " + c + c + " ");
        }
        out.add("line one\r\nline two\rline three\n\n\tindented\u000B\u000Cend");
        out.add("\u0301\u0301 combining marks first, e\u0301\u0302\u0303\u0304\u0305 stacked");
        out.add("\t \u00A0\u2003\u3000 mixed spaces \u2009\u202F\u205F end ");
        out.add("<s>\u0000</s>[CLS]\u0007[SEP]<|endoftext|>\u001B[31m");
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void controlCharactersEncodeAsTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail();
        RustReference ref = loaded.reference();
        MismatchReport report = new MismatchReport(tokenizer + ": control characters (sample = index in the list)");
        List<String> inputs = controlCharacterInputs();
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            String d1 = Differential.single(ours, ref, text, true);
            String d2 = Differential.single(ours, ref, text, false);
            String d3 = Differential.pair(ours, ref, text, text, true);
            String d = d1 != null ? d1 : d2 != null ? "without special tokens: " + d2 : d3 != null ? "as a pair: " + d3 : null;
            report.record(i, text, d);
        }
        report.assertClean();
    }

    /** One line of at least {@code bytes} UTF-8 bytes: the corpora joined with spaces, repeated. */
    static String hugeLine(int bytes) {
        StringBuilder sb = new StringBuilder(bytes);
        int size = 0;
        while (size < bytes) {
            for (String corpus : List.of("english", "multilingual", "code", "naughty")) {
                for (String line : Fixtures.corpus(corpus)) {
                    sb.append(line).append(' ');
                    size += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    if (size >= bytes) return sb.toString();
                }
            }
        }
        return sb.toString();
    }

    private static String compareHuge(Tokenizer ours, RustReference ref, String text) {
        RefEncoding r = ref.encode(text, true);
        Encoding o;
        try {
            o = ours.encode(text, true);
        } catch (Throwable t) {
            return "Ferrite throws " + Differential.brief(t);
        }
        String d = EncodingDiff.diffUtf16(o, r, text);
        if (d == null) d = Differential.decodes(ours, ref, r.ids());
        return d;
    }

    /**
     * A single line of 10 MB must finish and match. The Rust library itself takes 20 to 60 s per
     * tokenizer on such a line on this machine, so this runs the two with the cheapest reference
     * (WordPiece with the BERT normalizer, and o200k byte-level BPE) without truncation or padding;
     * {@link #aOneMegabyteLineMatchesTheReference} covers every tokenizer.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"minilm", "gpt4o"})
    void aTenMegabyteLineMatchesTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail().withTruncation(null).withPadding(null);
        String line = hugeLine(10_000_000);
        try (RustReference ref = loaded.reference().withSettings(null, null)) {
            MismatchReport report = new MismatchReport(tokenizer + ": one line of 10 MB");
            report.record(1, line, compareHuge(ours, ref, line));
            report.assertClean();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void aOneMegabyteLineMatchesTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer ours = loaded.oursOrFail();
        String line = hugeLine(1_000_000);
        MismatchReport report = new MismatchReport(tokenizer + ": one line of 1 MB, the tokenizer.json's own settings");
        report.record(1, line, compareHuge(ours, loaded.reference(), line));
        report.assertClean();
    }

    /** A null text is the caller's bug: the exception says which argument, and in a batch which element. */
    @Test
    void aNullTextIsRefusedNamingWhichOne() {
        Tokenizer tok = Tokenizer.fromJson(Fixtures.tokenizerJson("minilm"));
        assertThatThrownBy(() -> tok.encode(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
        assertThatThrownBy(() -> tok.encodeBatch(Arrays.asList("a", "b", null), true))
                .isInstanceOf(NullPointerException.class).hasMessage("texts[2] is null");
        assertThatThrownBy(() -> tok.encodeBatch(List.of("a", "b"), Arrays.asList("c", null), true))
                .isInstanceOf(NullPointerException.class).hasMessage("pairs[1] is null");
    }

    @Test
    void replacementOfLoneSurrogatesKeepsTheLength() {
        for (String s : LONE_SURROGATES) {
            String r = replaceLoneSurrogates(s);
            assertThat(r).hasSameSizeAs(s);
            assertThat(r.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as(r).isTrue();
            assertThat(r.replace("\uFFFD", "")).isEqualTo(s.codePoints().filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
    }
}
