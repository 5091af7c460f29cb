package dev.ferrite.tokenizers.normalizers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.ferrite.tokenizers.normalizers.NormalizersDifferentialTest.bert;
import static dev.ferrite.tokenizers.normalizers.NormalizersDifferentialTest.precompiled;
import static dev.ferrite.tokenizers.normalizers.NormalizersDifferentialTest.seq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The character-level normalizers against the Rust library on (nearly) every code point and on
 * random sequences of combining marks: this is where the Unicode versions of the Rust crates
 * (9.0.0 for normalization, 8.0.0 for BertNormalizer's categories, 17.0.0 for lowercase) would show
 * if Ferrite used the JDK's own data instead.
 */
class UnicodeDifferentialTest {
    static Stream<Arguments> normalizers() {
        return Stream.of(
                Arguments.of("NFC", "{\"type\":\"NFC\"}"),
                Arguments.of("NFD", "{\"type\":\"NFD\"}"),
                Arguments.of("NFKC", "{\"type\":\"NFKC\"}"),
                Arguments.of("NFKD", "{\"type\":\"NFKD\"}"),
                Arguments.of("Lowercase", "{\"type\":\"Lowercase\"}"),
                Arguments.of("Bert", bert(true, true, "true", true)),
                Arguments.of("NFKD+StripAccents", seq("{\"type\":\"NFKD\"}", "{\"type\":\"StripAccents\"}")),
                Arguments.of("Nmt", "{\"type\":\"Nmt\"}"),
                Arguments.of("Precompiled nmt_nfkc", precompiled("nmt_nfkc")),
                Arguments.of("Precompiled nmt_nfkc_cf", precompiled("nmt_nfkc_cf")));
    }

    /**
     * Code points in lines of 500, each followed by a line feed so that it stands alone: all of
     * planes 0 and 1, samples of planes 2 and 3, plane 14, samples of the private use planes.
     */
    static List<String> codePointLines() {
        List<Integer> cps = new ArrayList<>();
        for (int c = 0; c < 0x20000; c++) if (c < 0xD800 || c > 0xDFFF) cps.add(c);
        for (int c = 0x20000; c < 0x40000; c += 37) cps.add(c);
        for (int c = 0xE0000; c < 0xE1000; c++) cps.add(c);
        for (int c = 0xF0000; c <= 0x10FFFF; c += 1021) cps.add(c);
        cps.addAll(List.of(0xFFFFD, 0xFFFFE, 0xFFFFF, 0x10FFFD, 0x10FFFF));
        List<String> lines = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cps.size(); i++) {
            b.appendCodePoint(cps.get(i)).append('\n');
            if (i % 500 == 499) {
                lines.add(b.toString());
                b.setLength(0);
            }
        }
        lines.add(b.toString());
        return lines;
    }

    /** Characters whose normalization interacts: bases, marks of many combining classes, composites. */
    private static final int[] POOL = {
        'a', 'e', 'o', 'u', 'A', 'E', 'O', 'U', 's', 'i', ' ', '.', 0xC5, 0x3B1, 0x3C9, 0x3B9, 0x415, 0x435, 0x627,
        0x928, 0x915, 0xB47, 0xBC6, 0xD46, 0xDD9, 0x1025, 0x1B05, 0x11131, 0x11132, 0x110A5, 0x11347,
        0x300, 0x301, 0x302, 0x303, 0x304, 0x306, 0x307, 0x308, 0x30A, 0x30B, 0x30C, 0x31B, 0x323, 0x327, 0x328,
        0x316, 0x331, 0x334, 0x338, 0x342, 0x345, 0x5B0, 0x5B4, 0x5BC, 0x653, 0x654, 0x655, 0x93C, 0x94D, 0xB3E,
        0xB57, 0xBBE, 0xBD7, 0xD3E, 0xDCA, 0xDCF, 0xF71, 0xF72, 0xF74, 0xF80, 0x102E, 0x1B35, 0x3099, 0x309A,
        0x1D165, 0x1D16D, 0x1D16E, 0x11127, 0x1133E, 0x11357, 0x110BA,
        0x1100, 0x1112, 0x1161, 0x1175, 0x11A7, 0x11A8, 0x11C2, 0xAC00, 0xAC01, 0xD7A3, 0xAE4C,
        0xE9, 0x1EBF, 0x1E69, 0x1D5, 0x3AC, 0x390, 0x1E9B, 0x344, 0x340, 0x343, 0xF73, 0xF75, 0xF81, 0xFB2C,
        0x2ADC, 0x1D15E, 0x1D160, 0x212B, 0x2126, 0x1F80, 0x1FB7, 0x385, 0x1FEE,
        0xFB01, 0xB2, 0x338E, 0xFF76, 0xFF9E, 0xFF9F, 0xBD, 0x1C6, 0x210C, 0x2460, 0x3300, 0xFDFA, 0x1F1, 0x130, 0x3A3,
        // Grapheme cluster edge cases for Precompiled: prepend marks, spacing marks, joiners, emoji.
        0x600, 0x605, 0x110BD, 0xE33, 0xE49, 0x1F1E6, 0x1F1EB, 0x200D, 0xFE0F, 0x1F600, 0x1F3FB, '\r', '\n',
        // Marks that have a combining class only in Unicode versions after 9.0.0.
        0x1DFA, 0x897, 0x1ACE, 0x10EFD, 0x1E4EC, 0x16FF0, 0x2E3, 0x1DF9};

    static List<String> randomSequences() {
        Random random = new Random(20250101);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(10);
            for (int k = 0; k < n; k++) b.appendCodePoint(POOL[random.nextInt(POOL.length)]);
            out.add(b.toString());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizers")
    void sameAsRustOnEveryCodePoint(String name, String json) {
        List<String> mismatches = new ArrayList<>();
        try (RustNormalizerOracle rust = RustNormalizerOracle.of(json)) {
            NormalizersDifferentialTest.compare(rust, RustNormalizerOracle.ferrite(json), "code points",
                    codePointLines(), mismatches);
        }
        assertThat(mismatches).as(name + ": code points where Ferrite differs from Rust").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizers")
    void sameAsRustOnRandomCombiningSequences(String name, String json) {
        List<String> mismatches = new ArrayList<>();
        try (RustNormalizerOracle rust = RustNormalizerOracle.of(json)) {
            NormalizersDifferentialTest.compare(rust, RustNormalizerOracle.ferrite(json), "random",
                    randomSequences(), mismatches);
        }
        assertThat(mismatches).as(name + ": sequences where Ferrite differs from Rust").isEmpty();
    }
}
