package dev.ferrite.tokenizers.processors;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.ferrite.tokenizers.decoders.Reference;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Post-processors against the Rust library. The tokens of each sequence come from the reference
 * itself: a fixture's own tokenizer encodes the pair without special tokens (its post-processor
 * then leaves the tokens as the model made them), and the encoding is split back into the two
 * sequences. Those go through our post-processor, and the result is compared field by field
 * (ids, tokens, type ids, words, offsets, masks, sequence ids, overflowing pieces) with what the
 * reference gives for the same fixture with the post-processor under test, with and without
 * special tokens, with and without truncation. DJL reports offsets in characters (code points),
 * ours are UTF-16 units; they are converted through the input texts.
 */
class PostProcessorReferenceTest {
    private static final String LLAMA3_TEMPLATE = """
            {"type":"TemplateProcessing",
             "single":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
             "pair":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},
                     {"SpecialToken":{"id":"<|begin_of_text|>","type_id":1}},{"Sequence":{"id":"B","type_id":1}}],
             "special_tokens":{"<|begin_of_text|>":{"id":"<|begin_of_text|>","ids":[128000],"tokens":["<|begin_of_text|>"]}}}""";
    private static final String ODD_TEMPLATE = """
            {"type":"TemplateProcessing",
             "single":[{"Sequence":{"id":"A","type_id":1}},{"SpecialToken":{"id":"[X]","type_id":2}},{"Sequence":{"id":"A","type_id":3}}],
             "pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"B","type_id":5}},{"SpecialToken":{"id":"[2T]","type_id":1}},
                     {"Sequence":{"id":"A","type_id":2}},{"SpecialToken":{"id":"[CLS]","type_id":4}}],
             "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[101],"tokens":["[CLS]"]},
                               "[X]":{"id":"[X]","ids":[102,101],"tokens":["[SEP]","[CLS]"]},
                               "[2T]":{"id":"[2T]","ids":[103,104],"tokens":["[MASK]","[unused99]"]}}}""";

    /** A fixture (which supplies the tokens) and the post-processor JSON under test (null: the fixture's own). */
    record Variant(String fixture, String label, String postProcessor) {
        @Override
        public String toString() {
            return fixture + " + " + label;
        }
    }

