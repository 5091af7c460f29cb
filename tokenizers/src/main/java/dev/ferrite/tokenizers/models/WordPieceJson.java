package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/**
 * Reads a WordPiece model (Rust {@code models/wordpiece/serialization.rs}): {@code vocab},
 * {@code unk_token}, {@code continuing_subword_prefix} and {@code max_input_chars_per_word} are all
 * required and none may be null; {@code type} is not read here (it is optional for old files);
 * other fields are ignored. The unk token need not be in the vocabulary.
 */
final class WordPieceJson {
    private WordPieceJson() {
    }

    static WordPiece read(JsonObject o) {
        return new WordPiece(VocabMapJson.trieVocab(o.get("vocab")), o.string("unk_token"),
                o.string("continuing_subword_prefix"), VocabMapJson.usize(o.get("max_input_chars_per_word")));
    }
}
