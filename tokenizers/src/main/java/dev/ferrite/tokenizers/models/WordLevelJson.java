package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/**
 * Reads a WordLevel model (Rust {@code models/wordlevel/serialization.rs}): {@code vocab} and
 * {@code unk_token} are required and may not be null; other fields are ignored. The unk token need
 * not be in the vocabulary.
 */
final class WordLevelJson {
    private WordLevelJson() {
    }

    static WordLevel read(JsonObject o) {
        return new WordLevel(VocabMapJson.vocab(o.get("vocab")), o.string("unk_token"));
    }
}
