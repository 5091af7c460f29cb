package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link Model} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class Models {
    private Models() {
    }

    public static Model fromJson(JsonObject json) {
        throw json.unknownType("model", "(none yet)");
    }
}
