package dev.ferrite.tokenizers.decoders;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Rust's from_utf8_lossy: one U+FFFD per maximal invalid subpart (Unicode's "substitution of maximal subparts"). */
class Utf8Test {
    private static String lossy(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return Utf8.decodeLossy(b, b.length);
    }

    @Test
    void examplesFromTheRustDocumentation() {
        // core::str::Utf8Chunks docs: b"Hello\xF0\x90\x80World" -> "Hello" + U+FFFD + "World".
        assertThat(lossy('H', 'i', 0xF0, 0x90, 0x80, 'W')).isEqualTo("Hi\uFFFDW");
        // Table 3-8 of the Unicode standard: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
        assertThat(lossy(0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64))
                .isEqualTo("a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd");
    }

    @Test
    void overlongsSurrogatesAndOutOfRangeAreOneErrorPerByte() {
        assertThat(lossy(0xC0, 0xAF)).isEqualTo("\uFFFD\uFFFD");
        assertThat(lossy(0xE0, 0x80, 0xAF)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(lossy(0xED, 0xA0, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(lossy(0xF4, 0x90, 0x80, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(lossy(0xF5)).isEqualTo("\uFFFD");
        assertThat(lossy(0xE2, 0x82)).isEqualTo("\uFFFD");
        assertThat(lossy(0xF0, 0x9F, 0x98)).isEqualTo("\uFFFD");
    }

    @Test
    void validTextRoundTrips() {
        String s = "héllo wörld — 叫 😀 \u0000 \uFFFF";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decodeLossy(b, b.length)).isEqualTo(s);
        assertThat(Utf8.decodeStrict(b, b.length)).isEqualTo(s);
        assertThat(Utf8.decodeStrict(new byte[] {(byte) 0xC3}, 1)).isNull();
    }

    @Test
    void differsFromTheJdkOnSurrogatesAndCutSequences() {
        // new String(bytes, UTF_8) gives one U+FFFD for ED A0 80 and three for ED BC 81 DF EF; Rust gives three and five.
        assertThat(lossy(0xED, 0xBC, 0x81, 0xDF, 0xEF)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(new String(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, StandardCharsets.UTF_8)).hasSize(1);
    }
}
