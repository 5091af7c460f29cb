package dev.ferrite.runtime.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;

/**
 * What an ONNX model's content is, told without reading it, for {@link EncoderCache}: where it comes
 * from ({@link #origin}) and which version of it this is ({@link #version}).
 *
 * @param origin     a model file's real path, or a jar entry's name
 * @param version    a file's size, modification time and file key (the inode: a file replaced by a
 *                   rename is another file); a jar entry's size and CRC-32 from the jar's directory
 * @param supersedes whether a new version makes the older ones of the same origin useless: true for a
 *                   file (its path now holds the new one), false for a jar entry (jars of several
 *                   versions of a model may all be in use)
 */
record OnnxIdentity(String origin, String version, boolean supersedes) {

    /** A jar entry as the jar's directory describes it; null when it states no size or CRC-32. */
    static OnnxIdentity of(ZipEntry entry) {
        return entry.getSize() < 0 || entry.getCrc() < 0 ? null
                : new OnnxIdentity("jar entry " + entry.getName(),
                        String.format(Locale.ROOT, "%d bytes, CRC-32 %08x", entry.getSize(), entry.getCrc()), false);
    }

    /** A model file as its attributes describe it; null when they cannot be read. */
    static OnnxIdentity of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new OnnxIdentity("file " + file.toRealPath(), a.size() + " bytes, modified "
                    + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " ns, key " + a.fileKey(), true);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
