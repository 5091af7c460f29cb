package dev.ferrite.tokenizers.normalizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading normalizers from tokenizer.json, as the Rust reader does, and the errors for bad ones. */
class NormalizersFromJsonTest {
    /** Parses {@code {"normalizer": json}} and reads the normalizer, so that paths start at $.normalizer. */
    private static Normalizer read(String json) {
        JsonObject root = JsonReader.parse("{\"normalizer\":" + json + "}", "test").asObject();
        return Normalizers.fromJson(root.get("normalizer").asObject());
    }

    @Test
    void readsEveryType() {
        assertThat(read("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":false,"
                + "\"strip_accents\":null,\"lowercase\":true}")).isEqualTo(new BertNormalizer(true, false, null, true));
        assertThat(read("{\"type\":\"BertNormalizer\",\"clean_text\":false,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":false,\"lowercase\":false}")).isEqualTo(new BertNormalizer(false, true, false, false));
        assertThat(read("{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":false}")).isEqualTo(new Strip(true, false));
        assertThat(read("{\"type\":\"StripAccents\"}")).isEqualTo(new StripAccents());
        assertThat(read("{\"type\":\"NFC\"}")).isEqualTo(new Nfc());
        assertThat(read("{\"type\":\"NFD\"}")).isEqualTo(new Nfd());
        assertThat(read("{\"type\":\"NFKC\"}")).isEqualTo(new Nfkc());
        assertThat(read("{\"type\":\"NFKD\"}")).isEqualTo(new Nfkd());
        assertThat(read("{\"type\":\"Lowercase\"}")).isEqualTo(new Lowercase());
        assertThat(read("{\"type\":\"Nmt\"}")).isEqualTo(new Nmt());
        assertThat(read("{\"type\":\"ByteLevel\"}")).isEqualTo(new ByteLevel());
        assertThat(read("{\"type\":\"Prepend\",\"prepend\":\"▁\"}")).isEqualTo(new Prepend("▁"));
        assertThat(read("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFD\"},{\"type\":\"Lowercase\"}]}"))
                .isEqualTo(new Sequence(List.of(new Nfd(), new Lowercase())));
        Replace string = (Replace) read("{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}");
        assertThat(string.isRegex()).isFalse();
        assertThat(string.pattern()).isEqualTo(" ");
        assertThat(string.content()).isEqualTo("▁");
        Replace regex = (Replace) read("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\" \"}");
        assertThat(regex.isRegex()).isTrue();
        byte[] charsmap = {4, 0, 0, 0, 0, 0, 0, 0, 'a', 0};
        Precompiled p = (Precompiled) read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":\""
                + Base64.getEncoder().encodeToString(charsmap) + "\"}");
        assertThat(p.charsmap()).containsExactly(charsmap);
    }

    @Test
    void readsLikeRustWithoutOrWithAnUnlistedType() {
        // The tag list says "Bert"; "BertNormalizer" is read through the untagged fallback, as is
        // anything whose fields fit a variant, whatever its type says.
        assertThat(read("{\"type\":\"Bert\",\"clean_text\":true,\"handle_chinese_chars\":true,\"lowercase\":true}"))
                .isEqualTo(new BertNormalizer(true, true, null, true));
        assertThat(read("{\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":true,\"lowercase\":false}"))
                .isEqualTo(new BertNormalizer(true, true, true, false));
        assertThat(read("{\"strip_left\":false,\"strip_right\":true}")).isEqualTo(new Strip(false, true));
        assertThat(read("{\"type\":\"StripNormalizer\",\"strip_left\":true,\"strip_right\":true}")).isEqualTo(new Strip(true, true));
        assertThat(read("{\"prepend\":\"a\"}")).isEqualTo(new Prepend("a"));
        assertThat(read("{\"normalizers\":[{\"type\":\"Lowercase\"}]}")).isEqualTo(new Sequence(List.of(new Lowercase())));
        assertThat(read("{\"type\":\"Lowercase\",\"extra\":1}")).isEqualTo(new Lowercase());
    }

