package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.normalizers.RustNormalizerOracle.Normalized;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every normalizer against the Rust library on every line of the shared corpora: the normalized
 * text and the alignment of each of its characters must be identical.
 */
class NormalizersDifferentialTest {
    static final String[] CORPORA = {"english.txt", "code.txt", "multilingual.txt", "naughty.txt"};

    /** Checked on every line of every corpus. */
    static Stream<Arguments> normalizers() {
        return Stream.of(
                Arguments.of("NFC", "{\"type\":\"NFC\"}"),
                Arguments.of("NFD", "{\"type\":\"NFD\"}"),
                Arguments.of("NFKC", "{\"type\":\"NFKC\"}"),
                Arguments.of("NFKD", "{\"type\":\"NFKD\"}"),
                Arguments.of("Lowercase", "{\"type\":\"Lowercase\"}"),
                Arguments.of("Bert (minilm)", bert(true, true, "null", true)),
                Arguments.of("Bert (bge-small-zh)", bert(true, true, "null", false)),
                Arguments.of("llama2", seq("{\"type\":\"Prepend\",\"prepend\":\"\u2581\"}",
                        "{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"\u2581\"}")),
                Arguments.of("Precompiled nmt_nfkc + spaces (T5, XLM-R)", seq(precompiled("nmt_nfkc"),
                        "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\" \"}")));
    }

    /** Checked on the corpora with the most varied characters (multilingual and naughty). */
    static Stream<Arguments> moreNormalizers() {
        return Stream.of(
                Arguments.of("Bert strip accents only", bert(false, false, "true", false)),
                Arguments.of("Bert lowercase, keep accents", bert(true, false, "false", true)),
                Arguments.of("NFKD+StripAccents+Lowercase",
                        seq("{\"type\":\"NFKD\"}", "{\"type\":\"StripAccents\"}", "{\"type\":\"Lowercase\"}")),
                Arguments.of("Strip", "{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true}"),
                Arguments.of("Strip right", "{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true}"),
                Arguments.of("Nmt", "{\"type\":\"Nmt\"}"),
                Arguments.of("Replace regexes", seq("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"content\":\" \"}",
                        "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"[,.;:]+$\"},\"content\":\"\"}",
                        "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"(?<=\\\\w)[.,]\"},\"content\":\"\"}",
                        "{\"type\":\"Replace\",\"pattern\":{\"String\":\"\"},\"content\":\"|\"}")),
                Arguments.of("ByteLevel", "{\"type\":\"ByteLevel\"}"),
                Arguments.of("Precompiled nmt_nfkc_cf", precompiled("nmt_nfkc_cf")),
                // An empty match at 0 puts a character of empty alignment in front, which the next
                // transform leaves out of its range but still rewrites (Rust's Range::Original(..)).
                // Most such sequences make the Rust library panic; this one does not.
                Arguments.of("leading empty alignment", seq("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"^\"},\"content\":\"<\"}",
                        "{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true}")));
    }

    static String bert(boolean clean, boolean chinese, String strip, boolean lower) {
        return "{\"type\":\"BertNormalizer\",\"clean_text\":" + clean + ",\"handle_chinese_chars\":" + chinese
                + ",\"strip_accents\":" + strip + ",\"lowercase\":" + lower + "}";
    }

    static String seq(String... normalizers) {
        return "{\"type\":\"Sequence\",\"normalizers\":[" + String.join(",", normalizers) + "]}";
    }

    static String precompiled(String rule) {
        try (InputStream in = NormalizersDifferentialTest.class.getResourceAsStream(rule + ".charsmap")) {
            if (in == null) fail("test resource " + rule + ".charsmap is missing");
            return "{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"" + Base64.getEncoder().encodeToString(in.readAllBytes())
                    + "\"}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizers")
    void sameAsRustOnAllCorpora(String name, String json) {
        check(name, json, CORPORA, 40_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moreNormalizers")
    void sameAsRustOnVariedCorpora(String name, String json) {
        check(name, json, new String[] {"multilingual.txt", "naughty.txt"}, 10_000);
    }

    private static void check(String name, String json, String[] corpora, int minLines) {
        Normalizer normalizer = RustNormalizerOracle.ferrite(json);
        List<String> mismatches = new ArrayList<>();
        int lines = 0;
        try (RustNormalizerOracle rust = RustNormalizerOracle.of(json)) {
            for (String corpus : corpora) {
                List<String> all = Fixtures.corpus(corpus);
                lines += all.size();
                compare(rust, normalizer, corpus, all, mismatches);
            }
        }
        assertThat(lines).isGreaterThan(minLines);
        assertThat(mismatches).as(name + ": lines where Ferrite differs from Rust").isEmpty();
    }

    /** Compares in batches, collecting at most a few mismatches. */
    static void compare(RustNormalizerOracle rust, Normalizer normalizer, String source, List<String> inputs,
                        List<String> mismatches) {
        for (int from = 0; from < inputs.size(); from += 2000) {
            List<String> batch = inputs.subList(from, Math.min(inputs.size(), from + 2000));
            List<Normalized> expected = rust.normalize(batch);
            for (int i = 0; i < batch.size(); i++) {
                Normalized actual = RustNormalizerOracle.ferrite(normalizer, batch.get(i));
                if (!actual.equals(expected.get(i)) && mismatches.size() < 5) {
                    mismatches.add(source + ":" + (from + i + 1) + " input " + escape(batch.get(i)) + "\n  rust    "
                            + escape(expected.get(i).toString()) + "\n  ferrite " + escape(actual.toString()));
                }
            }
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7F) b.appendCodePoint(c);
            else b.append(String.format("\\u{%X}", c));
        });
        return b.length() > 600 ? b.substring(0, 600) + "..." : b.toString();
    }
}
