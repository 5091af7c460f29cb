package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.engine.PackedEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A first load, once it has written its prepared encoder, runs on the written file's mapping as a
 * later load does ({@link PackedEncoder#useWeightsOf}), bit for bit as before, passes running
 * meanwhile included; a write that fails leaves it on the weights it packed.
 */
class MappedWeightsSwitchTest {
    private static final List<String> TEXTS = List.of("hello world", "A man is playing a guitar.", "",
            "The quick brown fox jumps over the lazy dog, again and again and again.");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"ALL_MINILM_L6_V2", "ALL_MINILM_L6_V2_Q"})
    void aFirstLoadSwitchesToTheWrittenEncodersMappingAndEmbedsBitForBitAsBefore(TestModels model) {
        Path jar = EmbeddingVsOnnxRuntimeTest.jarOf(model);
        EmbeddingModel inMemory = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off());
        assertThat(packed(inMemory).weightsMapped()).isFalse();
        float[][] expected = inMemory.embed(TEXTS);

        EmbeddingModel first = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(dir.resolve("cache")));
        assertThat(first.fromPreparedEncoder()).isFalse();
        first.awaitCacheWrites();
        assertThat(packed(first).weightsMapped()).isTrue();
        assertThat(first.embed(TEXTS)).isEqualTo(expected);
        assertThat(first.encoder().toString()).isEqualTo(inMemory.encoder().toString());
    }

    @Test
    void passesRunningWhileTheWeightsSwitchEmbedBitForBitTheSame() throws Exception {
        Path jar = EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.ALL_MINILM_L6_V2);
        EmbeddingModel model = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off());
        float[][] expected = model.embed(TEXTS);
        Path cache = dir.resolve("cache");
        EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache)).awaitCacheWrites();
        EmbeddingModel warm = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(cache));
        assertThat(warm.fromPreparedEncoder()).isTrue();
        PackedEncoder mapped = packed(warm);
        PackedEncoder other = packed(EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off()));

        AtomicBoolean switching = new AtomicBoolean(true);
        AtomicInteger passes = new AtomicInteger();
        ExecutorService embedders = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> differing = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                differing.add(embedders.submit(() -> {
                    int wrong = 0;
                    while (switching.get()) {
                        if (!Arrays.deepEquals(model.embed(TEXTS), expected)) wrong++;
                        passes.incrementAndGet();
                    }
                    return wrong;
                }));
            }
            // Back and forth between a mapping and another packed copy, until many passes ran across switches.
            for (int i = 0; passes.get() < 300; i++) {
                packed(model).useWeightsOf(i % 2 == 0 ? mapped : other);
                Thread.sleep(1);
            }
            switching.set(false);
            for (Future<Integer> f : differing) assertThat(f.get()).isZero();
        } finally {
            embedders.shutdownNow();
        }
        assertThat(model.embed(TEXTS)).isEqualTo(expected);
    }

    @Test
    void aWriteThatFailsLeavesTheLoadOnTheWeightsItPacked() throws Exception {
        Path jar = EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.ALL_MINILM_L6_V2_Q);
        float[][] expected = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.off()).embed(TEXTS);
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache directory would be");

        EmbeddingModel model = EmbeddingModel.load(jar, EmbeddingOptions.defaults(), ModelCache.at(notADirectory));
        model.awaitCacheWrites();
        assertThat(packed(model).weightsMapped()).isFalse();
        assertThat(model.embed(TEXTS)).isEqualTo(expected);
    }

    @Test
    void weightsOfAnotherShapeAreRefused() {
        PackedEncoder minilm = packed(EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.ALL_MINILM_L6_V2_Q),
                EmbeddingOptions.defaults(), ModelCache.off()));
        PackedEncoder bge = packed(EmbeddingModel.load(EmbeddingVsOnnxRuntimeTest.jarOf(TestModels.BGE_SMALL_EN_V15_Q),
                EmbeddingOptions.defaults(), ModelCache.off()));
        assertThatThrownBy(() -> minilm.useWeightsOf(bge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the model of");
        assertThat(minilm.weightsMapped()).isFalse();
    }

    private static PackedEncoder packed(EmbeddingModel model) {
        assertThat(model.encoder()).isInstanceOf(PackedEncoder.class);
        return (PackedEncoder) model.encoder();
    }
}
