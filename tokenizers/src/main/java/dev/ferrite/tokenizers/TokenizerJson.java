package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.decoders.Decoder;
import dev.ferrite.tokenizers.decoders.Decoders;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.models.Models;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.normalizers.Normalizers;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizers;
import dev.ferrite.tokenizers.processors.PostProcessor;
import dev.ferrite.tokenizers.processors.PostProcessors;

import java.util.ArrayList;
import java.util.List;

/** Reads the top level of tokenizer.json and hands each section to its stage's reader. */
final class TokenizerJson {
    private TokenizerJson() {
    }

    static Tokenizer read(String json, String source) {
        return build(JsonReader.parse(json, source), source);
    }

    /** Reads the UTF-8 bytes of a tokenizer.json. */
    static Tokenizer read(byte[] utf8, String source) {
        return build(JsonReader.parse(utf8, source), source);
    }

    private static Tokenizer build(JsonValue document, String source) {
        try {
            return build(document.asObject());
        } catch (TokenizerException e) {
            throw new TokenizerException(source + ": " + e.getMessage(), e);
        }
    }

    private static Tokenizer build(JsonObject root) {
        JsonValue version = root.opt("version");
        if (version != null && !version.asString().equals("1.0")) {
            throw new TokenizerException(version.path() + ": unknown tokenizer version \"" + version.asString() + "\", expected \"1.0\"");
        }
        Model model = Models.fromJson(root.get("model").asObject());
        Normalizer normalizer = root.has("normalizer") ? Normalizers.fromJson(root.get("normalizer").asObject()) : null;
        PreTokenizer preTokenizer = root.has("pre_tokenizer") ? PreTokenizers.fromJson(root.get("pre_tokenizer").asObject()) : null;
        PostProcessor postProcessor = root.has("post_processor") ? PostProcessors.fromJson(root.get("post_processor").asObject()) : null;
        Decoder decoder = root.has("decoder") ? Decoders.fromJson(root.get("decoder").asObject()) : null;
        List<AddedVocabulary.AddedToken> added = new ArrayList<>();
        if (root.has("added_tokens")) {
            JsonArray tokens = root.get("added_tokens").asArray();
            for (JsonValue v : tokens.items()) added.add(addedToken(v.asObject()));
        }
        AddedVocabulary vocabulary = new AddedVocabulary(added, model, normalizer);
        Truncation truncation = root.has("truncation") ? truncation(root.get("truncation").asObject()) : null;
        Padding padding = root.has("padding") ? padding(root.get("padding").asObject()) : null;
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, vocabulary, truncation, padding);
    }

    private static AddedVocabulary.AddedToken addedToken(JsonObject o) {
        // The id is required (the Rust library refuses a token without one) even though it only
        // checks it against the id the token ends up with.
        o.get("id").asIndex();
        boolean special = o.optBoolean("special", false);
        return new AddedVocabulary.AddedToken(o.string("content"), o.optBoolean("single_word", false),
                o.optBoolean("lstrip", false), o.optBoolean("rstrip", false), o.optBoolean("normalized", !special), special);
    }

    private static Truncation truncation(JsonObject o) {
        Truncation.Direction direction = switch (o.optString("direction", "Right")) {
            case "Right" -> Truncation.Direction.RIGHT;
            case "Left" -> Truncation.Direction.LEFT;
            default -> throw o.get("direction").mismatch("\"Left\" or \"Right\"");
        };
        Truncation.Strategy strategy = switch (o.string("strategy")) {
            case "LongestFirst" -> Truncation.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> Truncation.Strategy.ONLY_FIRST;
            case "OnlySecond" -> Truncation.Strategy.ONLY_SECOND;
            default -> throw o.get("strategy").mismatch("\"LongestFirst\", \"OnlyFirst\" or \"OnlySecond\"");
        };
        return new Truncation(o.get("max_length").asIndex(), o.get("stride").asIndex(), strategy, direction);
    }

    private static Padding padding(JsonObject o) {
        JsonValue strategy = o.get("strategy");
        int fixed;
        if (strategy instanceof JsonValue.JsonString s && s.value().equals("BatchLongest")) {
            fixed = 0;
        } else if (strategy instanceof JsonObject so && so.has("Fixed")) {
            fixed = so.get("Fixed").asIndex();
        } else {
            throw strategy.mismatch("\"BatchLongest\" or {\"Fixed\": n}");
        }
        Padding.Direction direction = switch (o.optString("direction", "Right")) {
            case "Right" -> Padding.Direction.RIGHT;
            case "Left" -> Padding.Direction.LEFT;
            default -> throw o.get("direction").mismatch("\"Left\" or \"Right\"");
        };
        return new Padding(fixed, direction, o.optIndex("pad_to_multiple_of", 0), o.optIndex("pad_id", 0),
                o.optIndex("pad_type_id", 0), o.optString("pad_token", "[PAD]"));
    }
}
