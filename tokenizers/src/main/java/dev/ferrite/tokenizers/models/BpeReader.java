package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

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

    /** Adds merge {@code "left right"}, item {@code i} of {@code json}, unless it is a {@code #version} line. */
    private static void addLine(String line, int i, JsonArray json, List<Bpe.Merge> merges, int[] jsonIndex) {
        if (line.startsWith("#version")) return;
        int space = line.indexOf(' ');
        if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
            throw new TokenizerException(json.elementPath(i) + ": expected two tokens separated by one space, found \""
                    + line + "\"");
        }
        jsonIndex[merges.size()] = i;
        merges.add(new Bpe.Merge(line.substring(0, space), line.substring(space + 1)));
    }

    static Bpe read(JsonObject json) {
        return builder(json).build();
    }

    /** The model's options, read and checked, ready to build (tests change the cache capacity). */
    static Bpe.Builder builder(JsonObject json) {
        HashMap<String, Integer> vocab = VocabMapJson.map(json.get("vocab"));

        JsonArray mergesJson = json.get("merges").asArray();
        int size = mergesJson.size();
        List<Bpe.Merge> merges = new ArrayList<>(size);
        int[] jsonIndex = new int[size];
        // The parser keeps a valid merges array as strings (see JsonArray); any other shape is read
        // item by item below, which says what is wrong.
        String[] pairs = mergesJson.stringPairs();
        String[] lines = mergesJson.strings();
        if (pairs != null) {
            for (int i = 0; i < size; i++) {
                jsonIndex[i] = i;
                merges.add(new Bpe.Merge(pairs[2 * i], pairs[2 * i + 1]));
            }
        } else if (lines != null) {
            for (int i = 0; i < size; i++) addLine(lines[i], i, mergesJson, merges, jsonIndex);
        } else if (size > 0 && mergesJson.get(0) instanceof JsonArray) {
            for (int i = 0; i < size; i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonArray pair) || pair.size() != 2
                        || !(pair.get(0) instanceof JsonString left) || !(pair.get(1) instanceof JsonString right)) {
                    throw item.mismatch("a pair of tokens [\"left\", \"right\"] like the merges before it");
                }
                jsonIndex[merges.size()] = i;
                merges.add(new Bpe.Merge(left.value(), right.value()));
            }
        } else {
            for (int i = 0; i < size; i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonString s)) {
                    throw item.mismatch(i == 0
                            ? "a merge: \"left right\" or [\"left\", \"right\"]"
                            : "a merge string \"left right\" like the merges before it");
                }
                addLine(s.value(), i, mergesJson, merges, jsonIndex);
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
                .adoptVocab()
                .unkToken(json.optString("unk_token", null))
                .continuingSubwordPrefix(json.optString("continuing_subword_prefix", null))
                .endOfWordSuffix(json.optString("end_of_word_suffix", null))
                .fuseUnk(json.optBoolean("fuse_unk", false))
                .byteFallback(json.optBoolean("byte_fallback", false))
                .ignoreMerges(json.optBoolean("ignore_merges", false))
                .dropout(dropout)
                .mergeLocation(rank -> mergesJson.elementPath(jsonIndex[rank]))
                .unkTokenLocation(json.path());
    }
}
