package dev.ferrite.tokenizers.pretokenizers;

import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/digits.rs. */
class DigitsTest {
    @Test
    void numbers() {
        Digits d = new Digits(false);
        assertThat(Splits.normalized(d, "Hey 123 friend!")).containsExactly(s("Hey ", 0, 4), s("123", 4, 7), s(" friend!", 7, 15));
        assertThat(Splits.original(d, "Hey 123 friend!")).containsExactly(s("Hey ", 0, 4), s("123", 4, 7), s(" friend!", 7, 15));
    }

    @Test
    void individualDigits() {
        Digits d = new Digits(true);
        assertThat(Splits.original(d, "Hey 123 friend!")).containsExactly(s("Hey ", 0, 4), s("1", 4, 5), s("2", 5, 6),
                s("3", 6, 7), s(" friend!", 7, 15));
    }

    @Test
    void numericMeansNdNlNo() {
        // '½' (No) and 'Ⅻ' (Nl) are numeric for Rust's char::is_numeric.
        assertThat(Splits.original(new Digits(false), "a½Ⅻb")).containsExactly(s("a", 0, 1), s("½Ⅻ", 1, 3), s("b", 3, 4));
    }
}
