package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.engine.PackedEncoder;
import dev.ferrite.runtime.io.BinaryReader;
import dev.ferrite.runtime.io.BinaryWriter;
import dev.ferrite.runtime.kernels.ComputePool;
import dev.ferrite.runtime.kernels.PackedLinears;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Encoders prepared before: a {@link PackedEncoder} as it stands after the ONNX import, the graph
 * passes and the packing, written to a file in the {@link ModelCache}'s directory, so that later
 * loads of the same model map that file instead of doing the three again (they are most of a load:
 * 300-600 ms of a fresh JVM's first run of the parser, passes and packing, against some tens of
 * milliseconds to map the file). The weights are read in place from the mapping.
 *
 * <p>A file is named after the model file's name and a CRC-32 of what it is made from: the ONNX
 * content's identity ({@link ModelFiles#identity}), this class's format version, and the packing
 * layout of this JVM ({@link PackedLinears#layout()}); all three are stored in the file's header
 * too and compared in full, so another model, an older Ferrite or another vector width never reads
 * it. A file is written to a temporary name and renamed, so a reader sees a whole file or none;
 * its size, header, every length in it and its end mark are checked when read. What is not checked
 * is the content of the weights (no checksum pass over them: that would read 90 MB per load, which
 * is what the cache saves): the same trust the engine gives a model file it maps. A file that does not
 * read back is ignored (DEBUG log) and written again after the model is loaded from ONNX. When a model
 * file changes, the encoders prepared from its earlier versions are deleted as the new one is written
 * (a jar entry's are kept: several versions of a model jar may be in use side by side).
 */
final class EncoderCache {
    /** Bumped whenever what {@link PackedEncoder#write} writes, or how a layer is packed, changes. */
    private static final int FORMAT = 2;
    /** Bytes read of a file's head to tell which model it was prepared from (its origin is a path: short). */
    private static final int HEAD_BYTES = 1 << 16;
    private static final String MAGIC = "ferrite prepared encoder";
    private static final int END = 0x46455252; // "FERR"
    private static final DebugLog LOG = new DebugLog(EncoderCache.class);

    /** An encoder read from its file, and the embedding width the model's graph declares (-1 when it declares none). */
    record Prepared(PackedEncoder encoder, int dimension) {
    }

    private final Path dir;

    private EncoderCache(Path dir) {
        this.dir = dir;
    }

    /** The encoders kept beside {@code cache}'s extracted models; none when that cache is off. */
    static Optional<EncoderCache> beside(ModelCache cache) {
        return cache.directory().map(EncoderCache::new);
    }

    /**
     * What a file's head says: the model content it was prepared from ({@link OnnxIdentity}'s origin
     * and version) and the packing layout; preceded in the file by {@link #MAGIC} and {@link #FORMAT}.
     */
    private record Header(String origin, String version, String layout) {
        /** The header of an encoder prepared now, in this JVM, from {@code identity}. */
        static Header of(OnnxIdentity identity) {
            return new Header(identity.origin(), identity.version(), PackedLinears.layout());
        }

        void write(BinaryWriter out) throws IOException {
            out.writeString(MAGIC);
            out.writeInt(FORMAT);
            out.writeString(origin);
            out.writeString(version);
            out.writeString(layout);
        }

        /** The header {@code in} starts with, or null when it is no encoder file of this format. */
        static Header read(BinaryReader in) {
            if (!in.readString().equals(MAGIC) || in.readInt() != FORMAT) return null;
            return new Header(in.readString(), in.readString(), in.readString());
        }
    }

    /** The encoder prepared for {@code files}, when a whole one is there; empty otherwise. */
    Optional<Prepared> load(ModelFiles files, ComputePool pool) {
        Path file = file(files.onnxName(), files.identity());
        if (file == null || !Files.isRegularFile(file)) return Optional.empty();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // An automatic arena: the mapping lasts as long as the encoder's layers reference it.
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
            BinaryReader in = new BinaryReader(data);
            if (!Header.of(files.identity()).equals(Header.read(in))) {
                LOG.log(() -> file + " was prepared from another model or by another version: not used");
                return Optional.empty();
            }
            int dimension = in.readInt();
            // Named as the import names the graph (ModelFiles.onnxSource), so messages read the same whichever way it loaded.
            PackedEncoder encoder = PackedEncoder.read(in, files.onnxSource(), pool);
            if (in.readInt() != END || !in.atEnd()) throw new BinaryReader.DamagedFileException("the end mark at byte " + in.position());
            return Optional.of(new Prepared(encoder, dimension));
        } catch (IOException | RuntimeException e) {
            LOG.log(() -> file + " not used: " + e);
            return Optional.empty();
        }
    }

    /** Writes {@code encoder}, prepared for {@code files}; false (DEBUG log) when it cannot be, or is not to be, written. */
    boolean store(ModelFiles files, PackedEncoder encoder, int dimension) {
        Path file = file(files.onnxName(), files.identity());
        if (file == null || !encoder.writable()) return false;
        try {
            CacheFiles.replace(file, tmp -> {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE); BinaryWriter out = new BinaryWriter(channel)) {
                    Header.of(files.identity()).write(out);
                    out.writeInt(dimension);
                    encoder.write(out);
                    out.writeInt(END);
                }
            });
        } catch (IOException | SecurityException e) {
            LOG.log(() -> "prepared encoder " + file + " not written: " + e);
            return false;
        }
        if (files.identity().supersedes()) deleteOlderVersions(files.onnxName(), file, files.identity());
        return true;
    }

    /**
     * Deletes the encoders prepared from earlier versions of a model file ({@code identity}'s origin
     * with another version): that path now holds the new one, so they would only fill the disk
     * (90 MB each for MiniLM) as the file is rebuilt. Files that cannot be read or deleted are left.
     */
    private void deleteOlderVersions(String onnxName, Path kept, OnnxIdentity identity) {
        Pattern sibling = Pattern.compile(Pattern.quote(ModelFiles.stripSuffix(onnxName, ".onnx")) + "-[0-9a-f]{8}\\.encoder");
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> sibling.matcher(p.getFileName().toString()).matches())) {
            for (Path other : siblings) {
                if (other.equals(kept)) continue;
                Header was = headerOf(other);
                if (was != null && was.origin().equals(identity.origin()) && !was.version().equals(identity.version())) {
                    Files.deleteIfExists(other);
                    LOG.log(() -> "deleted " + other + ", prepared from an earlier version of " + identity.origin());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(() -> "older encoders of " + identity.origin() + " not looked for: " + e);
        }
    }

    /** The header of {@code file}, read from its first bytes only; null when it is no encoder of this format. */
    private static Header headerOf(Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // a header is small: read until it is in, or the file ends
            }
        }
        try {
            return Header.read(new BinaryReader(MemorySegment.ofArray(Arrays.copyOf(head.array(), head.position()))));
        } catch (BinaryReader.DamagedFileException e) {
            return null;
        }
    }

    /**
     * Where the encoder prepared in this JVM from model {@code onnxName} of content {@code identity}
     * lives, or null when the content has no identity: named after the model and a CRC-32 of the header.
     */
    Path file(String onnxName, OnnxIdentity identity) {
        if (identity == null) return null;
        Header header = Header.of(identity);
        CRC32 crc = new CRC32();
        crc.update((FORMAT + "\n" + header.origin() + "\n" + header.version() + "\n" + header.layout()).getBytes(StandardCharsets.UTF_8));
        return dir.resolve(String.format(Locale.ROOT, "%s-%08x.encoder", ModelFiles.stripSuffix(onnxName, ".onnx"), crc.getValue()));
    }
}