    @Test
    void errorsNameThePathAndWhatWasExpected() {
        assertThatThrownBy(() -> read("{\"type\":\"Foo\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.normalizer.type").hasMessageContaining("unknown normalizer type \"Foo\"")
                .hasMessageContaining("BertNormalizer");
        assertThatThrownBy(() -> read("{}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.normalizer").hasMessageContaining("\"type\"");
        assertThatThrownBy(() -> read("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer").hasMessageContaining("lowercase");
        assertThatThrownBy(() -> read("{\"type\":\"BertNormalizer\",\"clean_text\":1,\"handle_chinese_chars\":true,"
                + "\"lowercase\":true}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("$.normalizer.clean_text").hasMessageContaining("true or false");
        assertThatThrownBy(() -> read("{\"type\":\"Strip\",\"strip_left\":true}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("strip_right");
        assertThatThrownBy(() -> read("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFC\"},{\"type\":\"Nope\"}]}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.normalizers[1].type");
        assertThatThrownBy(() -> read("{\"type\":\"Sequence\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("normalizers");
        assertThatThrownBy(() -> read("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"(\"},\"content\":\"\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.pattern.Regex")
                .hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> read("{\"type\":\"Replace\",\"pattern\":{\"String\":\"a\",\"Regex\":\"b\"},\"content\":\"\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.pattern");
        assertThatThrownBy(() -> read("{\"type\":\"Replace\",\"pattern\":\"a\",\"content\":\"\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.pattern");
        assertThatThrownBy(() -> read("{\"type\":\"Prepend\"}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("prepend");
        assertThatThrownBy(() -> read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"@@\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.precompiled_charsmap")
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.precompiled_charsmap");
        assertThatThrownBy(() -> read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"CAAAAAAAAAA=\"}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("trie of 8 bytes");
        assertThatThrownBy(() -> read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":null}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("$.normalizer.precompiled_charsmap");
    }

    /**
     * Ferrite accepts exactly what the Rust reader accepts. (Precompiled with a bad charsmap is
     * left out: the Rust reader panics on it, which aborts the test JVM.)
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"Bert\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}",
        "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"lowercase\":true}",
        "{\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}",
        "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null}",
        "{\"type\":\"BertNormalizer\",\"clean_text\":1,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}",
        "{\"strip_left\":true,\"strip_right\":true}",
        "{\"type\":\"Strip\",\"strip_left\":true}",
        "{\"type\":\"StripNormalizer\",\"strip_left\":true,\"strip_right\":true}",
        "{\"type\":\"Foo\"}",
        "{}",
        "{\"type\":\"Foo\",\"prepend\":\"x\"}",
        "{\"type\":\"NFC\"}",
        "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Lowercase\"},{\"type\":\"NFD\"}]}",
        "{\"normalizers\":[{\"type\":\"Lowercase\"}]}",
        "{\"type\":\"Sequence\",\"normalizers\":[{}]}",
        "{\"type\":\"Sequence\"}",
        "{\"type\":\"Prepend\",\"prepend\":\"_\"}",
        "{\"prepend\":\"_\"}",
        "{\"type\":\"Replace\",\"pattern\":{\"String\":\"l\"},\"content\":\"L\"}",
        "{\"pattern\":{\"Regex\":\"l+\"},\"content\":\"L\"}",
        "{\"type\":\"Replace\",\"pattern\":{\"String\":\"l\",\"Regex\":\"x\"},\"content\":\"L\"}",
        "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"(\"},\"content\":\"L\"}",
        "{\"type\":\"Replace\",\"pattern\":{\"Other\":\"x\"},\"content\":\"L\"}",
        "{\"type\":\"Lowercase\",\"extra\":1}",
        "{\"type\":\"Nmt\"}",
        "{\"type\":\"StripAccents\"}",
        "{\"type\":\"ByteLevel\"}",
        "{\"type\":\"NFKD\",\"strip_left\":true}",
        "{\"type\":7,\"strip_left\":true,\"strip_right\":false}"})
    void acceptsWhatRustAccepts(String json) {
        boolean rust;
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(
                RustNormalizerOracle.tokenizerJson(json).getBytes(StandardCharsets.UTF_8)), Map.of())) {
            rust = true;
        } catch (Exception e) {
            rust = false;
        }
        boolean ferrite;
        try {
            read(json);
            ferrite = true;
        } catch (TokenizerException e) {
            ferrite = false;
        }
        assertThat(ferrite).as("Ferrite accepts " + json).isEqualTo(rust);
    }
}
