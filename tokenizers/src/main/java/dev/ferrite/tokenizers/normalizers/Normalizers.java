package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link Normalizer} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class Normalizers {
    private Normalizers() {
    }

    public static Normalizer fromJson(JsonObject json) {
        throw json.unknownType("normalizer", "(none yet)");
    }
}
