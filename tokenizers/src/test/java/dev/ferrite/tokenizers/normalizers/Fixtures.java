package dev.ferrite.tokenizers.normalizers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/** The shared fixtures ({@code ferrite.fixtures}); a missing fixture fails the test, it never skips. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null) fail("system property ferrite.fixtures is not set (run the tests through Maven)");
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) fail("fixtures directory " + p + " is missing");
        return p;
    }

    /** The lines of corpus file {@code name} (split at line feeds only; a carriage return stays in its line). */
    static List<String> corpus(String name) {
        Path p = dir().resolve("corpus").resolve(name);
        if (!Files.isRegularFile(p)) fail("corpus fixture " + p + " is missing");
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
            return List.of(text.split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
