package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

import java.util.List;

/**
 * Builds a {@link Model} from its tokenizer.json object, chosen by the {@code "type"} field.
 * Mirrors Rust {@code models/mod.rs} ({@code ModelWrapper}'s deserializer): a {@code "type"} that
 * is present must name a model (null or an unknown name is an error) and that model's reader alone
 * decides; with no {@code "type"} at all (files from before the field existed) the readers are
 * tried in Rust's order BPE, WordPiece, WordLevel, Unigram and the first that accepts the object wins.
 */
public final class Models {
    private static final String KNOWN = "BPE, WordPiece, WordLevel, Unigram";
    /** Rust's {@code ModelUntagged} order; WordPiece must come before WordLevel, whose fields it has. */
    private static final List<String> UNTAGGED_ORDER = List.of("BPE", "WordPiece", "WordLevel", "Unigram");

    private Models() {
    }

    public static Model fromJson(JsonObject json) {
        JsonValue type = json.fields().get("type");
        if (type == null) return untagged(json);
        if (!(type instanceof JsonValue.JsonString s)) throw type.mismatch("a model type (one of " + KNOWN + ")");
        return byType(s.value(), json);
    }

    private static Model byType(String type, JsonObject json) {
        return switch (type) {
            case "BPE" -> BpeReader.read(json);
            case "WordPiece" -> WordPieceJson.read(json);
            case "WordLevel" -> WordLevelJson.read(json);
            case "Unigram" -> UnigramJson.read(json);
            default -> throw new TokenizerException(json.path() + ".type: unknown model type \"" + type
                    + "\"; expected one of " + KNOWN);
        };
    }

    private static Model untagged(JsonObject json) {
        StringBuilder reasons = new StringBuilder();
        for (String type : UNTAGGED_ORDER) {
            try {
                return byType(type, json);
            } catch (TokenizerException e) {
                reasons.append("; as ").append(type).append(": ").append(e.getMessage());
            }
        }
        throw new TokenizerException(json.path() + ": no \"type\" field, and the object is not a valid model of any type"
                + reasons);
    }
}
