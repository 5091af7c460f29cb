package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way {@code ferrite tokenize} can be misused ends in one clear line and a non-zero status. */
class TokenizeErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertOneLineError(Cli.Result r, int status, String... parts) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite tokenize: ").contains(parts);
        assertThat(r.err()).doesNotContain("\tat ", "Exception in thread");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void tokenizerIsRequired() {
        assertOneLineError(Cli.run("x\n", "tokenize"), 2, "--tokenizer");
    }

    @Test
    void missingTokenizerFile() {
        Path missing = dir.resolve("nope.json");
        assertOneLineError(Cli.run("x\n", "tokenize", "--tokenizer", missing.toString()), 1,
                "tokenizer file not found", missing.toString());
    }

    @Test
    void directoryWithoutTokenizerJson() {
        assertOneLineError(Cli.run("x\n", "tokenize", "--tokenizer", dir.toString()), 1,
                "no tokenizer.json in directory", dir.toString());
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path bad = write("tokenizer.json", "{\"model\": [1, 2,");
        assertOneLineError(Cli.run("x\n", "tokenize", "--tokenizer", bad.toString()), 1, bad.toString(), "JSON");
    }

    @Test
    void aDirectoryIsReadAsTheTokenizerJsonInside() throws IOException {
        write("tokenizer.json", "{\"model\": [1, 2,");
        assertOneLineError(Cli.run("x\n", "tokenize", "--tokenizer", dir.toString()), 1,
                dir.resolve("tokenizer.json").toString(), "JSON");
    }

    @Test
    void unknownComponentNamesTheJsonPath() throws IOException {
        Path bad = write("t.json", "{\"version\": \"1.0\", \"model\": {\"type\": \"NoSuchModel\"}}");
        assertOneLineError(Cli.run("x\n", "tokenize", "--tokenizer", bad.toString()), 1,
                bad.toString(), "$.model", "NoSuchModel");
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Path bad = write("t.json", "not json");
        Cli.Result r = Cli.run("x\n", "tokenize", "--verbose", "--tokenizer", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()[0]).startsWith("ferrite tokenize: ").contains(bad.toString());
        assertThat(r.err()).contains("TokenizerException", "\tat ");
    }

    /** The launcher gives a closed fd 0 /dev/null (else the JVM's first open file would take it) and says so. */
    @Test
    void aClosedStandardInputIsAnError() throws IOException {
        Path tok = write("tokenizer.json", TinyTokenizer.JSON);
        assertOneLineError(Cli.run(Io.stdin(true), "tokenize", "--tokenizer", tok.toString()), 1,
                "cannot read stdin: standard input is closed");
    }

    @Test
    void missingInputFileFailsBeforeTheTokenizerIsLoaded() {
        Path missing = dir.resolve("in.txt");
        assertOneLineError(Cli.run("", "tokenize", "--tokenizer", dir.resolve("t.json").toString(),
                "--input", missing.toString()), 1, "input file not found", missing.toString());
    }

    @Test
    void inputThatIsADirectory() {
        assertOneLineError(Cli.run("", "tokenize", "--tokenizer", "t.json", "--input", dir.toString()), 1,
                "input is a directory");
    }

    @Test
    void unknownOffsetUnitListsTheChoices() {
        assertOneLineError(Cli.run("", "tokenize", "--tokenizer", "t.json", "--offsets", "chars"), 2,
                "'--offsets'", "utf16, codepoints or bytes", "chars");
    }

    @Test
    void encodingOptionsAreRefusedWithDecode() {
        assertOneLineError(Cli.run("", "tokenize", "--decode", "--tokenizer", "t.json", "--no-special-tokens"), 2,
                "--no-special-tokens");
        assertOneLineError(Cli.run("", "tokenize", "--decode", "--tokenizer", "t.json", "--offsets", "bytes"), 2,
                "--offsets");
        assertOneLineError(Cli.run("", "tokenize", "--decode", "--tokenizer", "t.json", "--no-padding"), 2,
                "--no-padding");
    }

    @Test
    void keepSpecialTokensNeedsDecode() {
        assertOneLineError(Cli.run("", "tokenize", "--tokenizer", "t.json", "--keep-special-tokens"), 2,
                "--keep-special-tokens", "--decode");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertOneLineError(Cli.run("", "tokenize", "--tokenizer", "t.json", "--lowercase"), 2, "--lowercase");
    }
}
