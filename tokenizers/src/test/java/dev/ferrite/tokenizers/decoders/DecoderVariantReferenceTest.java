package dev.ferrite.tokenizers.decoders;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoders no fixture uses (Metaspace, CTC, BPEDecoder, Strip at the end, Replace with a regex...)
 * against the Rust library: a small fixture with its decoder replaced, decoding its own encodings
 * of corpus lines and random ids.
 */
class DecoderVariantReferenceTest {
    record Variant(String fixture, String decoder) {
        @Override
        public String toString() {
            return fixture + " + " + decoder;
        }
    }

    static List<Variant> variants() {
        return List.of(
                new Variant("llama2", "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true},{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"}]}"),
                new Variant("llama2", "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"first\"}"),
                new Variant("llama2", "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"add_prefix_space\":false,\"prepend_scheme\":\"never\"}"),
                new Variant("llama2", "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"add_prefix_space\":true}"),
                new Variant("llama2", "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},\"content\":\" \"},{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"},{\"type\":\"Strip\",\"content\":\" \",\"start\":2,\"stop\":1}]}"),
                new Variant("llama2", "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"▁+|e(?=s)\"},\"content\":\"_\"},{\"type\":\"ByteFallback\"}]}"),
                new Variant("llama2", "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"a*\"},\"content\":\"-\"}"),
                new Variant("llama2", "{\"type\":\"Strip\",\"content\":\"▁\",\"start\":1,\"stop\":1}"),
                new Variant("llama2", "{\"type\":\"ByteFallback\"}"),
                new Variant("llama2", "{\"type\":\"Fuse\"}"),
                new Variant("llama2", "{\"type\":\"BPEDecoder\",\"suffix\":\"▁\"}"),
                new Variant("llama2", "{\"type\":\"CTC\",\"pad_token\":\"<unk>\",\"word_delimiter_token\":\"▁\",\"cleanup\":true}"),
                new Variant("llama2", "{\"type\":\"CTC\",\"pad_token\":\"<unk>\",\"word_delimiter_token\":\"▁\",\"cleanup\":false}"),
                new Variant("llama2", "{\"type\":\"WordPiece\",\"prefix\":\"▁\",\"cleanup\":true}"),
                new Variant("llama2", "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true}"),
                new Variant("minilm", "{\"type\":\"BPEDecoder\",\"suffix\":\"##\"}"),
                new Variant("minilm", "{\"type\":\"BPEDecoder\",\"suffix\":\"\"}"),
                new Variant("minilm", "{\"type\":\"CTC\",\"pad_token\":\"[PAD]\",\"word_delimiter_token\":\"##\",\"cleanup\":true}"),
                new Variant("minilm", "{\"type\":\"CTC\",\"pad_token\":\"\",\"word_delimiter_token\":\"\",\"cleanup\":true}"),
                new Variant("minilm", "{\"type\":\"WordPiece\",\"prefix\":\"\",\"cleanup\":false}"),
                new Variant("minilm", "{\"type\":\"Metaspace\",\"replacement\":\"#\",\"prepend_scheme\":\"always\"}"),
                new Variant("minilm", "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true},{\"type\":\"Strip\",\"content\":\" \",\"start\":0,\"stop\":3}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void decodesAsTheReference(Variant v) {
        String json = Reference.withTopLevel(Reference.tokenizerJson(v.fixture()), "decoder", v.decoder());
        Decoder decoder = Decoders.fromJson(JsonReader.parse(v.decoder(), "variant").asObject());
        String[] vocab = Reference.idToToken(JsonReader.parse(json, v.fixture()).asObject());
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        try (HuggingFaceTokenizer djl = Reference.djl(json)) {
            List<long[]> cases = new ArrayList<>();
            for (String corpus : Reference.CORPORA) {
                List<String> lines = Reference.corpus(corpus);
                for (int i = 0; i < lines.size(); i += Math.max(1, lines.size() / 40)) cases.add(djl.encode(lines.get(i), true, false).getIds());
            }
            Random r = new Random(v.decoder().hashCode());
            for (int n = 0; n < 200; n++) {
                long[] ids = new long[r.nextInt(12)];
                for (int i = 0; i < ids.length; i++) {
                    int id;
                    do {
                        // Low ids are the special, byte-fallback and single-character tokens.
                        id = r.nextBoolean() ? r.nextInt(Math.min(vocab.length, 400)) : r.nextInt(vocab.length);
                    } while (vocab[id] == null);
                    ids[i] = id;
                }
                cases.add(ids);
            }
            for (long[] ids : cases) {
                List<String> tokens = new ArrayList<>();
                for (long id : ids) tokens.add(vocab[(int) id]);
                String actual;
                try {
                    actual = decoder.decode(tokens);
                } catch (TokenizerException e) {
                    // Where Strip throws, the Rust library panics, which would abort this JVM: not asked.
                    continue;
                }
                compared++;
                String expected = djl.decode(ids, false);
                if (!expected.equals(actual) && mismatches.size() < 5) {
                    mismatches.add("ids " + Arrays.toString(ids) + " tokens " + tokens + "\n  expected \"" + expected + "\"\n  actual   \"" + actual + "\"");
                }
            }
        }
        assertThat(compared).isGreaterThan(250);
        assertThat(mismatches).as(v + ": decodes that differ from the Rust library").isEmpty();
    }
}
