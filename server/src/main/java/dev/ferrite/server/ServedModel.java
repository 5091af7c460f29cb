package dev.ferrite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.Encoder;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.tokenizers.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server serves: the model's name, its tokenizer (unpadded, untruncated: the server
 * truncates per request), its transformer, pooling and input limit, and sentence-transformers'
 * named prompts, if any.
 *
 * @param id             the name reported by /info and in OpenAI responses
 * @param maxInputLength the most tokens of one input, special tokens included
 * @param prompts        prompt name to the text put before an input ({@code prompt_name}); may be empty
 */
public record ServedModel(String id, Tokenizer tokenizer, Encoder encoder, Pooling pooling, int maxInputLength,
                          Map<String, String> prompts) {
    public ServedModel {
        if (maxInputLength < 1) {
            throw new IllegalArgumentException("maxInputLength must be at least 1, not " + maxInputLength);
        }
        tokenizer = tokenizer.withPadding(null).withTruncation(null);
        prompts = Map.copyOf(prompts);
    }

    /**
     * The model as loaded, named {@code id}; the prompts come from
     * {@code config_sentence_transformers.json} when {@code directory} is a model directory holding one.
     */
    public static ServedModel of(String id, EmbeddingModel model, Path directory) {
        return new ServedModel(id, model.tokenizer(), model.encoder(), model.pooling(), model.maxLength(), prompts(directory));
    }

    /** Width of the vectors, or -1 when the model does not declare it. */
    public int dimension() {
        return encoder.hiddenSize();
    }

    private static Map<String, String> prompts(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return Map.of();
        }
        Path file = directory.resolve("config_sentence_transformers.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode prompts = new ObjectMapper().readTree(file.toFile()).path("prompts");
            Map<String, String> out = new LinkedHashMap<>();
            prompts.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read the prompts: " + e.getMessage(), e);
        }
    }
}
