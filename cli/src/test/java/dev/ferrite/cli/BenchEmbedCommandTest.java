package dev.ferrite.cli;

import dev.ferrite.runtime.ComputeThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferrite bench embed} on the bundled all-MiniLM-L6-v2 with a tiny input, kept cheap: the
 * reference executor takes a good fraction of a second per line.
 */
class BenchEmbedCommandTest {
    @TempDir
    Path dir;

    @Test
    void endsWithTheFiguresLine() throws IOException {
        // 3 lines: [CLS] hello [SEP], [CLS] [SEP], [CLS] hello world [SEP]: 9 tokens per pass of the file.
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\n\nhello world\n");
        String before = System.getProperty(ComputeThreads.PROPERTY);
        Cli.Result r = Cli.run("", "bench", "embed", "--input", input.toString(), "--batch", "3", "--threads", "3",
                "--seconds", "0.001", "--warmup", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2); // loaded, figures (no warm-up line with --warmup 0)
        assertThat(lines.getFirst()).startsWith("model classpath:all-minilm-l6-v2.onnx loaded in ")
                .endsWith("3 lines; batch 3, 3 thread(s)");
        // --seconds is shorter than one batch: exactly one batch is timed, the whole file.
        assertThat(lines.getLast())
                .startsWith("bench embed: model=classpath:all-minilm-l6-v2.onnx batch=3 threads=3 batches=1 sentences=3 tokens=9 ")
                .containsPattern(": sentences/s=[0-9]+\\.[0-9]{2} tokens/s=[0-9]+\\.[0-9] p50_ms=[0-9]+\\.[0-9]{2} "
                        + "p99_ms=[0-9]+\\.[0-9]{2}$");
        assertThat(System.getProperty(ComputeThreads.PROPERTY)).as("the thread property is put back").isEqualTo(before);
    }

    @Test
    void batchesWrapAroundTheFileAndWarmUpRunsFirst() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\n");
        Cli.Result r = Cli.run("", "bench", "embed", "--input", input.toString(), "--batch", "2",
                "--seconds", "0.001", "--warmup", "0.001");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("warm-up: 1 batches in ");
        // One line, batches of 2: the line twice, 3 tokens each.
        assertThat(lines.getLast()).contains(" threads=" + Runtime.getRuntime().availableProcessors()
                + " batches=1 sentences=2 tokens=6 ");
    }
}
