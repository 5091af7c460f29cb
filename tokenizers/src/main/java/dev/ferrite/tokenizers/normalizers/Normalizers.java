package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Builds a {@link Normalizer} from its tokenizer.json object, as the Rust reader
 * ({@code normalizers/mod.rs}) does: a {@code "type"} that names a variant picks it; any other
 * type, or none, falls back to the first variant whose fields fit (that is how the usual
 * {@code "BertNormalizer"} is read, the tag list saying {@code "Bert"}), in the Rust order.
 */
public final class Normalizers {
    private Normalizers() {
    }

    private static final String KNOWN = "BertNormalizer, Strip, StripAccents, NFC, NFD, NFKC, NFKD, Sequence, Lowercase, "
            + "Nmt, Precompiled, Replace, Prepend, ByteLevel";

    /** Reads one normalizer; every malformed one throws {@link TokenizerException} naming the JSON path. */
    public static Normalizer fromJson(JsonObject json) {
        String type = json.opt("type") instanceof JsonString s ? s.value() : null;
        if (type == null) return untagged(json, null);
        return switch (type) {
            case "Bert" -> bert(json);
            case "Strip" -> strip(json);
            case "StripAccents" -> new StripAccents();
            case "NFC" -> new Nfc();
            case "NFD" -> new Nfd();
            case "NFKC" -> new Nfkc();
            case "NFKD" -> new Nfkd();
            case "Sequence" -> sequence(json);
            case "Lowercase" -> new Lowercase();
            case "Nmt" -> new Nmt();
            case "Precompiled" -> precompiled(json);
            case "Replace" -> replace(json);
            case "Prepend" -> prepend(json);
            case "ByteLevel" -> new ByteLevel();
            default -> untagged(json, type);
        };
    }

    /** Rust's untagged fallback: the first of these variants whose fields parse, in this order. */
    private static final String[] UNTAGGED = {"BertNormalizer", "Strip", "Sequence", "Precompiled", "Replace", "Prepend"};

    /**
     * Variant {@code UNTAGGED[i]} read from {@code json}. A switch rather than a table of method
     * references: every BERT tokenizer comes here ({@code "type": "BertNormalizer"} is no tag), and
     * a cold JVM spins a class per method reference when the table is made.
     */
    private static Normalizer untaggedVariant(int i, JsonObject json) {
        return switch (i) {
            case 0 -> bert(json);
            case 1 -> strip(json);
            case 2 -> sequence(json);
            case 3 -> precompiled(json);
            case 4 -> replace(json);
            default -> prepend(json);
        };
    }

    private static Normalizer untagged(JsonObject json, String type) {
        TokenizerException named = null;
        for (int i = 0; i < UNTAGGED.length; i++) {
            try {
                return untaggedVariant(i, json);
            } catch (TokenizerException e) {
                if (UNTAGGED[i].equals(type)) named = e;
            }
        }
        if (named != null) throw named;
        if (type == null) {
            throw new TokenizerException(json.path() + ": expected a normalizer: a \"type\" (one of " + KNOWN
                    + ") or the fields of one");
        }
        throw new TokenizerException(json.path() + ".type: unknown normalizer type \"" + type + "\"; expected one of "
                + KNOWN);
    }

    private static BertNormalizer bert(JsonObject json) {
        JsonValue strip = json.opt("strip_accents");
        return new BertNormalizer(json.get("clean_text").asBoolean(), json.get("handle_chinese_chars").asBoolean(),
                strip == null ? null : strip.asBoolean(), json.get("lowercase").asBoolean());
    }

    private static Strip strip(JsonObject json) {
        return new Strip(json.get("strip_left").asBoolean(), json.get("strip_right").asBoolean());
    }

    private static Sequence sequence(JsonObject json) {
        JsonArray items = json.get("normalizers").asArray();
        List<Normalizer> list = new ArrayList<>(items.size());
        for (JsonValue item : items.items()) list.add(fromJson(item.asObject()));
        return new Sequence(list);
    }

    private static Prepend prepend(JsonObject json) {
        return new Prepend(json.string("prepend"));
    }

    private static Replace replace(JsonObject json) {
        JsonObject pattern = json.get("pattern").asObject();
        String content = json.string("content");
        if (pattern.fields().size() != 1) throw pattern.mismatch("an object with the single key \"String\" or \"Regex\"");
        if (pattern.has("String")) return Replace.ofString(pattern.string("String"), content);
        if (pattern.has("Regex")) {
            String regex = pattern.string("Regex");
            try {
                return Replace.ofRegex(regex, content);
            } catch (IllegalArgumentException e) {
                throw new TokenizerException(pattern.get("Regex").path() + ": invalid regex: " + e.getMessage(), e);
            }
        }
        throw pattern.mismatch("an object with the single key \"String\" or \"Regex\"");
    }

    private static Precompiled precompiled(JsonObject json) {
        JsonValue map = json.get("precompiled_charsmap");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(map.asString());
        } catch (IllegalArgumentException e) {
            throw new TokenizerException(map.path() + ": expected base64: " + e.getMessage(), e);
        }
        try {
            return Precompiled.of(bytes);
        } catch (IllegalArgumentException e) {
            throw new TokenizerException(map.path() + ": " + e.getMessage(), e);
        }
    }
}
