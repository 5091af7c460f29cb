package dev.ferrite.tokenizers.pipeline;

/**
 * A token produced by a model: its id, its text and where it lies in the string the model was
 * given, as UTF-16 offsets {@code [start, end)} into that (normalized, pre-tokenized) split.
 */
public record Token(int id, String value, int start, int end) {
}
