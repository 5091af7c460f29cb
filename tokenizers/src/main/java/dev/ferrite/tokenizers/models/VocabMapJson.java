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
    static VocabIndex vocab(JsonValue value) {
        return VocabIndex.adopt(map(value));
    }

    /**
     * A {@code {"token": id, ...}} object as a {@link TrieVocab}, taken from the parser's arrays of
     * names and numbers in document order without a map in between; of a token written twice, the last id.
     */
    static TrieVocab trieVocab(JsonValue value) {
        JsonObject o = value.asObject();
        int n = o.numberCount();
        if (n < 0) return TrieVocab.of(map(value)); // empty, or some value not a number (which map reports)
        TrieVocab.Builder vocab = new TrieVocab.Builder(n);
        for (int i = 0; i < n; i++) vocab.add(o.name(i), o.index(i));
        return vocab.build();
    }

    /** A {@code {"token": id, ...}} object as a new map; of a token written twice, the last id. */
    static HashMap<String, Integer> map(JsonValue value) {
        JsonObject o = value.asObject();
        int n = o.numberCount();
        if (n >= 0) {
            // The parser's arrays of names and numbers (see JsonObject): no node per entry.
            HashMap<String, Integer> vocab = HashMap.newHashMap(n);
            for (int i = 0; i < n; i++) vocab.put(o.name(i), o.index(i));
            return vocab;
        }
        HashMap<String, Integer> vocab = HashMap.newHashMap(o.fields().size());
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
