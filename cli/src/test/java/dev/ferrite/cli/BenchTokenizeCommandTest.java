package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTokenizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void endsWithTheFiguresLine() throws IOException {
        String tokenizer = TinyTokenizer.writeTo(dir).toString();
        // 3 lines, 5 + 16 + 9 = 30 bytes of UTF-8 text, 1 + 3 + 2 = 6 tokens.
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\nhello[SEP]w\u00f6rld\n\ud83d\ude00hello\n");
        for (String threads : new String[] {"1", "2", "3", "5"}) {
            Cli.Result r = Cli.run("", "bench", "tokenize", "--tokenizer", tokenizer, "--input", input.toString(),
                    "--threads", threads, "--warmup", "1", "--runs", "3");
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(1 + 1 + 3 + 1); // loaded, warm-up, runs, figures
            assertThat(lines.subList(2, 5)).allSatisfy(run -> assertThat(run).containsPattern(" [0-9]+\\.[0-9]{2} CPUs busy  JIT [0-9]+ ms$"));
            assertThat(lines.getLast())
                    .contains("3 lines, 30 bytes, 6 tokens, " + threads + " thread(s), ")
                    .containsPattern(" [0-9]+\\.[0-9]{2} CPUs busy, [0-9]+\\.[0-9]{2} MB per CPU-second, JIT compiler [0-9]+\\.[0-9]{2} CPUs busy, median of 3 runs: ")
                    .containsPattern(" MB/s=[0-9]+\\.[0-9]+ tokens/s=[0-9]+$");
        }
    }

    @Test
    void warmsUpUntilTheCompilerIsQuietWithoutWarmupGiven() throws IOException {
        String tokenizer = TinyTokenizer.writeTo(dir).toString();
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\nhello w\u00f6rld\n");
        Cli.Result r = Cli.run("", "bench", "tokenize", "--tokenizer", tokenizer, "--input", input.toString(), "--runs", "2");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        // loaded, the warm-up's one line, 2 runs, figures.
        assertThat(lines).hasSize(1 + 1 + 2 + 1);
        assertThat(lines.get(1)).matches("warm-up: ([0-9]+) passes in [0-9]+\\.[0-9] s, then the JIT compiler was quiet"
                + "|warm-up: ([0-9]+) passes in [0-9]+\\.[0-9] s, stopped with the JIT compiler still at work");
        assertThat(Integer.parseInt(lines.get(1).replaceAll("warm-up: ([0-9]+) passes.*", "$1"))).isGreaterThanOrEqualTo(BenchTokenizeCommand.MIN_WARMUP);
        assertThat(lines.getLast()).contains("median of 2 runs: ");
    }
}
