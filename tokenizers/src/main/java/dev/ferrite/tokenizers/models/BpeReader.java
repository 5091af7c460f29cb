package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code "type": "BPE"} model object of tokenizer.json, as Rust's
 * {@code models/bpe/serialization.rs} does: {@code vocab} and {@code merges} are required, the
 * options may be absent or null. Merges come either as {@code ["left", "right"]} pairs or, in the
 * older form, as {@code "left right"} strings (exactly one space; lines starting with
 * {@code #version} are skipped and do not take a rank).
 */
final class BpeReader {
    private BpeReader() {
    }

    static Bpe read(JsonObject json) {
        return builder(json).build();
    }

    /** The model's options, read and checked, ready to build (tests change the cache capacity). */
    static Bpe.Builder builder(JsonObject json) {
        JsonObject vocabJson = json.get("vocab").asObject();
        Map<String, Integer> vocab = new HashMap<>(vocabJson.fields().size() * 4 / 3 + 1);
        for (Map.Entry<String, JsonValue> e : vocabJson.fields().entrySet()) {
            vocab.put(e.getKey(), e.getValue().asIndex());
        }

        JsonArray mergesJson = json.get("merges").asArray();
        List<Bpe.Merge> merges = new ArrayList<>(mergesJson.size());
        int[] jsonIndex = new int[mergesJson.size()];
        if (mergesJson.size() > 0 && mergesJson.get(0) instanceof JsonArray) {
            for (int i = 0; i < mergesJson.size(); i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonArray pair) || pair.size() != 2
                        || !(pair.get(0) instanceof JsonString left) || !(pair.get(1) instanceof JsonString right)) {
                    throw item.mismatch("a pair of tokens [\"left\", \"right\"] like the merges before it");
                }
                jsonIndex[merges.size()] = i;
                merges.add(new Bpe.Merge(left.value(), right.value()));
            }
        } else {
            for (int i = 0; i < mergesJson.size(); i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonString s)) {
                    throw item.mismatch(i == 0
                            ? "a merge: \"left right\" or [\"left\", \"right\"]"
                            : "a merge string \"left right\" like the merges before it");
                }
                String line = s.value();
                if (line.startsWith("#version")) continue;
                int space = line.indexOf(' ');
                if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                    throw new TokenizerException(item.path() + ": expected two tokens separated by one space, found \""
                            + line + "\"");
                }
                jsonIndex[merges.size()] = i;
                merges.add(new Bpe.Merge(line.substring(0, space), line.substring(space + 1)));
            }
        }

        Float dropout = null;
        JsonValue d = json.opt("dropout");
        if (d != null) {
            float p = (float) d.asDouble(); // Rust reads an f32
            if (!(p >= 0f && p <= 1f)) {
                throw new TokenizerException(d.path() + ": expected a dropout between 0 and 1, found " + d.asDouble());
            }
            dropout = p;
        }
        return Bpe.builder(vocab, merges)
                .unkToken(json.optString("unk_token", null))
                .continuingSubwordPrefix(json.optString("continuing_subword_prefix", null))
                .endOfWordSuffix(json.optString("end_of_word_suffix", null))
                .fuseUnk(json.optBoolean("fuse_unk", false))
                .byteFallback(json.optBoolean("byte_fallback", false))
                .ignoreMerges(json.optBoolean("ignore_merges", false))
                .dropout(dropout)
                .mergeLocation(rank -> mergesJson.get(jsonIndex[rank]).path())
                .unkTokenLocation(json.path());
    }
}
