package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * serde_json's default number parsing (de.rs without float_roundtrip), which the Rust tokenizers
 * library uses; the Unigram differential tests check the same against the real library.
 */
class SerdeNumberTest {
    private static double parse(String s) {
        return SerdeNumber.parse(s);
    }

    @Test
    void seventeenDigitScoresAreNotAlwaysCorrectlyRounded() {
        // 10 ^ -15 scaling of a 17-digit significand rounds twice.
        assertThat(parse("-13.177343368530273")).isEqualTo(Double.parseDouble("-13.177343368530272"));
        assertThat(parse("-13.177343368530273")).isNotEqualTo(Double.parseDouble("-13.177343368530273"));
        assertThat(parse("-13.1773433685302734")).isEqualTo(Double.parseDouble("-13.177343368530273"));
        assertThat(parse("-19.355117797851562")).isEqualTo(Double.parseDouble("-19.35511779785156"));
    }

    @Test
    void simpleNumbersAreExact() {
        assertThat(parse("0")).isEqualTo(0.0);
        assertThat(parse("5")).isEqualTo(5.0);
        assertThat(parse("-5")).isEqualTo(-5.0);
        assertThat(parse("0.1")).isEqualTo(0.1);
        assertThat(parse("-0.5")).isEqualTo(-0.5);
        assertThat(parse("1.5e3")).isEqualTo(1500.0);
        assertThat(parse("15E-1")).isEqualTo(1.5);
        assertThat(parse("2e+2")).isEqualTo(200.0);
        assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(parse("-0.0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void largeIntegers() {
        assertThat(parse("18446744073709551615")).isEqualTo(0x1p64); // u64::MAX as f64
        assertThat(parse("9223372036854775807")).isEqualTo(0x1p63);
        assertThat(parse("-9223372036854775808")).isEqualTo(-0x1p63);
        // Past u64 the further digits only count as powers of ten.
        assertThat(parse("184467440737095516159")).isEqualTo(parse("184467440737095516150"));
        assertThat(parse("100000000000000000000000")).isEqualTo(1e23);
    }

    @Test
    void digitsPastTwentyAreDropped() {
        assertThat(parse("0.12345678901234567890123")).isEqualTo(parse("0.1234567890123456789"));
        assertThat(parse("0.12345678901234567890999")).isEqualTo(parse("0.1234567890123456789"));
    }

    @Test
    void extremeExponents() {
        assertThat(parse("1e-400")).isEqualTo(0.0);
        assertThat(parse("1e-320")).isEqualTo(1.0 / 1e308 / 1e12);
        assertThat(parse("0e99999999999")).isEqualTo(0.0);
        assertThat(parse("1e-99999999999")).isEqualTo(0.0);
        assertThatThrownBy(() -> parse("1e400")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> parse("1e99999999999")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> parse("1.7976931348623159e308")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theReaderUsesItAndNamesThePathWhenOutOfRange() {
        JsonValue v = JsonReader.parse("{\"a\": [-13.177343368530273, 2]}", "test");
        JsonValue.JsonArray a = v.asObject().get("a").asArray();
        assertThat(a.get(0).asDouble()).isEqualTo(Double.parseDouble("-13.177343368530272"));
        assertThat(a.get(1).asIndex()).isEqualTo(2);
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": [1e999]}", "test"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.a[0]").hasMessageContaining("out of range");
    }
}
