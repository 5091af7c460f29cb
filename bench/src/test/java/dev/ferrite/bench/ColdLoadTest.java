package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ColdLoad refuses arguments it does not take, and its ONNX Runtime mode names a model it cannot read. */
class ColdLoadTest {
    @Test
    void argumentsItDoesNotTakeGetTheUsage() {
        for (String[] args : new String[][] {{}, {"--ort"}, {"--onnx", "a.jar"}, {"a.jar", "b.jar"}, {"--ort", "a.jar", "b.jar"}}) {
            assertThatThrownBy(() -> ColdLoad.main(args)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("usage: ColdLoad MODEL_JAR | ColdLoad --ort MODEL_JAR");
        }
    }

    @Test
    void ortModeNamesAModelItCannotRead(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.jar");
        assertThatThrownBy(() -> ColdLoad.main(new String[] {"--ort", missing.toString()}))
                .isInstanceOf(UncheckedIOException.class).hasMessage("cannot read " + missing);
        Path notAZip = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertThatThrownBy(() -> ColdLoad.main(new String[] {"--ort", notAZip.toString()}))
                .isInstanceOf(UncheckedIOException.class).hasMessage("cannot read " + notAZip);
        Path noModel = dir.resolve("empty.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noModel))) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("no model here".getBytes());
        }
        assertThatThrownBy(() -> ColdLoad.main(new String[] {"--ort", noModel.toString()}))
                .isInstanceOf(IllegalStateException.class).hasMessage(noModel + " holds no .onnx");
    }
}
