/**
 * Hugging Face {@code tokenizer.json} in pure Java, with output identical to the Rust
 * {@code tokenizers} library. The public API is {@link dev.ferrite.tokenizers.Tokenizer} and the
 * value types it returns; the sub-packages hold one class per pipeline component and are internal.
 */
package dev.ferrite.tokenizers;
