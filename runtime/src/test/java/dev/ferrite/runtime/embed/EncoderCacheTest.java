package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.engine.PackedEncoder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Prepared encoders ({@link EncoderCache}) on the real MiniLM models, fp32 and int8, from their jars
 * and from a model directory: the first load writes the packed encoder beside the extracted model,
 * later loads read it (the ONNX file is not even needed then) and embed bit for bit as a load
 * without any cache; a damaged file, or one prepared from another model, is not used and is written
 * again; a changed model file gets an encoder of its own.
 */
class EncoderCacheTest {
    private static final List<String> TEXTS = List.of("hello world", "A man is playing a guitar.", "",
            "The quick brown fox jumps over the lazy dog, again and again and again.");
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"ALL_MINILM_L6_V2", "ALL_MINILM_L6_V2_Q"})
    void aLaterLoadReadsThePreparedEncoderAloneAndEmbedsBitForBitAsWithoutCache(TestModels model) throws IOException {
        Path jar = jarOf(model);
        float[][] expected = load(jar, EmbeddingOptions.defaults(), ModelCache.off()).embed(TEXTS);
        Path cache = dir.resolve("cache");
        EmbeddingModel first = load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        assertThat(first.encoder()).isInstanceOf(PackedEncoder.class);
        assertThat(first.fromPreparedEncoder()).isFalse();
        Path encoder = onlyEncoder(cache, model.file);
        assertThat(list(cache)).containsExactly(encoder); // the model itself is not extracted: later loads do not read it
        assertThat(first.embed(TEXTS)).isEqualTo(expected);

        Files.setLastModifiedTime(encoder, LONG_AGO);
        EmbeddingModel later = load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        assertThat(list(cache)).containsExactly(encoder); // nothing extracted, nothing written
        assertThat(Files.getLastModifiedTime(encoder)).isEqualTo(LONG_AGO);
        assertThat(later.embed(TEXTS)).isEqualTo(expected);
        assertThat(later.fromPreparedEncoder()).isTrue();
        assertThat(later.dimension()).isEqualTo(first.dimension()).isEqualTo(384);
        assertThat(later.source()).isEqualTo(first.source());
        assertThat(later.encoder().toString()).isEqualTo(first.encoder().toString()); // same source in messages, layers, width
    }

    @Test
    void aTruncatedScribbledOrHalfWrittenEncoderIsNotUsedAndIsWrittenAgain() throws IOException {
        Path jar = jarOf(TestModels.ALL_MINILM_L6_V2_Q);
        Path cache = dir.resolve("cache");
        float[][] expected = load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS);
        Path encoder = onlyEncoder(cache, TestModels.ALL_MINILM_L6_V2_Q.file);
        byte[] whole = Files.readAllBytes(encoder);

        for (byte[] damaged : List.of(Arrays.copyOf(whole, whole.length / 2), Arrays.copyOf(whole, whole.length - 1),
                scribbled(whole, 10), scribbled(whole, 200), new byte[0])) {
            Files.write(encoder, damaged);
            assertThat(load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(expected);
            assertThat(Files.readAllBytes(encoder)).isEqualTo(whole);
        }

        // What a JVM killed mid-write leaves: the first half of the file under its temporary name.
        Path part = Files.write(cache.resolve(encoder.getFileName() + "123.part"), Arrays.copyOf(whole, whole.length / 2));
        Files.delete(encoder);
        EmbeddingModel again = load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        assertThat(again.fromPreparedEncoder()).isFalse();
        assertThat(again.embed(TEXTS)).isEqualTo(expected);
        assertThat(Files.readAllBytes(encoder)).isEqualTo(whole);
        assertThat(load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache)).fromPreparedEncoder()).isTrue();
        assertThat(list(cache)).containsExactlyInAnyOrder(encoder, part);
    }

    @Test
    void theEncoderIsWrittenOffTheLoadsPathAndAwaitCacheWritesWaitsForIt() throws IOException {
        Path jar = jarOf(TestModels.ALL_MINILM_L6_V2_Q);
        Path cache = dir.resolve("cache");
        EmbeddingModel first = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        float[][] expected = first.embed(TEXTS); // usable at once, whether the file is written yet or not
        first.awaitCacheWrites();
        Path encoder = onlyEncoder(cache, TestModels.ALL_MINILM_L6_V2_Q.file);
        assertThat(list(cache)).containsExactly(encoder); // whole, renamed into place: no temporary file left

        Files.setLastModifiedTime(encoder, LONG_AGO);
        EmbeddingModel later = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        later.awaitCacheWrites(); // nothing to write: returns at once
        assertThat(later.fromPreparedEncoder()).isTrue();
        assertThat(Files.getLastModifiedTime(encoder)).isEqualTo(LONG_AGO);
        assertThat(later.embed(TEXTS)).isEqualTo(expected);
    }

    @Test
    void anEncoderPreparedFromAnotherModelIsNotUsed() throws IOException {
        Path fp32 = jarOf(TestModels.ALL_MINILM_L6_V2);
        Path int8 = jarOf(TestModels.ALL_MINILM_L6_V2_Q);
        Path cache = dir.resolve("cache");
        float[][] fp32Expected = load(fp32, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS);
        float[][] int8Expected = load(int8, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS);
        Path fp32Encoder = onlyEncoder(cache, TestModels.ALL_MINILM_L6_V2.file);
        Path int8Encoder = onlyEncoder(cache, TestModels.ALL_MINILM_L6_V2_Q.file);
        byte[] int8Bytes = Files.readAllBytes(int8Encoder);
        Files.copy(fp32Encoder, int8Encoder, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // whole, but another model's

        assertThat(load(int8, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(int8Expected)
                .isNotEqualTo(fp32Expected);
        assertThat(Files.readAllBytes(int8Encoder)).isEqualTo(int8Bytes);
    }

    @Test
    void aChangedModelFileGetsANewEncoderAndTheOldOneGoes() throws IOException {
        TestModels model = TestModels.ALL_MINILM_L6_V2_Q;
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        Path onnx = Files.write(modelDir.resolve("model.onnx"), model.onnxBytes());
        Files.write(modelDir.resolve("tokenizer.json"), model.tokenizerJson());
        Path cache = dir.resolve("cache");
        float[][] expected = load(modelDir, EmbeddingOptions.defaults(), ModelCache.off()).embed(TEXTS);

        assertThat(load(modelDir, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(expected);
        Path encoder = onlyEncoder(cache, "model");
        assertThat(load(modelDir, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(expected);
        assertThat(list(cache)).containsExactly(encoder);

        Path unrelated = Files.writeString(cache.resolve("model-0badc0de.encoder"), "not an encoder"); // read, not understood: kept
        Files.setLastModifiedTime(onnx, LONG_AGO); // the file may have changed: its encoder is prepared again
        assertThat(load(modelDir, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(expected);
        Files.delete(unrelated);
        Path renewed = onlyEncoder(cache, "model");
        assertThat(renewed).isNotEqualTo(encoder); // the earlier version's encoder is gone
    }

    @Test
    void jarsHoldingDifferentModelsUnderOneNameEachKeepTheirEncoder() throws IOException {
        Path cache = dir.resolve("cache");
        Path minilm = jar(dir.resolve("a.jar"), TestModels.ALL_MINILM_L6_V2_Q);
        Path bge = jar(dir.resolve("b.jar"), TestModels.BGE_SMALL_EN_V15_Q);
        float[][] minilmExpected = load(minilm, EmbeddingOptions.defaults(), ModelCache.off()).embed(TEXTS);
        float[][] bgeExpected = load(bge, EmbeddingOptions.defaults(), ModelCache.off()).embed(TEXTS);
        for (int round = 0; round < 2; round++) { // the second round reads both prepared encoders
            assertThat(load(minilm, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(minilmExpected);
            assertThat(load(bge, EmbeddingOptions.defaults(), ModelCache.at(cache)).embed(TEXTS)).isEqualTo(bgeExpected);
            assertThat(list(cache).stream().filter(p -> p.toString().endsWith(".encoder"))).hasSize(2);
        }
    }

    /** A jar holding {@code model} as model.onnx and model-tokenizer.json. */
    private static Path jar(Path jar, TestModels model) throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            zip.putNextEntry(new java.util.zip.ZipEntry("model.onnx"));
            zip.write(model.onnxBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("model-tokenizer.json"));
            zip.write(model.tokenizerJson());
        }
        return jar;
    }

    @Test
    void evictDeletesTheExtractedModelAndItsEncoderSoTheNextLoadIsAFirstOne() throws IOException {
        Path jar = jarOf(TestModels.ALL_MINILM_L6_V2_Q);
        Path cache = dir.resolve("cache");
        load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        Path unrelated = Files.writeString(cache.resolve("other-0badc0de.encoder"), "another model's");
        Path extracted = extractedCopy(jar, cache); // as an earlier Ferrite, or a model without encoder, leaves it
        assertThat(list(cache)).hasSize(3); // the extracted .onnx, the encoder, the unrelated file

        ModelCache.at(cache).evict(jar);
        assertThat(list(cache)).containsExactly(unrelated);
        EmbeddingModel again = load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        assertThat(again.fromPreparedEncoder()).isFalse();
        assertThat(list(cache)).hasSize(2).doesNotContain(extracted);
        ModelCache.off().evict(jar); // nothing to do, nothing done
        assertThat(list(cache)).hasSize(2);
    }

    /** Writes the cache's extracted copy of the one .onnx entry of {@code jar} as {@link ModelCache} names it. */
    private static Path extractedCopy(Path jar, Path cache) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.zip.ZipEntry entry = ModelFiles.onnxEntries(zip).getFirst();
            String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1).replace(".onnx", "");
            Path copy = cache.resolve(String.format("%s-%d-%08x.onnx", base, entry.getSize(), entry.getCrc()));
            try (java.io.InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, copy);
            }
            assertThat(ModelCache.at(cache).lookup(jar)).contains(copy);
            return copy;
        }
    }

    @Test
    void evictOfAFileThatIsNoJarSaysSo() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("model.jar"), "not a zip");
        assertThatThrownBy(() -> ModelCache.at(dir.resolve("cache")).evict(notAJar)).isInstanceOf(IOException.class);
    }

    @Test
    void withTheCacheOffNothingIsWritten() throws IOException {
        load(jarOf(TestModels.ALL_MINILM_L6_V2_Q), EmbeddingOptions.defaults(), ModelCache.off());
        assertThat(list(dir)).isEmpty();
    }

    /** {@link EmbeddingModel#load(Path, EmbeddingOptions, ModelCache)}, once what it writes into the cache is written. */
    private static EmbeddingModel load(Path path, EmbeddingOptions options, ModelCache cache) {
        EmbeddingModel model = EmbeddingModel.load(path, options, cache);
        model.awaitCacheWrites();
        return model;
    }

    /** The model's jar on the test classpath (the LangChain4j artifact, as Maven resolved it). */
    private static Path jarOf(TestModels model) {
        URL url = EncoderCacheTest.class.getClassLoader().getResource(model.onnxName());
        assertThat(url).as("%s on the test classpath", model.onnxName()).isNotNull();
        String spec = url.toString();
        assertThat(spec).startsWith("jar:file:");
        try {
            return Path.of(new java.net.URI(spec.substring("jar:".length(), spec.indexOf("!/"))));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The one prepared encoder of {@code base} in the cache, with no temporary file beside it. */
    private static Path onlyEncoder(Path cache, String base) throws IOException {
        List<Path> encoders = list(cache).stream().filter(p -> p.getFileName().toString().endsWith(".encoder")
                && p.getFileName().toString().matches(java.util.regex.Pattern.quote(base) + "-[0-9a-f]{8}\\.encoder")).toList();
        assertThat(encoders).hasSize(1);
        assertThat(list(cache)).noneMatch(p -> p.toString().endsWith(".part"));
        return encoders.getFirst();
    }

    private static byte[] scribbled(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        for (int i = at; i < at + 8; i++) copy[i] = (byte) 0xff;
        return copy;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
