package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads a Unigram model (Rust {@code models/unigram/serialization.rs}): {@code vocab} is required, an
 * array of {@code [piece, score]} pairs; {@code unk_id} is optional (null means none);
 * {@code byte_fallback} is optional but, when present, must be true or false (Rust rejects null).
 * Rust refuses an {@code unk_id} with an empty vocabulary or one not below its size.
 */
final class UnigramJson {
    private UnigramJson() {
    }

    static Unigram read(JsonObject o) {
        JsonArray items = o.get("vocab").asArray();
        List<Unigram.Piece> vocab = new ArrayList<>(items.size());
        for (JsonValue item : items.items()) {
            JsonArray pair = item.asArray();
            if (pair.size() != 2) {
                throw new TokenizerException(item.path() + ": expected a [piece, score] pair, found an array of " + pair.size());
            }
            vocab.add(new Unigram.Piece(pair.get(0).asString(), pair.get(1).asDouble()));
        }
        OptionalInt unkId = OptionalInt.empty();
        JsonValue unk = o.opt("unk_id");
        if (unk != null) {
            int id = unk.asIndex();
            if (vocab.isEmpty()) {
                throw new TokenizerException(unk.path() + ": the vocabulary is empty, but unk_id needs at least the unk piece");
            }
            if (id >= vocab.size()) {
                throw new TokenizerException(unk.path() + ": expected an id below the vocabulary size " + vocab.size() + ", found " + id);
            }
            unkId = OptionalInt.of(id);
        }
        JsonValue fallback = o.fields().get("byte_fallback");
        boolean byteFallback = fallback != null && fallback.asBoolean();
        return new Unigram(vocab, unkId, byteFallback);
    }
}
