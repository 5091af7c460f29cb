package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.JsonSettings;
import dev.ferrite.tokenizers.reference.ReferenceException;
import dev.ferrite.tokenizers.reference.RustReference;
import dev.ferrite.tokenizers.reference.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Broken tokenizer.json files, as a table: each must fail to load with a {@link TokenizerException}
 * (and nothing else: no NPE, ClassCast, IndexOutOfBounds, Jackson or other exception) whose message
 * names the JSON path of the problem and what was expected there. Every row is also checked
 * against the Rust library, which must reject it too — so the table never asks Ferrite to refuse
 * a file the reference accepts.
 */
class BadTokenizerFileTest {

    /**
     * One broken file.
     *
     * @param name     what is wrong
     * @param json     the file's text
     * @param path     a JSON path the message must contain ({@code $} at least)
     * @param expected fragments the message must also contain (case-insensitive): what was expected,
     *                 or the offending value; {@code "a|b"} accepts either wording
     */
    record Bad(String name, String json, String path, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String UNK = "{\"id\":4,\"content\":\"<unk>\",\"single_word\":false,\"lstrip\":false,"
            + "\"rstrip\":false,\"normalized\":false,\"special\":true}";

    private static String bpe(String vocab, String merges) {
        return "{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"<unk>\",\"continuing_subword_prefix\":null,"
                + "\"end_of_word_suffix\":null,\"fuse_unk\":false,\"byte_fallback\":false,\"ignore_merges\":false,"
                + "\"vocab\":" + vocab + ",\"merges\":" + merges + "}";
    }

    private static final String VOCAB = "{\"a\":0,\"b\":1,\"ab\":2,\"c\":3,\"<unk>\":4}";
    private static final String MODEL = bpe(VOCAB, "[\"a b\"]");

    /** A small valid tokenizer.json: a BPE model and nothing else but an added token. */
    static String base() {
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + UNK + "],"
                + "\"normalizer\":null,\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":null,"
                + "\"model\":" + MODEL + "}";
    }

    /** {@link #base()} with top-level {@code field} set to {@code value} (raw JSON). */
    static String with(String field, String value) {
        return replaceField(base(), field, value);
    }

    private static String replaceField(String json, String field, String value) {
        return JsonSettings.replaceTopLevel(json, field, value);
    }

    private static Bad bad(String name, String json, String path, String... expected) {
        return new Bad(name, json, path, List.of(expected));
    }

    static List<Bad> table() {
        List<Bad> t = new ArrayList<>();
        // Not JSON, or not a whole document.
        t.add(bad("empty document", "", "$", "empty"));
        t.add(bad("malformed: doubled comma", "{\"version\":\"1.0\",, \"model\":" + MODEL + "}", "$", "line 1", "column"));
        t.add(bad("malformed: unquoted key in the model", "{\"model\":{type:\"BPE\"}}", "$.model", "line 1"));
        t.add(bad("malformed: bad literal in the vocab", with("model", bpe("{\"a\":0,\"b\":tru}", "[]")), "$.model.vocab", "line 1"));
        t.add(bad("trailing content after the object", base() + "}", "$", "after"));
        String base = base();
        for (int cut : new int[] {1, 2, 15, base.length() / 3, base.length() / 2, base.length() - 2, base.length() - 1}) {
            t.add(bad("base truncated to " + cut + " chars", base.substring(0, cut), "$", "end"));
        }
        // Not an object at the root.
        t.add(bad("root is an array", "[]", "$", "object"));
        t.add(bad("root is a string", "\"tokenizer\"", "$", "object"));
        t.add(bad("root is a number", "42", "$", "object"));
        t.add(bad("root is null", "null", "$", "object"));
        t.add(bad("root is true", "true", "$", "object"));
        // Unknown component types, in each section and inside sequences.
        t.add(bad("unknown model type", with("model", "{\"type\":\"Nope\",\"vocab\":{}}"), "$.model", "Nope"));
        t.add(bad("unknown normalizer type", with("normalizer", "{\"type\":\"Nope\"}"), "$.normalizer.type", "Nope"));
        t.add(bad("unknown pre-tokenizer type", with("pre_tokenizer", "{\"type\":\"Nope\"}"), "$.pre_tokenizer.type", "Nope"));
        t.add(bad("unknown post-processor type", with("post_processor", "{\"type\":\"Nope\"}"), "$.post_processor.type", "Nope"));
        t.add(bad("unknown decoder type", with("decoder", "{\"type\":\"Nope\"}"), "$.decoder.type", "Nope"));
        t.add(bad("unknown normalizer inside a Sequence", with("normalizer",
                "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Lowercase\"},{\"type\":\"Nope\"}]}"),
                "$.normalizer.normalizers[1].type", "Nope"));
        t.add(bad("unknown pre-tokenizer inside a Sequence", with("pre_tokenizer",
                "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Nope\"}]}"), "$.pre_tokenizer.pretokenizers[0].type", "Nope"));
        t.add(bad("unknown decoder inside a Sequence", with("decoder",
                "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Fuse\"},{\"type\":\"Nope\"}]}"), "$.decoder.decoders[1].type", "Nope"));
        t.add(bad("unknown processor inside a Sequence", with("post_processor",
                "{\"type\":\"Sequence\",\"processors\":[{\"type\":\"Nope\"}]}"), "$.post_processor.processors[0].type", "Nope"));
        // Merges that name tokens the vocabulary lacks, or are not merges.
        t.add(bad("merge of an unknown token", with("model", bpe(VOCAB, "[\"a b\",\"a x\"]")), "$.model.merges[1]", "x"));
        t.add(bad("merge whose result is unknown", with("model", bpe(VOCAB, "[\"a b\",\"b c\"]")), "$.model.merges[1]", "bc"));
        t.add(bad("merge of an unknown token, tuple form", with("model", bpe(VOCAB, "[[\"a\",\"b\"],[\"y\",\"c\"]]")),
                "$.model.merges[1]", "y"));
        t.add(bad("merge without a space", with("model", bpe(VOCAB, "[\"a b\",\"ab\"]")), "$.model.merges[1]"));
        t.add(bad("merge that is a number", with("model", bpe(VOCAB, "[\"a b\",7]")), "$.model.merges[1]", "string"));
        // Missing required fields.
        t.add(bad("no model", replaceField(base(), "model", "null"), "$", "model"));
        t.add(bad("BPE model without vocab", with("model", "{\"type\":\"BPE\",\"merges\":[]}"), "$.model", "vocab"));
        t.add(bad("BPE model without merges", with("model", "{\"type\":\"BPE\",\"vocab\":" + VOCAB + "}"), "$.model", "merges"));
        t.add(bad("WordPiece model without vocab", with("model", "{\"type\":\"WordPiece\",\"unk_token\":\"<unk>\","
                + "\"continuing_subword_prefix\":\"##\",\"max_input_chars_per_word\":100}"),
                "$.model", "vocab"));
        t.add(bad("WordLevel model without vocab", with("model", "{\"type\":\"WordLevel\",\"unk_token\":\"<unk>\"}"),
                "$.model", "vocab"));
        t.add(bad("Unigram model without vocab", with("model", "{\"type\":\"Unigram\",\"unk_id\":0}"), "$.model", "vocab"));
        t.add(bad("added token without content", with("added_tokens", "[{\"id\":4,\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}]"), "$.added_tokens[0]", "content"));
        t.add(bad("added token without id", with("added_tokens", "[{\"content\":\"<unk>\",\"single_word\":false,"
                + "\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}]"), "$.added_tokens[0]", "id"));
        t.add(bad("truncation without max_length", with("truncation", "{\"strategy\":\"LongestFirst\",\"stride\":0}"),
                "$.truncation", "max_length"));
        t.add(bad("Replace normalizer without pattern", with("normalizer", "{\"type\":\"Replace\",\"content\":\"x\"}"),
                "$.normalizer", "pattern"));
        t.add(bad("Split pre-tokenizer without behavior", with("pre_tokenizer",
                "{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"invert\":false}"), "$.pre_tokenizer", "behavior"));
        t.add(bad("TemplateProcessing without special_tokens", with("post_processor",
                "{\"type\":\"TemplateProcessing\",\"single\":[],\"pair\":[]}"), "$.post_processor", "special_tokens"));
        t.add(bad("Replace decoder without content", with("decoder",
                "{\"type\":\"Replace\",\"pattern\":{\"String\":\"_\"}}"), "$.decoder", "content"));
        // Wrong field types.
        t.add(bad("vocab is an array", with("model", bpe("[[\"a\",0]]", "[]")), "$.model.vocab", "object"));
        t.add(bad("vocab id is a string", with("model", bpe("{\"a\":\"0\",\"b\":1}", "[]")), "$.model.vocab.a", "integer"));
        t.add(bad("vocab id is negative", with("model", bpe("{\"a\":-1,\"b\":1}", "[]")), "$.model.vocab.a", "integer"));
        t.add(bad("vocab id is fractional", with("model", bpe("{\"a\":0.5,\"b\":1}", "[]")), "$.model.vocab.a", "integer"));
        t.add(bad("merges is an object", with("model", bpe(VOCAB, "{}")), "$.model.merges", "array"));
        t.add(bad("dropout is a string", with("model", bpe(VOCAB, "[]").replace("\"dropout\":null", "\"dropout\":\"x\"")),
                "$.model.dropout", "number"));
        t.add(bad("byte_fallback is a string", with("model", bpe(VOCAB, "[]").replace("\"byte_fallback\":false",
                "\"byte_fallback\":\"yes\"")), "$.model.byte_fallback", "boolean|true or false"));
        t.add(bad("added_tokens is an object", with("added_tokens", "{}"), "$.added_tokens", "array"));
        t.add(bad("added token special is a string", with("added_tokens", "[" + UNK.replace("\"special\":true",
                "\"special\":\"yes\"") + "]"), "$.added_tokens[0].special", "boolean|true or false"));
        t.add(bad("normalizer is a string", with("normalizer", "\"Lowercase\""), "$.normalizer", "object"));
        t.add(bad("normalizer Sequence list is an object", with("normalizer", "{\"type\":\"Sequence\",\"normalizers\":{}}"),
                "$.normalizer.normalizers", "array"));
        t.add(bad("truncation max_length is a string", with("truncation",
                "{\"direction\":\"Right\",\"max_length\":\"5\",\"strategy\":\"LongestFirst\",\"stride\":0}"),
                "$.truncation.max_length", "integer"));
        t.add(bad("truncation strategy unknown", with("truncation",
                "{\"direction\":\"Right\",\"max_length\":5,\"strategy\":\"Middle\",\"stride\":0}"), "$.truncation.strategy", "LongestFirst"));
        t.add(bad("padding strategy is a number", with("padding", "{\"strategy\":5,\"direction\":\"Right\","
                + "\"pad_to_multiple_of\":null,\"pad_id\":0,\"pad_type_id\":0,\"pad_token\":\"<pad>\"}"), "$.padding.strategy"));
        t.add(bad("unknown version", with("version", "\"2.0\""), "$.version", "2.0"));
        t.add(bad("version is a number", with("version", "1"), "$.version", "string"));
        t.add(bad("Split pattern regex does not compile", with("pre_tokenizer",
                "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(\"},\"behavior\":\"Isolated\",\"invert\":false}"),
                "$.pre_tokenizer.pattern"));
        t.add(bad("Strip decoder start is negative", with("decoder", "{\"type\":\"Strip\",\"content\":\" \",\"start\":-1,\"stop\":0}"),
                "$.decoder.start", "integer"));
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void ferriteRejectsWithATokenizerExceptionNamingThePath(Bad bad) {
        Throwable thrown = catchAll(() -> Tokenizer.fromJson(bad.json()));
        if (thrown == null) fail("Ferrite loads a file the Rust library rejects (" + bad.name() + ")");
        assertThat(thrown).as("exception type for: " + bad.name()).isInstanceOf(TokenizerException.class);
        assertThat(thrown.getMessage()).as("message names the JSON path " + bad.path()).contains(bad.path());
        String message = thrown.getMessage().toLowerCase(java.util.Locale.ROOT);
        for (String e : bad.expected()) {
            boolean found = false;
            for (String alternative : e.split("\\|")) found |= message.contains(alternative.toLowerCase(java.util.Locale.ROOT));
            assertThat(found).as("message " + Text.quote(thrown.getMessage(), 300) + " says what was expected: " + e).isTrue();
        }
    }

    /** The table's premise: the reference rejects every row too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theRustLibraryRejectsEveryRowToo(Bad bad) {
        assertThatThrownBy(() -> RustReference.fromJson(bad.json()).close())
                .as(bad.name())
                .isInstanceOf(ReferenceException.class);
    }

    @Test
    void theBaseFileItselfLoadsOnBothSides() {
        RustReference.fromJson(base()).close();
        assertThat(Tokenizer.fromJson(base()).encode("ab c", false).ids()).containsExactly(2, 4, 3);
    }

    /** A real fixture cut at several points, including mid-vocabulary. */
    @Test
    void aTruncatedRealFileFailsWithATokenizerException() {
        String json = Fixtures.tokenizerJson("minilm");
        for (int cut : new int[] {0, 1, 100, 5_000, json.length() / 2, json.length() - 10, json.length() - 1}) {
            String part = json.substring(0, cut);
            Throwable thrown = catchAll(() -> Tokenizer.fromJson(part));
            assertThat(thrown).as("cut at " + cut).isInstanceOf(TokenizerException.class);
            assertThat(thrown.getMessage()).as("cut at " + cut).contains("$");
        }
    }

    @Test
    void unreadableFilesFailWithATokenizerException(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> Tokenizer.fromFile(missing)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("missing.json");
        Path notUtf8 = dir.resolve("latin1.json");
        Files.write(notUtf8, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        assertThatThrownBy(() -> Tokenizer.fromFile(notUtf8)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("UTF-8");
        // A well-formed U+FFFD (EF BF BD) beside a malformed byte: still refused.
        Path replacementAndLatin1 = dir.resolve("mixed.json");
        Files.write(replacementAndLatin1, new byte[] {'{', '"', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xE9, '"', ':', '1', '}'});
        assertThatThrownBy(() -> Tokenizer.fromFile(replacementAndLatin1)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("UTF-8");
        Path directory = dir.resolve("sub");
        Files.createDirectory(directory);
        assertThatThrownBy(() -> Tokenizer.fromFile(directory)).isInstanceOf(TokenizerException.class);
    }

    /** Valid JSON of the wrong shape: the message names the file, as every other load failure's does. */
    @Test
    void aFileThatIsNotAJsonObjectIsNamed(@TempDir Path dir) throws IOException {
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2, 3]");
        assertThatThrownBy(() -> Tokenizer.fromFile(array)).isInstanceOf(TokenizerException.class)
                .hasMessage(array + ": $: expected an object, found an array");
    }

    private static Throwable catchAll(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