    static List<Variant> variants() {
        String llamaRoberta = "{\"type\":\"RobertaProcessing\",\"sep\":[\"<|end_of_text|>\",128001],\"cls\":[\"<|begin_of_text|>\",128000],";
        return List.of(
                new Variant("minilm", "own TemplateProcessing", null),
                new Variant("bge-small-zh", "own TemplateProcessing", null),
                new Variant("llama2", "own TemplateProcessing", null),
                new Variant("gemma3", "own TemplateProcessing", null),
                new Variant("llama3", "own ByteLevel", null),
                new Variant("qwen3", "own ByteLevel", null),
                new Variant("minilm", "BertProcessing", "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",101]}"),
                new Variant("minilm", "odd TemplateProcessing", ODD_TEMPLATE),
                new Variant("llama3", "ByteLevel trimming", "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true}"),
                new Variant("llama3", "ByteLevel trimming, no prefix space",
                        "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}"),
                new Variant("qwen3", "ByteLevel trimming", "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}"),
                new Variant("llama3", "RobertaProcessing trimming", llamaRoberta + "\"trim_offsets\":true,\"add_prefix_space\":true}"),
                new Variant("llama3", "RobertaProcessing", llamaRoberta + "\"trim_offsets\":false,\"add_prefix_space\":false}"),
                new Variant("llama3", "BertProcessing", "{\"type\":\"BertProcessing\",\"sep\":[\"<|end_of_text|>\",128001],\"cls\":[\"<|begin_of_text|>\",128000]}"),
                new Variant("llama3", "Sequence[ByteLevel, TemplateProcessing]", "{\"type\":\"Sequence\",\"processors\":["
                        + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true},"
                        + LLAMA3_TEMPLATE + "]}"));
    }

    /** Truncation settings tried on every variant: strategy, max length, stride. */
    private static final List<String[]> TRUNCATIONS = List.of(
            new String[] {"longest_first", "24", "4"}, new String[] {"only_first", "30", "2"}, new String[] {"only_second", "28", "0"});

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void processesAsTheReference(Variant v) {
        String fixtureJson = Reference.tokenizerJson(v.fixture());
        String processorJson = v.postProcessor();
        String variantJson = processorJson == null ? fixtureJson : Reference.withPostProcessor(fixtureJson, processorJson);
        PostProcessor processor = processorJson != null
                ? PostProcessors.fromJson(JsonReader.parse(processorJson, "variant").asObject())
                : PostProcessors.fromJson(JsonReader.parse(fixtureJson, v.fixture()).asObject().get("post_processor").asObject());
        List<String[]> pairs = pairs();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int withOverflow = 0;
        try (HuggingFaceTokenizer base = Reference.djl(fixtureJson);
             HuggingFaceTokenizer variant = processorJson == null ? null : Reference.djl(variantJson)) {
            HuggingFaceTokenizer ref = variant == null ? base : variant;
            for (String[] p : pairs) {
                String a = p[0];
                String b = p[1];
                RawEncoding[] raw = rawPair(base, a, b);
                RawEncoding single = rawSingle(base, a);
                for (boolean add : new boolean[] {true, false}) {
                    compared += 2;
                    check(mismatches, "pair add=" + add, a, b, ref.encode(a, b, add, true),
                            processor.process(raw[0].copy(), raw[1].copy(), add));
                    check(mismatches, "single add=" + add, a, null, ref.encode(a, add, true), processor.process(single.copy(), null, add));
                }
            }
            for (String[] t : TRUNCATIONS) {
                int max = Integer.parseInt(t[1]);
                int stride = Integer.parseInt(t[2]);
                try (HuggingFaceTokenizer truncating = Reference.djl(variantJson,
                        Map.of("truncation", t[0], "maxLength", t[1], "stride", t[2]))) {
                    for (String[] p : pairs) {
                        RawEncoding[] raw = rawPair(base, p[0], p[1]);
                        int budget = max - processor.addedTokens(true);
                        // Inputs on which the reference would fail or panic (which aborts the JVM) are left out.
                        if (!Truncation.apply(raw[0], raw[1], t[0], budget, stride)) continue;
                        compared++;
                        Encoding expected = truncating.encode(p[0], p[1], true, true);
                        if (expected.getOverflowing().length > 0) withOverflow++;
                        check(mismatches, "pair " + String.join("/", t), p[0], p[1], expected, processor.process(raw[0], raw[1], true));
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(pairs.size() * 4 + 60);
        assertThat(withOverflow).as("truncated pairs with overflowing pieces").isGreaterThan(40);
        assertThat(mismatches).as(v + ": encodings that differ from the Rust library").isEmpty();
    }

    /** Pairs of corpus lines across the corpora, plus empty sequences. */
    private static List<String[]> pairs() {
        List<String> lines = new ArrayList<>();
        for (String c : Reference.CORPORA) {
            List<String> all = Reference.corpus(c);
            int step = Math.max(1, all.size() / 25);
            for (int i = 0; i < all.size(); i += step) lines.add(all.get(i));
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) out.add(new String[] {lines.get(i), lines.get((i * 7 + 13) % lines.size())});
        out.add(new String[] {"", ""});
        out.add(new String[] {"", "Hello there"});
        out.add(new String[] {"  Hello  there  ", "\tsecond one "});
        return out;
    }

    private static RawEncoding[] rawPair(HuggingFaceTokenizer base, String a, String b) {
        Encoding e = base.encode(a, b, false, false);
        return new RawEncoding[] {raw(e, 0, a), raw(e, 1, b)};
    }

    private static RawEncoding rawSingle(HuggingFaceTokenizer base, String a) {
        return raw(base.encode(a, false, false), 0, a);
    }

    /** The tokens of sequence {@code seq} in a reference encoding, as the model made them (type id = seq). */
    private static RawEncoding raw(Encoding e, int seq, String text) {
        long[] seqIds = e.getSequenceIds();
        CharSpan[] spans = e.getCharTokenSpans();
        int[] toUtf16 = Offsets.codePointToUtf16(text);
        RawEncoding out = new RawEncoding(seqIds.length);
        for (int i = 0; i < seqIds.length; i++) {
            if (seqIds[i] != seq) continue;
            out.add((int) e.getIds()[i], e.getTokens()[i], toUtf16[spans[i].getStart()], toUtf16[spans[i].getEnd()],
                    (int) e.getWordIds()[i], seq, (int) e.getSpecialTokenMask()[i], (int) e.getAttentionMask()[i]);
        }
        return out;
    }

    private static void check(List<String> mismatches, String what, String a, String b, Encoding expected, RawEncoding actual) {
        String exp = Offsets.describe(expected);
        String act = Offsets.describe(actual, a, b);
        if (!exp.equals(act) && mismatches.size() < 3) {
            mismatches.add(what + " on " + a + (b == null ? "" : " | " + b) + "\nexpected:\n" + exp + "actual:\n" + act);
        }
    }
}
