package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;

import java.util.HashMap;

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

    /** The rules read so far: lines (with {@code spaces}) or pairs, and where each is in the JSON. */
    private static final class Rules {
        final String[] texts;
        final int[] spaces;
        final int[] jsonIndex;
        int n;

        Rules(String[] texts, int[] spaces, int size) {
            this.texts = texts;
            this.spaces = spaces;
            this.jsonIndex = new int[size];
        }

        /** Adds merge {@code "left right"}, item {@code i} of {@code json}, unless it is a {@code #version} line. */
        void addLine(String line, int i, JsonArray json) {
            if (line.startsWith("#version")) return;
            int space = line.indexOf(' ');
            if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                throw new TokenizerException(json.elementPath(i) + ": expected two tokens separated by one space, found \""
                        + line + "\"");
            }
            texts[n] = line;
            spaces[n] = space;
            jsonIndex[n++] = i;
        }

        void addPair(String left, String right, int i) {
            texts[2 * n] = left;
            texts[2 * n + 1] = right;
            jsonIndex[n++] = i;
        }

        MergeRules rules() {
            return spaces == null ? MergeRules.ofPairs(texts, n) : MergeRules.ofLines(texts, spaces, n);
        }
    }

    static Bpe read(JsonObject json) {
        return builder(json).build();
    }

    /** The model's options, read and checked, ready to build (tests change the cache capacity). */
    static Bpe.Builder builder(JsonObject json) {
        HashMap<String, Integer> vocab = VocabMapJson.map(json.get("vocab"));

        JsonArray mergesJson = json.get("merges").asArray();
        int size = mergesJson.size();
        // The parser keeps a valid merges array as strings (see JsonArray), which the model reads
        // as they are (see MergeRules); any other shape is read item by item below, which says what
        // is wrong. A method call per line: compiled early, where this loop, run once, stays interpreted.
        String[] pairs = mergesJson.stringPairs();
        String[] lines = mergesJson.strings();
        Rules rules;
        if (pairs != null) {
            rules = new Rules(pairs, null, 0);
            rules.n = size;
        } else if (lines != null) {
            rules = new Rules(new String[size], new int[size], size);
            for (int i = 0; i < size; i++) rules.addLine(lines[i], i, mergesJson);
        } else if (size > 0 && mergesJson.get(0) instanceof JsonArray) {
            rules = new Rules(new String[2 * size], null, size);
            for (int i = 0; i < size; i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonArray pair) || pair.size() != 2
                        || !(pair.get(0) instanceof JsonString left) || !(pair.get(1) instanceof JsonString right)) {
                    throw item.mismatch("a pair of tokens [\"left\", \"right\"] like the merges before it");
                }
                rules.addPair(left.value(), right.value(), i);
            }
        } else {
            rules = new Rules(new String[size], new int[size], size);
            for (int i = 0; i < size; i++) {
                JsonValue item = mergesJson.get(i);
                if (!(item instanceof JsonString s)) {
                    throw item.mismatch(i == 0
                            ? "a merge: \"left right\" or [\"left\", \"right\"]"
                            : "a merge string \"left right\" like the merges before it");
                }
                rules.addLine(s.value(), i, mergesJson);
            }
        }
        // Without #version lines, a rule's rank is its index in the array.
        int[] jsonIndex = pairs != null ? null : rules.jsonIndex;

        Float dropout = null;
        JsonValue d = json.opt("dropout");
        if (d != null) {
            float p = (float) d.asDouble(); // Rust reads an f32
            if (!(p >= 0f && p <= 1f)) {
                throw new TokenizerException(d.path() + ": expected a dropout between 0 and 1, found " + d.asDouble());
            }
            dropout = p;
        }
        return Bpe.builder(vocab, rules.rules())
                .adoptVocab()
                .unkToken(json.optString("unk_token", null))
                .continuingSubwordPrefix(json.optString("continuing_subword_prefix", null))
                .endOfWordSuffix(json.optString("end_of_word_suffix", null))
                .fuseUnk(json.optBoolean("fuse_unk", false))
                .byteFallback(json.optBoolean("byte_fallback", false))
                .ignoreMerges(json.optBoolean("ignore_merges", false))
                .dropout(dropout)
                .mergeLocation(rank -> mergesJson.elementPath(jsonIndex == null ? rank : jsonIndex[rank]))
                .unkTokenLocation(json.path());
    }
}
