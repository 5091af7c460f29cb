package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link PreTokenizer} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class PreTokenizers {
    private PreTokenizers() {
    }

    public static PreTokenizer fromJson(JsonObject json) {
        throw json.unknownType("pre-tokenizer", "(none yet)");
    }
}
