package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TokenizerAB names the argument that is missing before it loads anything. */
class TokenizerABTest {
    @Test
    void tooFewArgumentsGetTheUsage() {
        assertThatThrownBy(() -> TokenizerAB.main(new String[] {"a.jar"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usage: TokenizerAB");
    }

    @Test
    void aMissingFileIsNamedWithItsRole(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("a.jar"));
        Path missing = dir.resolve("b.jar");
        assertThatThrownBy(() -> TokenizerAB.main(new String[] {jar.toString(), missing.toString(), jar.toString(), jar.toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jar B: no such file: " + missing);
        assertThatThrownBy(() -> TokenizerAB.main(new String[] {jar.toString(), jar.toString(), jar.toString(), missing.toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("corpus: no such file: " + missing);
    }
}
