package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar's model inflated in one call ({@link EntryInflater}): the same bytes as {@code ZipFile}
 * reads, null (so the caller streams) for an entry that is stored, and a {@link ModelException}
 * naming the entry for damaged data or a size the data does not have, as the streamed read gives.
 */
class EntryInflaterTest {
    @TempDir
    Path dir;

    @Test
    void inflatesWhatZipFileReadsAndLeavesStoredEntriesToIt() throws IOException {
        byte[] onnx = TinyModel.onnx();
        Path jar = jar(onnx, ZipEntry.DEFLATED);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(EntryInflater.inflate(jar, zip.getEntry("tiny.onnx"), "tiny")).isEqualTo(onnx);
        }
        Path stored = jar(onnx, ZipEntry.STORED);
        try (ZipFile zip = new ZipFile(stored.toFile())) {
            assertThat(EntryInflater.inflate(stored, zip.getEntry("tiny.onnx"), "tiny")).isNull();
        }
        assertThat(EmbeddingModel.load(stored, EmbeddingOptions.defaults(), ModelCache.off()).embed("hello"))
                .isEqualTo(EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off()).embed("hello"));
    }

    @Test
    void damagedDataFailsNamingTheEntry() throws IOException {
        Path jar = jar(TinyModel.onnx(), ZipEntry.DEFLATED);
        long compressed;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            compressed = zip.getEntry("tiny.onnx").getCompressedSize();
        }
        byte[] bytes = Files.readAllBytes(jar);
        int data = 30 + "tiny.onnx".length(); // the first entry's data follows its local header
        for (long at : new long[] {data, data + compressed / 3, data + compressed / 2}) {
            byte[] damaged = bytes.clone();
            damaged[(int) at] ^= 0x5a;
            Files.write(jar, damaged);
            assertThatThrownBy(() -> EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off()))
                    .isInstanceOf(ModelException.class).hasMessageStartingWith(jar + "!/tiny.onnx: ")
                    .message().containsAnyOf("cannot be read from the archive (", "damaged in the archive (CRC-32",
                            "the archive says " + TinyModel.onnx().length + " bytes but the entry holds");
        }
    }

    @Test
    void anEntryShorterThanTheDirectoryStatesFails() throws IOException {
        byte[] onnx = TinyModel.onnx();
        Path jar = jar(onnx, ZipEntry.DEFLATED);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(jar)).order(ByteOrder.LITTLE_ENDIAN);
        int entry = directoryEntry(bytes, "tiny.onnx");
        bytes.putInt(entry + 24, onnx.length + 1); // the uncompressed size
        Files.write(jar, bytes.array());
        assertThatThrownBy(() -> EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off()))
                .isInstanceOf(ModelException.class)
                .hasMessage(jar + "!/tiny.onnx: the archive says " + (onnx.length + 1) + " bytes but the entry holds " + onnx.length);
    }

    private Path jar(byte[] onnx, int method) throws IOException {
        Path jar = dir.resolve(method == ZipEntry.STORED ? "stored.jar" : "tiny.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry model = new ZipEntry("tiny.onnx");
            if (method == ZipEntry.STORED) {
                CRC32 crc = new CRC32();
                crc.update(onnx);
                model.setMethod(ZipEntry.STORED);
                model.setSize(onnx.length);
                model.setCrc(crc.getValue());
            }
            zip.putNextEntry(model);
            zip.write(onnx);
            zip.putNextEntry(new ZipEntry("tiny-tokenizer.json"));
            zip.write(Files.readAllBytes(TinyModel.tokenizerFixture()));
        }
        return jar;
    }

    /** Where the central directory's entry for {@code name} starts. */
    private static int directoryEntry(ByteBuffer zip, String name) {
        for (int p = zip.limit() - 46; p >= 0; p--) {
            if (zip.getInt(p) == 0x02014b50 && (zip.getShort(p + 28) & 0xffff) == name.length()
                    && new String(zip.array(), p + 46, name.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no directory entry " + name);
    }
}
