package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.List;

/**
 * Third stage: turns one split into tokens. Token offsets are UTF-16 indices into {@code sequence}.
 * Implementations are immutable and thread-safe (caches included).
 */
public interface Model {
    List<Token> tokenize(String sequence);

    /** The id of {@code token} in the model's vocabulary, or -1. */
    int tokenToId(String token);

    /** The token with id {@code id}, or null. */
    String idToToken(int id);

    /** Number of entries in the model's vocabulary (added tokens not included). */
    int vocabSize();
}
