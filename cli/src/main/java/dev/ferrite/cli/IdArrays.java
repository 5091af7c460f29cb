package dev.ferrite.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferrite.server.JsonErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads one line of {@code tokenize --decode} input: a JSON array of token ids such as {@code [101, 7592, 102]}. */
final class IdArrays {
    private static final JsonFactory JSON = new JsonFactory();

    private IdArrays() {
    }

    /**
     * The ids in {@code line}. Whitespace (a trailing {@code '\r'} too) is allowed around the tokens.
     *
     * @throws IllegalArgumentException saying what is wrong, when the line is not exactly one JSON
     *                                  array of integers from 0 to {@link Integer#MAX_VALUE}
     */
    static int[] parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t = p.nextToken();
            if (t == null) throw bad("expected a JSON array of token ids such as [101, 7592, 102], got an empty line");
            if (t != JsonToken.START_ARRAY) {
                throw bad("expected a JSON array of token ids such as [101, 7592, 102], got " + describe(t));
            }
            int[] ids = new int[16];
            int n = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw bad("the array is not closed");
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw bad("element " + n + " of the array is " + describe(t) + ", expected a token id (an integer)");
                }
                if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
                    throw bad("element " + n + " of the array is " + p.getText()
                            + ", which is no token id (ids run from 0 to " + Integer.MAX_VALUE + ")");
                }
                if (n == ids.length) ids = Arrays.copyOf(ids, n * 2);
                ids[n++] = p.getIntValue();
            }
            if (p.nextToken() != null) throw bad("unexpected text after the array");
            return Arrays.copyOf(ids, n);
        } catch (JsonProcessingException e) {
            throw bad("not valid JSON: " + JsonErrorText.of(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException(message);
    }
}
