package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTokenizeErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Result r, int status, String... parts) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite bench tokenize: ").contains(parts);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inputIsRequired() {
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json"), 2, "--input");
    }

    @Test
    void threadsMustBePositive() {
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", "in.txt",
                "--threads", "0"), 2, "--threads must be 1 to 1024, got 0");
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", "in.txt",
                "--threads", "100000"), 2, "--threads must be 1 to 1024, got 100000");
    }

    @Test
    void runsMustBePositive() {
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", "in.txt",
                "--runs", "0"), 2, "--runs must be 1 or more");
    }

    @Test
    void warmupMustNotBeNegative() {
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", "in.txt",
                "--warmup", "-1"), 2, "--warmup must be 0 or more, got -1");
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", "in.txt",
                "--warmup", "some"), 2, "--warmup", "some");
    }

    @Test
    void missingInputFile() {
        Path missing = dir.resolve("in.txt");
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", "t.json", "--input", missing.toString()),
                1, "input file not found", missing.toString());
    }

    /** Nothing to measure: as bench embed says, rather than reporting 0.00 MB/s. */
    @Test
    void anEmptyInputFile() throws java.io.IOException {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.txt"), "");
        Path tokenizer = TinyTokenizer.writeTo(dir);
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", tokenizer.toString(), "--input", empty.toString(),
                "--warmup", "0", "--runs", "1"), 1, "input file " + empty + " has no lines");
    }

    @Test
    void missingTokenizerFile() throws java.io.IOException {
        Path input = java.nio.file.Files.writeString(dir.resolve("in.txt"), "hello\n");
        Path missing = dir.resolve("t.json");
        assertOneLineError(Cli.run("", "bench", "tokenize", "--tokenizer", missing.toString(),
                "--input", input.toString()), 1, "tokenizer file not found", missing.toString());
    }
}
