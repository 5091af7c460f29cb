package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * What the sentence-transformers files of a model directory say, read when asked:
 * {@code 1_Pooling/config.json} (the pooling mode) and {@code sentence_bert_config.json}
 * ({@code max_seq_length}). A model without them (a bare .onnx, a jar) pools by mean.
 */
record ModelConfig(ModelFiles files) {
    private static final String POOLING = "1_Pooling/config.json";

    /** The one pooling mode 1_Pooling/config.json switches on; {@link Pooling#MEAN} without that file. */
    Pooling pooling() {
        if (files.poolingConfig() == null) {
            return Pooling.MEAN;
        }
        JsonValue.JsonObject config = parse(files.poolingConfig(), POOLING);
        List<String> on = config.fields().entrySet().stream()
                .filter(e -> e.getKey().startsWith("pooling_mode_") && e.getValue() instanceof JsonValue.JsonBoolean b && b.value())
                .map(e -> e.getKey().substring("pooling_mode_".length())).toList();
        if (on.size() != 1) {
            throw new ModelException(files.source() + ": " + POOLING + " should switch on one pooling mode, not "
                    + (on.isEmpty() ? "none" : on) + "; choose one with the pooling option");
        }
        return switch (on.getFirst()) {
            case "mean_tokens" -> Pooling.MEAN;
            case "cls_token" -> Pooling.CLS;
            case "lasttoken" -> Pooling.LAST_TOKEN;
            default -> throw new ModelException(files.source() + ": " + POOLING + ": pooling mode '" + on.getFirst()
                    + "' is not supported (mean_tokens, cls_token and lasttoken are); choose one with the pooling option");
        };
    }

    /** sentence_bert_config.json's {@code max_seq_length}, if the model has that file. */
    Optional<Integer> maxLength() {
        if (files.stConfig() == null) {
            return Optional.empty();
        }
        JsonValue v = parse(files.stConfig(), "sentence_bert_config.json").opt("max_seq_length");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        try {
            int n = v.asIndex();
            return n > 0 ? Optional.of(n) : Optional.empty();
        } catch (TokenizerException e) {
            throw new ModelException(files.source() + ": sentence_bert_config.json: " + e.getMessage(), e);
        }
    }

    private JsonValue.JsonObject parse(String json, String name) {
        JsonValue v;
        try {
            v = JsonReader.parse(json, name); // its messages start with the name
        } catch (TokenizerException e) {
            throw new ModelException(files.source() + ": " + e.getMessage(), e);
        }
        if (!(v instanceof JsonValue.JsonObject o)) {
            throw new ModelException(files.source() + ": " + name + ": expected a JSON object, found " + v.kind());
        }
        return o;
    }
}
