package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON parser: the grammar, the compact forms of big sections, and errors that name the path. */
class JsonReaderTest {

    private static JsonValue parse(String json) {
        return JsonReader.parse(json, "test");
    }

    @Test
    void readsEveryKindOfValue() {
        JsonObject o = parse(" {\"s\": \"x\", \"t\": true, \"f\": false, \"n\": null, \"i\": 42, \"d\": -1.5e2,\n"
                + "\t\"a\": [1, \"y\", [], {}], \"o\": {\"k\": \"v\"}}\r\n").asObject();
        assertThat(o.string("s")).isEqualTo("x");
        assertThat(o.get("t").asBoolean()).isTrue();
        assertThat(o.get("f").asBoolean()).isFalse();
        assertThat(o.get("n").isNull()).isTrue();
        assertThat(o.get("i").asIndex()).isEqualTo(42);
        assertThat(o.get("d").asDouble()).isEqualTo(-150.0);
        JsonArray a = o.get("a").asArray();
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.get(1).asString()).isEqualTo("y");
        assertThat(a.get(2).asArray().size()).isZero();
        assertThat(a.get(3).asObject().fields()).isEmpty();
        assertThat(a.get(3).path()).isEqualTo("$.a[3]");
        assertThat(o.get("o").asObject().get("k").path()).isEqualTo("$.o.k");
    }

    @Test
    void decodesEscapesAndUtf8() {
        JsonObject o = parse("{\"e\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\", \"u\": \"é€😀▁x\"}").asObject();
        assertThat(o.string("e")).isEqualTo("a\"b\\c/d\b\f\n\r\té€😀");
        assertThat(o.string("u")).isEqualTo("é€😀▁x");
        // From bytes too, and a lone surrogate written as an escape is kept.
        JsonObject b = JsonReader.parse("{\"u\": \"é\\ud800x\"}".getBytes(StandardCharsets.UTF_8), "test").asObject();
        assertThat(b.string("u")).isEqualTo("é\ud800x");
    }

    @Test
    void keepsLoneSurrogatesOfAJavaString() {
        assertThat(parse("{\"u\": \"a\ud800b\udc00\", \"?\": \"?\"}").asObject().string("u")).isEqualTo("a\ud800b\udc00");
    }

    @Test
    void aLoneSurrogateAfterABackslashIsABadEscape() {
        // Found by JsonReaderVsJacksonTest: the surrogate's own escape made "\\" + "uD800" an escaped backslash.
        assertThatThrownBy(() -> parse("{\"u\": \"a\\\ud800\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.u").hasMessageContaining("escape");
        assertThat(parse("{\"u\": \"a\\\\\ud800\"}").asObject().string("u")).isEqualTo("a\\\ud800");
        assertThatThrownBy(() -> parse("{\"u\": \"\\\\\\\udc00\", \"v\": \"?\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.u").hasMessageContaining("escape");
    }

    @Test
    void describesAMultiByteSequenceCutByTheEnd() {
        // Found by JsonReaderVsJacksonTest: describing the cut sequence read past the end (ArrayIndexOutOfBounds).
        for (byte[] doc : List.of(new byte[] {'{', '\n', (byte) 0xEF}, new byte[] {'[', (byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF0})) {
            assertThatThrownBy(() -> JsonReader.parse(doc, "f.json")).isInstanceOf(TokenizerException.class)
                    .hasMessageContaining("f.json: $").hasMessageContaining("not valid UTF-8").hasMessageContaining("line ");
        }
    }

    @Test
    void lastOfADuplicateNameWins() {
        assertThat(parse("{\"a\": 1, \"a\": 2}").asObject().get("a").asIndex()).isEqualTo(2);
        assertThat(parse("{\"a\": \"x\", \"a\": \"y\"}").asObject().string("a")).isEqualTo("y");
    }

    @Test
    void anObjectOfNumbersIsKeptAsArrays() {
        JsonObject o = parse("{\"vocab\": {\"a\": 0, \"b\": 7, \"a\": 3}, \"mixed\": {\"a\": 0, \"b\": \"x\"}}").asObject();
        JsonObject vocab = o.get("vocab").asObject();
        assertThat(vocab.numberCount()).isEqualTo(3);
        assertThat(List.of(vocab.name(0), vocab.name(1), vocab.name(2))).containsExactly("a", "b", "a");
        assertThat(vocab.index(1)).isEqualTo(7);
        // Its map is made when asked for, with the paths the nodes would have had.
        assertThat(vocab.fields()).hasSize(2);
        assertThat(vocab.get("a").asIndex()).isEqualTo(3);
        assertThat(vocab.get("b").path()).isEqualTo("$.vocab.b");
        JsonObject mixed = o.get("mixed").asObject();
        assertThat(mixed.numberCount()).isEqualTo(-1);
        assertThat(mixed.get("a").asIndex()).isZero();
        assertThat(mixed.get("a").path()).isEqualTo("$.mixed.a");
        assertThat(mixed.string("b")).isEqualTo("x");
    }

    @Test
    void anIndexOfTheArraysNamesItsPath() {
        JsonObject vocab = parse("{\"vocab\": {\"a\": 0, \"b\": -1, \"c\": 1.5}}").asObject().get("vocab").asObject();
        assertThatThrownBy(() -> vocab.index(1)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.vocab.b").hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> vocab.index(2)).isInstanceOf(TokenizerException.class).hasMessageContaining("$.vocab.c");
    }

    @Test
    void arraysOfStringsAndOfPairsAreKeptAsStrings() {
        JsonObject o = parse("{\"lines\": [\"a b\", \"c\\u0020d\"], \"pairs\": [[\"a\", \"b\"], [ \"c\" , \"d\" ]],"
                + " \"mixed\": [\"a\", [\"b\", \"c\"]], \"long\": [[\"a\", \"b\", \"c\"]], \"late\": [[\"a\", \"b\"], 5]}").asObject();
        JsonArray lines = o.get("lines").asArray();
        assertThat(lines.strings()).startsWith("a b", "c d");
        assertThat(lines.stringPairs()).isNull();
        assertThat(lines.size()).isEqualTo(2);
        assertThat(lines.get(1).asString()).isEqualTo("c d");
        assertThat(lines.get(1).path()).isEqualTo("$.lines[1]");
        JsonArray pairs = o.get("pairs").asArray();
        assertThat(pairs.stringPairs()).startsWith("a", "b", "c", "d");
        assertThat(pairs.strings()).isNull();
        assertThat(pairs.get(1).asArray().get(0).asString()).isEqualTo("c");
        assertThat(pairs.get(1).asArray().get(1).path()).isEqualTo("$.pairs[1][1]");
        assertThat(pairs.elementPath(1)).isEqualTo("$.pairs[1]");
        for (String name : List.of("mixed", "long", "late")) {
            JsonArray a = o.get(name).asArray();
            assertThat(a.strings()).as(name).isNull();
            assertThat(a.stringPairs()).as(name).isNull();
        }
        assertThat(o.get("mixed").asArray().get(1).asArray().get(1).asString()).isEqualTo("c");
        assertThat(o.get("long").asArray().get(0).asArray().size()).isEqualTo(3);
        assertThat(o.get("late").asArray().get(0).asArray().get(1).path()).isEqualTo("$.late[0][1]");
        assertThat(o.get("late").asArray().get(1).asIndex()).isEqualTo(5);
    }

    @Test
    void readsNumbersAsTheRustLibraryDoes() {
        JsonObject o = parse("{\"a\": 0, \"b\": -0, \"c\": 123456789012345678, \"d\": 1E3, \"e\": 2.5e-1}").asObject();
        assertThat(o.get("a").asIndex()).isZero();
        assertThat(o.get("c").asDouble()).isEqualTo(123456789012345678.0);
        assertThat(o.get("d").asDouble()).isEqualTo(1000.0);
        assertThat(o.get("e").asDouble()).isEqualTo(0.25);
        assertThatThrownBy(() -> parse("{\"v\": {\"a\": 1e999}}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.v.a").hasMessageContaining("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": -}", "{\"a\": [1,]}",
            "{\"a\": 1,}", "{'a': 1}", "{a: 1}", "{\"a\" 1}", "{\"a\": tru}", "{\"a\": truex}", "{\"a\": nul}",
            "{\"a\": \"x\ty\"}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": NaN}", "{\"a\": 1} x",
            "{\"a\": 1}{}", "// c\n{}", "{\"a\": [1 2]}", "{\"a\": {\"b\": 1 \"c\": 2}}", "\uFEFF{}", "{\"a\":\u000b1}"})
    void refusesWhatStrictJsonRefuses(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(TokenizerException.class).hasMessageContaining("$");
    }

    @Test
    void errorsSayWhereTheyAre() {
        assertThatThrownBy(() -> parse("{\"model\": {\"vocab\": {\"a\": 0,\n \"b\": 01}}}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("test: $.model.vocab.b: malformed JSON (line 2, column 7)");
        assertThatThrownBy(() -> parse("{\"merges\": [\"a b\", \"c\\q\"]}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.merges[1]").hasMessageContaining("escape");
        assertThatThrownBy(() -> parse("{\"merges\": [[\"a\", \"b\"], [\"c\", \"\\q\"]]}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.merges[1][1]").hasMessageContaining("escape");
        assertThatThrownBy(() -> parse("{\"a\": [\"x\"")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.a").hasMessageContaining("end of input");
        assertThatThrownBy(() -> parse("   ")).isInstanceOf(TokenizerException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("{} {}")).isInstanceOf(TokenizerException.class).hasMessageContaining("after");
    }

    @Test
    void refusesMalformedUtf8InAString() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xE9, '"', '}'};
        assertThatThrownBy(() -> JsonReader.parse(bad, "f.json")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("f.json: $.a").hasMessageContaining("UTF-8");
        byte[] outside = {'{', '"', 'a', '"', ':', (byte) 0xE9, '}'};
        assertThatThrownBy(() -> JsonReader.parse(outside, "f.json")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("UTF-8");
        byte[] replacement = {'{', '"', 'a', '"', ':', '"', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, '"', '}'};
        assertThat(JsonReader.parse(replacement, "f.json").asObject().string("a")).isEqualTo("\uFFFD");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(201) + "]".repeat(201);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(TokenizerException.class).hasMessageContaining("nesting");
        assertThat(parse("[".repeat(200) + "]".repeat(200)).asArray().size()).isEqualTo(1);
        String deepPairs = "[".repeat(199) + "[\"a\", \"b\"]" + "]".repeat(199);
        assertThat(parse(deepPairs).asArray().size()).isEqualTo(1);
    }
}
