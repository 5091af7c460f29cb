package dev.ferrite.tokenizers.decoders;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link Decoder} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class Decoders {
    private Decoders() {
    }

    public static Decoder fromJson(JsonObject json) {
        throw json.unknownType("decoder", "(none yet)");
    }
}
