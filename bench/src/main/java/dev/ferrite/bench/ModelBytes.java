package dev.ferrite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A model's .onnx bytes as a Java program hands them to ONNX Runtime (which cannot read a jar). */
final class ModelBytes {
    private ModelBytes() {
    }

    /** The bytes of the model's .onnx: the file itself, model.onnx or onnx/model.onnx of a directory, or the jar's one .onnx. */
    static byte[] of(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Path f = Files.exists(path.resolve("model.onnx")) ? path.resolve("model.onnx") : path.resolve("onnx/model.onnx");
                return Files.readAllBytes(f);
            }
            if (!path.toString().endsWith(".jar") && !path.toString().endsWith(".zip")) return Files.readAllBytes(path);
            try (ZipFile zip = new ZipFile(path.toFile())) {
                ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".onnx")).findFirst()
                        .orElseThrow(() -> new IllegalStateException(path + " holds no .onnx"));
                // Inflated straight into one array of the size the jar states: readAllBytes would inflate
                // 16 KB chunks and copy them into one at the end.
                byte[] all = new byte[Math.toIntExact(entry.getSize())];
                try (var in = zip.getInputStream(entry)) {
                    if (in.readNBytes(all, 0, all.length) != all.length) throw new IOException(entry.getName() + " is shorter than the jar says");
                }
                return all;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
