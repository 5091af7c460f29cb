package dev.ferrite.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferrite tokenize} end to end, in-process, on {@link TinyTokenizer}; expectations from the Rust library. */
class TokenizeCommandTest {
    @TempDir
    Path dir;
    private String tokenizer;

    @BeforeEach
    void writeTokenizer() {
        tokenizer = TinyTokenizer.writeTo(dir).toString();
    }

    private static String encoding(String ids, String tokens, String offsets, String unit, String typeIds,
                                   String wordIds, String special, String attention) {
        return "{\"ids\":[" + ids + "],\"tokens\":[" + tokens + "],\"offsets\":[" + offsets + "],\"offsets_unit\":\""
                + unit + "\",\"type_ids\":[" + typeIds + "],\"word_ids\":[" + wordIds + "],\"special_tokens_mask\":["
                + special + "],\"attention_mask\":[" + attention + "]}\n";
    }

    @Test
    void encodesEachLineAsOneJsonObject() {
        // Lines: "hello", "hello[SEP]wörld", "😀hello", "hello\r" (CRLF: the \r stays), "" and a last "\r" without \n.
        Cli.Result r = Cli.run("hello\nhello[SEP]w\u00f6rld\n\ud83d\ude00hello\nhello\r\n\n\r", "tokenize", "--tokenizer", tokenizer);
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(
                encoding("1", "\"hello\"", "[0,5]", "utf16", "0", "0", "0", "1")
                + encoding("1,4,2", "\"hello\",\"[SEP]\",\"w\u00f6rld\"", "[0,5],[5,10],[10,15]", "utf16", "0,0,0",
                        "0,1,2", "0,0,0", "1,1,1")
                + encoding("5,1", "\"\ud83d\ude00\",\"hello\"", "[0,2],[2,7]", "utf16", "0,0", "0,1", "0,0", "1,1")
                + encoding("0", "\"[UNK]\"", "[0,6]", "utf16", "0", "0", "0", "1")
                + encoding("", "", "", "utf16", "", "", "", "")
                + encoding("3", "\"\\r\"", "[0,1]", "utf16", "0", "0", "0", "1"));
    }

    @Test
    void offsetUnits() {
        String line = "\ud83d\ude00hello\n";
        assertThat(Cli.run(line, "tokenize", "--tokenizer", tokenizer, "--offsets", "codepoints").out())
                .isEqualTo(encoding("5,1", "\"\ud83d\ude00\",\"hello\"", "[0,1],[1,6]", "codepoints", "0,0", "0,1", "0,0", "1,1"));
        assertThat(Cli.run(line, "tokenize", "--tokenizer", tokenizer, "--offsets", "bytes").out())
                .isEqualTo(encoding("5,1", "\"\ud83d\ude00\",\"hello\"", "[0,4],[4,9]", "bytes", "0,0", "0,1", "0,0", "1,1"));
        assertThat(Cli.run(line, "tokenize", "--tokenizer", tokenizer, "--offsets", "utf16").out())
                .isEqualTo(encoding("5,1", "\"\ud83d\ude00\",\"hello\"", "[0,2],[2,7]", "utf16", "0,0", "0,1", "0,0", "1,1"));
    }

    @Test
    void readsAnInputFileAndAModelDirectory() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\n");
        Cli.Result r = Cli.run("ignored\n", "tokenize", "--tokenizer", dir.toString(), "--input", input.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(encoding("1", "\"hello\"", "[0,5]", "utf16", "0", "0", "0", "1"));
    }

