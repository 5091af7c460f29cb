package dev.ferrite.tokenizers;

/**
 * Everything that goes wrong while loading a tokenizer.json or encoding/decoding with it.
 * The message names where the problem is (file, JSON path such as {@code $.model.merges[12]})
 * and what was expected there.
 */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
