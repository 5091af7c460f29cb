package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

import java.util.HashMap;
import java.util.Map;

/** Reads the JSON pieces shared by the WordPiece and WordLevel readers. */
final class VocabMapJson {
    private VocabMapJson() {
    }

    /** A {@code {"token": id, ...}} object (Rust {@code HashMap<String, u32>}). */
    static Map<String, Integer> vocab(JsonValue value) {
        JsonObject o = value.asObject();
        Map<String, Integer> vocab = HashMap.newHashMap(o.fields().size());
        for (var e : o.fields().entrySet()) vocab.put(e.getKey(), e.getValue().asIndex());
        return vocab;
    }

    /**
     * A Rust {@code usize}: a non-negative whole number. Values past {@link Long#MAX_VALUE} are
     * clamped to it, which changes nothing for a count compared with string lengths.
     */
    static long usize(JsonValue value) {
        if (value instanceof JsonValue.JsonNumber n && n.value() >= 0 && n.value() == Math.rint(n.value())) {
            return n.value() >= 0x1p63 ? Long.MAX_VALUE : (long) n.value();
        }
        throw value.mismatch("a non-negative integer");
    }
}
