package dev.ferrite.runtime.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ferrite.runtime.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading, pooling, truncation and every load-time error, on {@link TinyModel} (hidden state of
 * token id i = (i, 1)). "hello world" is [CLS]=101 hello=7592 world=2088 [SEP]=102 in MiniLM's vocabulary.
 */
class EmbeddingModelTest {
    private static final EmbeddingOptions RAW = EmbeddingOptions.defaults().withNormalize(false);

    @TempDir
    Path dir;

    @Test
    void poolsMeanClsAndLastOverTheUnpaddedTokens() {
        Path model = TinyModel.directory(dir.resolve("m"));
        assertThat(EmbeddingModel.load(model, RAW).embed("hello world"))
                .containsExactly((101 + 7592 + 2088 + 102) / 4f, 1f);
        assertThat(EmbeddingModel.load(model, RAW.withPooling(Pooling.CLS)).embed("hello world")).containsExactly(101f, 1f);
        assertThat(EmbeddingModel.load(model, RAW.withPooling(Pooling.LAST_TOKEN)).embed("hello world")).containsExactly(102f, 1f);
    }

    @Test
    void warmUpRunsForItsBudgetAndChangesNothing() {
        EmbeddingModel m = EmbeddingModel.load(TinyModel.directory(dir.resolve("m")), RAW);
        float[] before = m.embed("hello world");
        assertThat(m.warmUp(Duration.ZERO)).isZero();
        assertThat(m.warmUp(Duration.ofMillis(50))).isPositive();
        assertThat(m.embed("hello world")).containsExactly(before);
        assertThatThrownBy(() -> m.warmUp(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalizesByDefault() {
        EmbeddingModel m = EmbeddingModel.load(TinyModel.directory(dir.resolve("m")));
        assertThat(m.normalizes()).isTrue();
        float[] v = m.embed("hello world");
        double mean = (101 + 7592 + 2088 + 102) / 4.0;
        assertThat(v[0]).isCloseTo((float) (mean / Math.hypot(mean, 1)), within(1e-7f));
        assertThat(v[1]).isCloseTo((float) (1 / Math.hypot(mean, 1)), within(1e-7f));
    }

    @Test
    void theEmptyStringEmbedsAsClsSep() {
        EmbeddingModel m = EmbeddingModel.load(TinyModel.directory(dir.resolve("m")), RAW);
        assertThat(m.embed("")).containsExactly((101 + 102) / 2f, 1f);
        assertThat(m.embed(List.of("", "hello world", ""))).isEqualTo(new float[][] {
                new float[] {101.5f, 1f}, new float[] {(101 + 7592 + 2088 + 102) / 4f, 1f}, new float[] {101.5f, 1f}});
    }

    @Test
    void packedBatchesGiveEachSequenceItsOwnStatesAndVectors() {
        EmbeddingModel m = EmbeddingModel.load(TinyModel.directory(dir.resolve("m")), RAW);
        TokenBatch batch = new TokenBatch(new int[] {101, 7592, 102, 101, 102}, new int[5], new int[] {0, 3, 3, 5});
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.maxLength()).isEqualTo(3);
        assertThat(m.hiddenStates(batch)).containsExactly(101, 1, 7592, 1, 102, 1, 101, 1, 102, 1);
        float[][] raw = m.embed(batch, false);
        assertThat(raw[0]).containsExactly((101 + 7592 + 102) / 3f, 1f);
        assertThat(raw[1]).as("a sequence of no tokens").containsExactly(0f, 0f);
        assertThat(raw[2]).containsExactly(101.5f, 1f);
        assertThat(m.embed(batch, true)[2]).isEqualTo(m.embed(TokenBatch.of(List.of(m.encode(""))), true)[0]);
        assertThat(m.embed(TokenBatch.of(List.of()), true)).isEmpty();
    }

    @Test
    void aNullTextIsRefusedNamingWhichOne() {
        EmbeddingModel m = EmbeddingModel.load(TinyModel.directory(dir.resolve("m")), RAW);
        assertThatThrownBy(() -> m.embed((String) null)).isInstanceOf(NullPointerException.class).hasMessage("text");
        assertThatThrownBy(() -> m.embed(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("texts[1] is null");
    }

    @Test
    void inconsistentBatchesAreRejected() {
        assertThatThrownBy(() -> new TokenBatch(new int[3], new int[3], new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 ids");
        assertThatThrownBy(() -> new TokenBatch(new int[3], new int[2], new int[] {0, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 type ids");
        assertThatThrownBy(() -> new TokenBatch(new int[3], new int[3], new int[] {0, 2, 1, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decrease at 2");
    }

    @Test
    void maxLengthTruncatesKeepingTheSpecialTokens() {
        Path model = TinyModel.directory(dir.resolve("m"));
        // The fixture's tokenizer.json truncates at 128; no padding is ever applied.
        assertThat(EmbeddingModel.load(model).maxLength()).isEqualTo(128);
        assertThat(EmbeddingModel.load(model).tokenizer().padding()).isEmpty();
        EmbeddingModel three = EmbeddingModel.load(model, RAW.withMaxLength(3));
        // [CLS] hello [SEP]
        assertThat(three.embed("hello world")).containsExactly((101 + 7592 + 102) / 3f, 1f);
    }

    @Test
    void sentenceTransformersConfigsChooseThePoolingAndLength() throws IOException {
        Path model = TinyModel.directory(dir.resolve("m"));
        Files.createDirectories(model.resolve("1_Pooling"));
        Files.writeString(model.resolve("1_Pooling/config.json"),
                "{\"word_embedding_dimension\": 2, \"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
        Files.writeString(model.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256, \"do_lower_case\": false}");
        EmbeddingModel m = EmbeddingModel.load(model, RAW);
        assertThat(m.pooling()).isEqualTo(Pooling.CLS);
        assertThat(m.maxLength()).isEqualTo(256);
        assertThat(m.embed("hello world")).containsExactly(101f, 1f);
        // An explicit option wins.
        assertThat(EmbeddingModel.load(model, RAW.withPooling(Pooling.MEAN)).pooling()).isEqualTo(Pooling.MEAN);

        Files.writeString(model.resolve("1_Pooling/config.json"), "{\"pooling_mode_max_tokens\": true}");
        assertThatThrownBy(() -> EmbeddingModel.load(model)).isInstanceOf(ModelException.class)
                .hasMessage(model + ": 1_Pooling/config.json: pooling mode 'max_tokens' is not supported "
                        + "(mean_tokens, cls_token and lasttoken are); choose one with the pooling option");
        assertThat(EmbeddingModel.load(model, RAW.withPooling(Pooling.LAST_TOKEN)).embed("hello")).containsExactly(102f, 1f);
    }

    @Test
    void loadsOnnxSubdirectoryOnnxFileAndJar() throws IOException {
        Path hf = dir.resolve("hf");
        Files.createDirectories(hf.resolve("onnx"));
        Files.copy(TinyModel.tokenizerFixture(), hf.resolve("tokenizer.json"));
        Files.write(hf.resolve("onnx/model.onnx"), TinyModel.onnx());
        float[] expected = {101f, 1f};
        EmbeddingOptions cls = RAW.withPooling(Pooling.CLS);
        assertThat(EmbeddingModel.load(hf, cls).embed("x")).containsExactly(expected);
        assertThat(EmbeddingModel.load(hf.resolve("onnx/model.onnx"), cls).embed("x")).containsExactly(expected);

        Path file = Files.createDirectories(dir.resolve("flat"));
        Files.write(file.resolve("tiny.onnx"), TinyModel.onnx());
        Files.copy(TinyModel.tokenizerFixture(), file.resolve("tiny-tokenizer.json"));
        assertThat(EmbeddingModel.load(file.resolve("tiny.onnx"), cls).embed("x")).containsExactly(expected);

        Path jar = dir.resolve("tiny.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dev/example/Some.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.putNextEntry(new ZipEntry("tiny.onnx"));
            zip.write(TinyModel.onnx());
            zip.putNextEntry(new ZipEntry("tiny-tokenizer.json"));
            zip.write(Files.readAllBytes(TinyModel.tokenizerFixture()));
        }
        EmbeddingModel fromJar = EmbeddingModel.load(jar, cls);
        assertThat(fromJar.source()).isEqualTo(jar + "!/tiny.onnx");
        assertThat(fromJar.embed("x")).containsExactly(expected);
    }

    @Test
    void missingTokenizerJson() throws IOException {
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.write(m.resolve("model.onnx"), TinyModel.onnx());
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessage(m + ": no tokenizer.json in the model directory");
        assertThatThrownBy(() -> EmbeddingModel.load(m.resolve("model.onnx"))).isInstanceOf(ModelException.class)
                .hasMessage(m.resolve("model.onnx") + ": no tokenizer.json (or model-tokenizer.json) beside the model");
        assertThatThrownBy(() -> EmbeddingModel.load(dir.resolve("nowhere"))).isInstanceOf(ModelException.class)
                .hasMessage(dir.resolve("nowhere") + ": no such model file or directory");
        Path json = Files.writeString(dir.resolve("x.json"), "{}");
        assertThatThrownBy(() -> EmbeddingModel.load(json)).isInstanceOf(ModelException.class)
                .hasMessage(json + ": not a model: a directory (tokenizer.json and model.onnx), an .onnx file or a .jar/.zip "
                        + "that bundles both is expected");
    }

    @Test
    void malformedTokenizerJsonNamesTheFile() throws IOException {
        Path m = TinyModel.directory(dir.resolve("m"));
        Files.writeString(m.resolve("tokenizer.json"), "{\"model\": ");
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(m.resolve("tokenizer.json") + ": ").hasMessageContaining("JSON")
                .hasMessageNotContaining("tokenizer.json: tokenizer.json"); // named once
    }

    @Test
    void tokenizerJsonThatIsNotUtf8NamesTheFileAndTheField() throws IOException {
        Path m = TinyModel.directory(dir.resolve("m"));
        byte[] json = Files.readAllBytes(m.resolve("tokenizer.json"));
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("\"[UNK]\"", text.indexOf("\"vocab\"")) + 2; // inside the vocabulary's first key
        byte[] broken = json.clone();
        broken[text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length] = (byte) 0xC3; // a lead byte, then 'N'
        Files.write(m.resolve("tokenizer.json"), broken);
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(m.resolve("tokenizer.json") + ": ").hasMessageContaining("UTF-8").hasMessageContaining("vocab");
    }

    @Test
    void graphInputsOtherThanTheTokenizersAreRejected() throws IOException {
        Path m = TinyModel.directory(dir.resolve("m"));
        Files.write(m.resolve("model.onnx"), TinyModel.onnx("Gather", "pixel_values"));
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessage(m.resolve("model.onnx") + ": graph input 'pixel_values' (int64[batch, sequence]) is none of input_ids, "
                        + "attention_mask, token_type_ids: not a text embedding model Ferrite can feed");
    }

    @Test
    void corruptOnnxIsAModelException() throws IOException {
        Path m = TinyModel.directory(dir.resolve("m"));
        byte[] onnx = TinyModel.onnx();
        Files.write(m.resolve("model.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(m.resolve("model.onnx") + ": not a valid ONNX model");
    }

    @Test
    void anOperatorFerriteLacksFailsAtLoadNamingOpNodeAndOpset() throws IOException {
        Path m = TinyModel.directory(dir.resolve("m"));
        Files.write(m.resolve("model.onnx"), TinyModel.onnx("GatherND", "input_ids"));
        assertThatThrownBy(() -> EmbeddingModel.load(m)).isInstanceOf(ModelException.class)
                .hasMessage(m.resolve("model.onnx") + ": operator GatherND (opset 11, node 'lookup') is not supported by Ferrite");
    }

    @Test
    void aJarWithoutItsTokenizer() throws IOException {
        Path jar = dir.resolve("bad.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("tiny.onnx"));
            zip.write(TinyModel.onnx());
        }
        assertThatThrownBy(() -> EmbeddingModel.load(jar)).isInstanceOf(ModelException.class)
                .hasMessage(jar + ": no tiny-tokenizer.json or tokenizer.json beside tiny.onnx in the archive");
        Files.writeString(jar, "not a zip");
        assertThatThrownBy(() -> EmbeddingModel.load(jar)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(jar + ": not a readable jar or zip file");
    }
}
