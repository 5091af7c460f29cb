package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link Model} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class Models {
    private Models() {
    }

    public static Model fromJson(JsonObject json) {
        return switch (json.type()) {
            case "BPE" -> BpeReader.read(json);
            default -> throw json.unknownType("model", "BPE");
        };
    }
}
