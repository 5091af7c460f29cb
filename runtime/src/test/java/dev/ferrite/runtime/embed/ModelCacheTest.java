package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of .onnx files extracted from model jars ({@link ModelCache}), on a jar of {@link
 * TinyModel} and a cache in a temporary directory: the first load writes the file (a model the
 * reference executor runs, so no prepared encoder stands in for it: the copy is written from the
 * bytes the load inflated), later loads use it unchanged, a damaged file is written again, and a
 * cache that cannot be written is skipped.
 */
class ModelCacheTest {
    private static final EmbeddingOptions RAW = EmbeddingOptions.defaults().withNormalize(false);
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;
    private Path jar;
    private byte[] onnx;
    private Path cacheDir;
    /** What "hello world" embeds as without any cache: the answer every cached load must give. */
    private float[] expected;

    @BeforeEach
    void jarAndUncachedAnswer() throws IOException {
        onnx = TinyModel.onnx();
        jar = jar(dir.resolve("tiny.jar"), onnx);
        cacheDir = dir.resolve("cache");
        expected = load(jar, RAW, ModelCache.off()).embed("hello world");
        assertThat(cacheDir).doesNotExist();
    }

    @Test
    void theFirstLoadWritesTheFileNamedBySizeAndCrcAndLaterLoadsUseItAsItIs() throws IOException {
        EmbeddingModel cold = load(jar, RAW, ModelCache.at(cacheDir));
        Path cached = cacheDir.resolve(String.format("tiny-%d-%08x.onnx", onnx.length, crc(onnx)));
        assertThat(cached).exists();
        assertThat(Files.readAllBytes(cached)).isEqualTo(onnx);
        assertThat(list(cacheDir)).containsExactly(cached); // no temporary file left behind
        assertThat(cold.embed("hello world")).isEqualTo(expected);
        assertThat(cold.source()).isEqualTo(jar + "!/tiny.onnx"); // messages still name the jar entry

        Files.setLastModifiedTime(cached, LONG_AGO);
        EmbeddingModel warm = load(jar, RAW, ModelCache.at(cacheDir));
        assertThat(Files.getLastModifiedTime(cached)).isEqualTo(LONG_AGO); // read, not written again
        assertThat(warm.embed("hello world")).isEqualTo(expected);
        assertThat(ModelCache.at(cacheDir).lookup(jar)).contains(cached);
    }

    @Test
    void aTruncatedCacheFileIsWrittenAgainNotTrusted() throws IOException {
        Path cached = coldLoad();
        Files.write(cached, Arrays.copyOf(onnx, onnx.length / 2));
        assertThat(ModelCache.at(cacheDir).lookup(jar)).isEmpty();
        assertThat(load(jar, RAW, ModelCache.at(cacheDir)).embed("hello world")).isEqualTo(expected);
        assertThat(Files.readAllBytes(cached)).isEqualTo(onnx);
    }

    @Test
    void aCacheFileOfTheRightSizeWithOtherContentIsWrittenAgain() throws IOException {
        Path cached = coldLoad();
        byte[] damaged = onnx.clone();
        damaged[damaged.length / 2] ^= 0x40; // inside the embedding table: it would still parse, giving other numbers
        Files.write(cached, damaged);
        Files.setLastModifiedTime(cached, LONG_AGO);
        assertThat(load(jar, RAW, ModelCache.at(cacheDir)).embed("hello world")).isEqualTo(expected);
        assertThat(Files.readAllBytes(cached)).isEqualTo(onnx);
        assertThat(Files.getLastModifiedTime(cached)).isNotEqualTo(LONG_AGO);
    }

    @Test
    void aCacheThatCannotBeWrittenFallsBackToInflatingIntoMemory() throws IOException {
        // A regular file where the cache's parent directory should be: no directory can be made
        // there, whoever runs the test (file permissions would not stop root).
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        ModelCache unwritable = ModelCache.at(blocker.resolve("cache"));
        assertThat(load(jar, RAW, unwritable).embed("hello world")).isEqualTo(expected);
        assertThat(unwritable.lookup(jar)).isEmpty();
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }

    @Test
    void offWritesNothing() {
        assertThat(load(jar, RAW, ModelCache.off()).embed("hello world")).isEqualTo(expected);
        assertThat(ModelCache.off().lookup(jar)).isEmpty();
        assertThat(ModelCache.off().directory()).isEmpty();
    }

    @Test
    void aClasspathResourceInAJarGoesThroughTheCache() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ModelFiles files = ModelFiles.classpath(loader, "tiny", ModelCache.at(cacheDir));
            assertThat(files.source()).isEqualTo("classpath:tiny.onnx");
            assertThat(files.onnxBytes(true).isDirect()).isTrue(); // mapped from the cached file
            assertThat(ModelCache.at(cacheDir).lookup(jar)).isPresent();
            assertThat(ModelFiles.classpath(loader, "tiny", ModelCache.off()).onnxBytes(true).isDirect()).isFalse();
        }
    }

    @Test
    void aTruncatedModelInAJarIsStillAModelExceptionNamingTheEntry() throws IOException {
        Path bad = jar(dir.resolve("bad.jar"), Arrays.copyOf(onnx, onnx.length / 2));
        assertThatThrownBy(() -> load(bad, RAW, ModelCache.at(cacheDir))).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(bad + "!/tiny.onnx: not a valid ONNX model");
    }

    @Test
    void theConfiguredCacheFollowsTheSystemProperty() {
        String before = System.getProperty(ModelCache.PROPERTY);
        try {
            System.setProperty(ModelCache.PROPERTY, cacheDir.toString());
            assertThat(ModelCache.configured().directory()).contains(cacheDir.toAbsolutePath());
            System.setProperty(ModelCache.PROPERTY, "off");
            assertThat(ModelCache.configured().directory()).isEmpty();
        } finally {
            if (before == null) System.clearProperty(ModelCache.PROPERTY);
            else System.setProperty(ModelCache.PROPERTY, before);
        }
    }

    /** {@link EmbeddingModel#load(Path, EmbeddingOptions, ModelCache)}, once what it writes into the cache is written. */
    private static EmbeddingModel load(Path path, EmbeddingOptions options, ModelCache cache) {
        EmbeddingModel model = EmbeddingModel.load(path, options, cache);
        model.awaitCacheWrites();
        return model;
    }

    private Path coldLoad() throws IOException {
        load(jar, RAW, ModelCache.at(cacheDir));
        List<Path> files = list(cacheDir);
        assertThat(files).hasSize(1);
        return files.getFirst();
    }

    private static Path jar(Path jar, byte[] onnx) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("tiny.onnx"));
            zip.write(onnx);
            zip.putNextEntry(new ZipEntry("tiny-tokenizer.json"));
            zip.write(Files.readAllBytes(TinyModel.tokenizerFixture()));
        }
        return jar;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
