package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferrite bench embed}'s argument errors: one line, status 2 (the command line) or 1 (a file), before any model loads. */
class BenchEmbedErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Result r, int status, String... parts) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite bench embed: ").contains(parts);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inputIsRequired() {
        assertOneLineError(Cli.run("", "bench", "embed"), 2, "--input");
    }

    @Test
    void numbersMustBeInRange() {
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--batch", "0"), 2, "--batch must be 1 or more, got 0");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--threads", "0"), 2, "--threads must be 1 to 1024, got 0");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--threads", "5000"), 2, "--threads must be 1 to 1024, got 5000");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--seconds", "0"), 2, "--seconds must be more than 0");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--warmup", "-1"), 2, "--warmup must be 0 or more");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--batch", "many"), 2, "--batch", "many");
        // A batch is one array of lines: 2^31 of them ended in an OutOfMemoryError stack trace.
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--batch", "2147483647"), 2,
                "--batch must be at most 65536, got 2147483647");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--seconds", "Infinity"), 2,
                "--seconds must be at most 86400 (a day), got Infinity");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--warmup", "Infinity"), 2,
                "--warmup must be at most 86400 (a day), got Infinity");
        // Finite, but a run of 31,710 years.
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--seconds", "1e12"), 2,
                "--seconds must be at most 86400 (a day), got 1.0E12");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", "in.txt", "--warmup", "86401"), 2,
                "--warmup must be at most 86400 (a day), got 86401.0");
    }

    @Test
    void missingInputFile() {
        Path missing = dir.resolve("in.txt");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", missing.toString()), 1, "input file not found", missing.toString());
    }

    @Test
    void emptyInputFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("in.txt"), "");
        assertOneLineError(Cli.run("", "bench", "embed", "--input", empty.toString()), 1, "input file " + empty + " has no lines");
    }

    @Test
    void missingModel() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\n");
        Path missing = dir.resolve("nope");
        assertOneLineError(Cli.run("", "bench", "embed", "--model", missing.toString(), "--input", input.toString()),
                1, "model not found: " + missing);
    }
}
