package dev.ferrite.cli;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.runtime.embed.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferrite embed} end to end, in-process, with the bundled all-MiniLM-L6-v2 (a runtime
 * dependency of this module, read from the classpath). The vectors must be exactly what the Java
 * API gives, which the runtime's tests compare with ONNX Runtime.
 */
class EmbedCommandTest {
    private static final List<String> LINES = List.of("Hello world!", "", "Ferrite embeds text on the JVM.");

    @TempDir
    Path dir;

    @Test
    void printsOneNormalizedJsonEmbeddingPerLine() {
        Cli.Result r = Cli.run(String.join("\n", LINES) + "\n", "embed", "--batch", "2");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        float[][] expected = EmbeddingModel.loadDefault(EmbeddingOptions.defaults()).embed(LINES);
        List<String> out = r.out().lines().toList();
        assertThat(out).hasSize(3);
        for (int i = 0; i < out.size(); i++) {
            String line = out.get(i);
            assertThat(line).startsWith("{\"embedding\":[").endsWith("]}");
            float[] v = parse(line.substring("{\"embedding\":[".length(), line.length() - 2));
            assertThat(v).as("line %d", i).hasSize(384).containsExactly(expected[i]);
            assertThat(norm(v)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void f32WritesRawLittleEndianFloatsWithTheGivenOptions() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), String.join("\n", LINES));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // A terminal on stderr: the bar is drawn there, and cleared at the end; stdout holds only floats.
        Io io = new Io(new java.io.ByteArrayInputStream(new byte[0]), out,
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true), true);
        int status = Main.run(io, "embed", "--input", input.toString(), "--format", "f32", "--no-normalize",
                "--pooling", "cls", "--max-length", "4");
        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("3/3 lines").endsWith("\r\033[K");
        float[][] expected = EmbeddingModel.loadDefault(EmbeddingOptions.defaults().withNormalize(false)
                .withPooling(Pooling.CLS).withMaxLength(4)).embed(LINES);
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(3 * 384 * 4);
        for (float[] e : expected) {
            float[] v = new float[384];
            bytes.asFloatBuffer().get(v);
            bytes.position(bytes.position() + 384 * 4);
            assertThat(v).containsExactly(e);
        }
        assertThat(norm(expected[0])).isGreaterThan(1.5); // really not normalized
    }

    @Test
    void aModelThatCannotBeLoadedIsOneLineAndStatusOne() throws Exception {
        Path missing = dir.resolve("nope");
        Cli.Result r = Cli.run("x\n", "embed", "--model", missing.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("ferrite embed: model not found: " + missing);
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        r = Cli.run("x\n", "embed", "--model", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("ferrite embed: " + dir + ": no tokenizer.json in the model directory");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        Cli.Result r = Cli.run("x\n", "embed", "--pooling", "max");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite embed: ").contains("mean, cls or last", "max");
        r = Cli.run("x\n", "embed", "--batch", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--batch must be at least 1");
        r = Cli.run("x\n", "embed", "--format", "csv");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("jsonl or f32");
    }

    @Test
    void f32IsRefusedWhenStandardOutputIsATerminal() {
        // Raw floats would fill the terminal with garbage and may leave it in a strange state.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new java.io.ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), out,
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true), false, true);
        assertThat(Main.run(io, "embed", "--format", "f32")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ferrite embed: --format f32 writes raw binary floats");
        assertThat(out.size()).isZero();
        io = new Io(new java.io.ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), out,
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true), false, true);
        assertThat(Main.run(io, "embed")).as("JSON lines are text: fine on a terminal").isZero();
    }

    @Test
    void aBatchLargerThanTheInputEmbedsWhatThereIs() {
        // The batch size is a limit, not an amount to set aside: Integer.MAX_VALUE lines would not fit in an array.
        Cli.Result r = Cli.run("a\nb\n", "embed", "--batch", Integer.toString(Integer.MAX_VALUE));
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void progressStepsAppearOnlyForLargeFilesWhenStderrIsNoTerminal() throws Exception {
        assertThat(Progress.start(new Io(null, null, null, false), null)).isInstanceOf(Progress.None.class);
        Path small = Files.writeString(dir.resolve("small.txt"), "a\nb\n");
        assertThat(Progress.countLines(small)).isEqualTo(2);
        assertThat(Progress.start(new Io(null, null, null, false), small)).isInstanceOf(Progress.None.class);
        Path large = Files.writeString(dir.resolve("large.txt"), "x\n".repeat((int) Progress.LARGE) + "last");
        assertThat(Progress.countLines(large)).isEqualTo(Progress.LARGE + 1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintWriter w = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Progress p = Progress.start(new Io(null, null, w, false), large);
        for (long done = 0; done <= Progress.LARGE + 1; done += 1000) p.update(done);
        p.update(Progress.LARGE + 1);
        p.finish(Progress.LARGE + 1);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r", "\033");
        assertThat(text.lines().toList()).hasSize(9).first().isEqualTo("ferrite embed: 2000/10001 lines");
    }

    private static float[] parse(String csv) {
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(parts[i]);
        return v;
    }

    private static double norm(float[] v) {
        return Math.sqrt(Arrays.stream(toDoubles(v)).map(x -> x * x).sum());
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
