package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdArraysTest {

    @Test
    void readsIds() {
        assertThat(IdArrays.parse("[101, 7592, 2088, 102]")).containsExactly(101, 7592, 2088, 102);
        assertThat(IdArrays.parse("  [0,2147483647]\r")).containsExactly(0, Integer.MAX_VALUE);
        assertThat(IdArrays.parse("[]")).isEmpty();
        int[] many = IdArrays.parse("[" + "1,".repeat(99) + "1]");
        assertThat(many).hasSize(100).containsOnly(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                 | got an empty line",
        "'   '              | got an empty line",
        "{\"ids\": [1]}     | got an object",
        "\"hello\"          | got a string",
        "7                  | got an integer",
        "[1, 2.5]           | element 1 of the array is a decimal number",
        "[1, \"2\"]         | element 1 of the array is a string",
        "[[1]]              | element 0 of the array is an array",
        "[null]             | element 0 of the array is null",
        "[-1]               | element 0 of the array is -1, which is no token id",
        "[2147483648]       | element 0 of the array is 2147483648, which is no token id",
        "[1, 2              | not valid JSON",
        "[1] x              | not valid JSON",
        "[1] [2]            | unexpected text after the array",
        "[1,]               | not valid JSON",
        "[                  | expected close marker for Array (start marker at line 1, column 1)",
    })
    void rejectsWhatIsNotOneArrayOfIds(String line, String message) {
        assertThatThrownBy(() -> IdArrays.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
