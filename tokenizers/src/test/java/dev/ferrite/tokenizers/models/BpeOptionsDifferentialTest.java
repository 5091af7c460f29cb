package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The options that the fixtures leave unused, against the Rust library: variants of the llama2
 * model (unk with and without fusing, no unk at all, dropout 1, ignore_merges, a missing unk
 * token), llama3 without ignore_merges, and vocabularies derived from llama2 that use a
 * continuing_subword_prefix and an end_of_word_suffix.
 */
class BpeOptionsDifferentialTest {

    static List<String> inputs() {
        List<String> inputs = new ArrayList<>(BpeFixtures.words("multilingual.txt"));
        inputs.addAll(BpeFixtures.words("naughty.txt"));
        inputs.addAll(BpeFixtures.lines("naughty.txt"));
        inputs.addAll(BpeFixtures.words("english.txt").subList(0, 5000));
        return inputs;
    }

    static void check(String json, List<String> inputs) {
        Bpe bpe = BpeFixtures.ferrite(json, "variant");
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(bpe, rust, inputs, true);
        }
    }

    static String llama2(Map<String, Object> overrides) {
        return BpeFixtures.modelOnly("llama2", overrides);
    }

    static Map<String, Object> options(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    @Test
    void unkInsteadOfByteFallback() {
        List<String> inputs = inputs();
        check(llama2(options("byte_fallback", false, "fuse_unk", true)), inputs);
        check(llama2(options("byte_fallback", false, "fuse_unk", false)), inputs);
    }

    @Test
    void byteFallbackWithMissingBytesFallsBackToUnk() {
        // Without the tokens <0x80> .. <0x9F>, many characters cannot be spelled in bytes and become
        // <unk>, mixed with characters that can: Rust then adds a pending unk after the next
        // character's bytes, out of text order.
        JsonObject model = JsonReader.parse(llama2(Map.of()), "llama2").asObject().get("model").asObject();
        StringWriter vocab = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(vocab)) {
            g.writeStartObject();
            for (Map.Entry<String, JsonValue> e : model.get("vocab").asObject().fields().entrySet()) {
                if (!e.getKey().matches("<0x[89][0-9A-F]>")) g.writeNumberField(e.getKey(), e.getValue().asIndex());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> inputs = inputs();
        for (boolean fuse : new boolean[] {true, false}) {
            check(llama2(options("vocab", new BpeFixtures.RawJson(vocab.toString()), "fuse_unk", fuse)), inputs);
        }
    }

    @Test
    void noUnkTokenDropsUnknownCharacters() {
        check(llama2(options("byte_fallback", false, "unk_token", null)), inputs());
    }

    @Test
    void dropoutOneMergesNothingAndDropoutZeroIsNoDropout() {
        List<String> inputs = inputs();
        check(llama2(options("dropout", 1.0)), inputs);
        check(llama2(options("dropout", 0.0)), inputs);
    }

    @Test
    void ignoreMergesSwitched() {
        check(llama2(options("ignore_merges", true)), inputs());
        List<String> byteLevel = inputs().stream().map(BpeFixtures::byteLevel).toList();
        check(BpeFixtures.modelOnly("llama3", options("ignore_merges", false)), byteLevel);
    }

    @Test
    void unkTokenMissingFromVocabularyFailsLikeRust() {
        String json = llama2(options("byte_fallback", false, "unk_token", "<missing>"));
        Bpe bpe = BpeFixtures.ferrite(json, "variant");
        int failures = 0;
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            for (String word : List.of("hello", "héllo", "世界", "🫠", "a𠀀b", "ꙮ", "plain")) {
                boolean rustFails;
                try {
                    rust.encode(word, false, false);
                    rustFails = false;
                } catch (RuntimeException e) {
                    rustFails = true;
                }
                boolean ferriteFails;
                try {
                    bpe.tokenize(word);
                    ferriteFails = false;
                } catch (TokenizerException e) {
                    ferriteFails = true;
                }
                assertThat(ferriteFails).as("fails on " + word).isEqualTo(rustFails);
                if (rustFails) failures++;
            }
        }
        assertThat(failures).isPositive();
    }

    @Test
    void continuingSubwordPrefixAndEndOfWordSuffix() {
        List<String> inputs = inputs();
        check(affixed("##", null), inputs);
        check(affixed(null, "</w>"), inputs);
        check(affixed("##", "</w>"), inputs);
    }

    @Test
    void byteFallbackSpellsOutTheAffixesAsInRust() {
        // Rust counts the affix bytes in the offsets, so tokens run past the end of the word.
        List<String> inputs = new ArrayList<>(BpeFixtures.words("naughty.txt"));
        inputs.addAll(BpeFixtures.words("multilingual.txt").subList(0, 20_000));
        inputs.addAll(List.of("a\uD840\uDC00b", "\uD840\uDC00", "x\uD83E\uDEE0", "\uD83E\uDEE0y"));
        check(affixed("##", "</w>", true), inputs);
        check(affixed("##", null, true), inputs);
    }

    /**
     * llama2's model turned into one with affixes: every token t also as prefix+t, t+suffix and
     * prefix+t+suffix, and every merge "a b" as the rules that join those forms; unknown characters
     * become the (fused) unk token, or with {@code byteFallback} their bytes.
     */
    static String affixed(String prefix, String suffix) {
        return affixed(prefix, suffix, false);
    }

    static String affixed(String prefix, String suffix, boolean byteFallback) {
        String base = llama2(Map.of());
        JsonObject model = JsonReader.parse(base, "llama2").asObject().get("model").asObject();
        String pre = prefix == null ? "" : prefix;
        String suf = suffix == null ? "" : suffix;
        List<String> forms = new ArrayList<>(List.of("%s"));
        if (prefix != null) forms.add(pre + "%s");
        if (suffix != null) forms.add("%s" + suf);
        if (prefix != null && suffix != null) forms.add(pre + "%s" + suf);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            for (String f : List.of("normalizer", "pre_tokenizer", "post_processor", "decoder")) g.writeNullField(f);
            g.writeArrayFieldStart("added_tokens");
            g.writeEndArray();
            g.writeObjectFieldStart("model");
            g.writeStringField("type", "BPE");
            g.writeStringField("unk_token", "<unk>");
            g.writeBooleanField("fuse_unk", true);
            g.writeBooleanField("byte_fallback", byteFallback);
            if (prefix != null) g.writeStringField("continuing_subword_prefix", prefix);
            if (suffix != null) g.writeStringField("end_of_word_suffix", suffix);
            Map<String, JsonValue> vocab = model.get("vocab").asObject().fields();
            int n = vocab.size();
            g.writeObjectFieldStart("vocab");
            Map<String, Integer> written = new HashMap<>();
            for (int k = 0; k < forms.size(); k++) {
                for (Map.Entry<String, JsonValue> e : vocab.entrySet()) {
                    String token = forms.get(k).formatted(e.getKey());
                    if (written.putIfAbsent(token, 0) == null) g.writeNumberField(token, k * n + e.getValue().asIndex());
                }
            }
            g.writeEndObject();
            g.writeArrayFieldStart("merges");
            for (JsonValue m : model.get("merges").asArray().items()) {
                String[] ab = m.asString().split(" ");
                // Left side: a or prefix+a (mid-word); right side: prefix+b, with or without the suffix.
                for (String left : prefix == null ? List.of(ab[0]) : List.of(ab[0], pre + ab[0])) {
                    for (String right : suffix == null ? List.of(pre + ab[1]) : List.of(pre + ab[1], pre + ab[1] + suf)) {
                        g.writeStartArray();
                        g.writeString(left);
                        g.writeString(right);
                        g.writeEndArray();
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.toString().isEmpty()) fail("empty variant");
        return out.toString();
    }
}
