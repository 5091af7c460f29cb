package dev.ferrite.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tokenizer.json small enough to reason about: a WordLevel model with no pre-tokenizer (so each
 * line, split only around added tokens, is looked up whole), a special added token {@code [SEP]}
 * and a non-special one, the emoji U+1F600 (two UTF-16 units, four UTF-8 bytes). The expected
 * values in the tests that use it were produced by the Rust tokenizers library (v0.21, through DJL)
 * on this very file.
 */
final class TinyTokenizer {
    static final String JSON = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 4, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true},
                {"id": 5, "content": "\\ud83d\\ude00", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": true, "special": false}
              ],
              "normalizer": null,
              "pre_tokenizer": null,
              "post_processor": null,
              "decoder": null,
              "model": {"type": "WordLevel", "unk_token": "[UNK]",
                        "vocab": {"[UNK]": 0, "hello": 1, "w\\u00f6rld": 2, "\\r": 3, "[SEP]": 4, "\\ud83d\\ude00": 5}}
            }
            """;

    /** The same with a TemplateProcessing post-processor that appends [SEP] (type 0; a pair gets $B:1 [SEP]:1). */
    static final String TEMPLATE_JSON = JSON.replace("\"post_processor\": null", """
            "post_processor": {"type": "TemplateProcessing",
                "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                         {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                "special_tokens": {"[SEP]": {"id": "[SEP]", "ids": [4], "tokens": ["[SEP]"]}}}""");

    /** The same, truncating to 4 tokens and padding to 4 with id 0 ("[UNK]"), right side. */
    static final String PADDED_JSON = JSON
            .replace("\"truncation\": null", "\"truncation\": {\"direction\": \"Right\", \"max_length\": 4, "
                    + "\"strategy\": \"LongestFirst\", \"stride\": 0}")
            .replace("\"padding\": null", "\"padding\": {\"strategy\": {\"Fixed\": 4}, \"direction\": \"Right\", "
                    + "\"pad_to_multiple_of\": null, \"pad_id\": 0, \"pad_type_id\": 0, \"pad_token\": \"[UNK]\"}");

    private TinyTokenizer() {
    }

    /** Writes the tokenizer to {@code dir/tokenizer.json} and returns that path. */
    static Path writeTo(Path dir) {
        return write(dir.resolve("tokenizer.json"), JSON);
    }

    /** Writes {@code json} to {@code file} and returns {@code file}. */
    static Path write(Path file, String json) {
        try {
            return Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
