package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

/** Builds a {@link PostProcessor} from its tokenizer.json object, chosen by the {@code "type"} field. */
public final class PostProcessors {
    private PostProcessors() {
    }

    public static PostProcessor fromJson(JsonObject json) {
        throw json.unknownType("post-processor", "(none yet)");
    }
}