    @Test
    void malformedUtf8StopsAtTheLineAndNamesIt() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("hello\nhel".getBytes(StandardCharsets.UTF_8));
        in.write(0xC3); // a lead byte with no continuation
        in.writeBytes("lo\nhello\n".getBytes(StandardCharsets.UTF_8));
        Cli.Result r = Cli.run(in.toByteArray(), "tokenize", "--tokenizer", tokenizer);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(encoding("1", "\"hello\"", "[0,5]", "utf16", "0", "0", "0", "1"));
        assertThat(r.errLines()).containsExactly(
                "ferrite tokenize: stdin line 2: not valid UTF-8 (byte 0xC3 at byte 4 of the line)");
    }

    @Test
    void decodesIdArraysToJsonStrings() {
        Cli.Result r = Cli.run("[1, 4, 2, 5]\n[]\n[3]\n", "tokenize", "--decode", "--tokenizer", tokenizer);
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("\"hello w\u00f6rld \ud83d\ude00\"\n\"\"\n\"\\r\"\n");
    }

    @Test
    void keepSpecialTokensKeepsThem() {
        Cli.Result r = Cli.run("[1, 4, 2, 5]\n", "tokenize", "--decode", "--keep-special-tokens", "--tokenizer", tokenizer);
        assertThat(r.out()).isEqualTo("\"hello [SEP] w\u00f6rld \ud83d\ude00\"\n");
    }

    @Test
    void aBadDecodeLineIsAnErrorNamingIt() {
        Cli.Result r = Cli.run("[1]\n[1, \"x\"]\n[2]\n", "tokenize", "--decode", "--tokenizer", tokenizer);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("\"hello\"\n");
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("ferrite tokenize: stdin line 2: element 1 of the array is a string, expected a token id (an integer)");
    }

    @Test
    void anUnknownIdIsAnErrorNamingTheLine() throws IOException {
        Path input = Files.writeString(dir.resolve("ids.txt"), "[1]\n[1, 99]\n");
        Cli.Result r = Cli.run("", "tokenize", "--decode", "--tokenizer", tokenizer, "--input", input.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("\"hello\"\n");
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("ferrite tokenize: " + input + " line 2: id 99 is not in the tokenizer's vocabulary");
    }

    @Test
    void noSpecialTokensLeavesOutWhatThePostProcessorAdds() {
        String templated = TinyTokenizer.write(dir.resolve("templated.json"), TinyTokenizer.TEMPLATE_JSON).toString();
        assertThat(Cli.run("hello\n", "tokenize", "--tokenizer", templated).out())
                .isEqualTo(encoding("1,4", "\"hello\",\"[SEP]\"", "[0,5],[0,0]", "utf16", "0,0", "0,null", "0,1", "1,1"));
        assertThat(Cli.run("hello\n", "tokenize", "--tokenizer", templated, "--no-special-tokens").out())
                .isEqualTo(encoding("1", "\"hello\"", "[0,5]", "utf16", "0", "0", "0", "1"));
    }

    @Test
    void truncationAndPaddingFromTheFileApplyUnlessSwitchedOff() {
        String padded = TinyTokenizer.write(dir.resolve("padded.json"), TinyTokenizer.PADDED_JSON).toString();
        String input = "hello\nhello[SEP]hello[SEP]hello\n";

        List<String> asConfigured = lines(Cli.run(input, "tokenize", "--tokenizer", padded));
        assertThat(array(asConfigured.get(0), "ids")).isEqualTo("[1,0,0,0]");
        assertThat(array(asConfigured.get(0), "attention_mask")).isEqualTo("[1,0,0,0]");
        assertThat(array(asConfigured.get(1), "ids")).isEqualTo("[1,4,1,4]");

        List<String> unpadded = lines(Cli.run(input, "tokenize", "--tokenizer", padded, "--no-padding"));
        assertThat(array(unpadded.get(0), "ids")).isEqualTo("[1]");
        assertThat(array(unpadded.get(1), "ids")).isEqualTo("[1,4,1,4]");

        List<String> untruncated = lines(Cli.run(input, "tokenize", "--tokenizer", padded, "--no-truncation", "--no-padding"));
        assertThat(array(untruncated.get(1), "ids")).isEqualTo("[1,4,1,4,1]");
    }

    private static List<String> lines(Cli.Result r) {
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        return r.out().lines().toList();
    }

    /** The flat JSON array {@code "name":[...]} of one output line, as written. */
    private static String array(String jsonLine, String name) {
        int start = jsonLine.indexOf("\"" + name + "\":[");
        assertThat(start).as(name + " in " + jsonLine).isNotNegative();
        int open = jsonLine.indexOf('[', start);
        return jsonLine.substring(open, jsonLine.indexOf(']', open) + 1);
    }
}
