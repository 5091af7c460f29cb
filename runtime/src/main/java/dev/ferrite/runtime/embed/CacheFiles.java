package dev.ferrite.runtime.embed;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How the cache directory's files are written: to a temporary file beside them, then renamed over
 * the name, so a reader (another process too) sees a whole file or none, and a file is never changed
 * in place under a mapping of it.
 */
final class CacheFiles {
    /** Writes a file's content to the path given. */
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private CacheFiles() {
    }

    /**
     * Writes {@code file} through a temporary file in its directory (created if missing); the
     * temporary file is deleted when {@code content} fails, whatever it throws.
     */
    static void replace(Path file, Content content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp); // gone after the move; else the remains of a failed write
            } catch (IOException ignored) {
                // a stray .part file is harmless: never read, named apart
            }
        }
    }
}
