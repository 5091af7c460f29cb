/**
 * Internal: the values that flow between pipeline stages — {@link dev.ferrite.tokenizers.pipeline.NormalizedString}
 * (text plus an alignment to the original), {@link dev.ferrite.tokenizers.pipeline.PreTokenizedString}
 * (its splits), {@link dev.ferrite.tokenizers.pipeline.Token} and {@link dev.ferrite.tokenizers.pipeline.RawEncoding}.
 * All offsets here are UTF-16 indices, as {@link java.lang.String#substring(int, int)} takes them; the
 * Rust library counts UTF-8 bytes, and the two agree because every alignment is kept per character.
 */
package dev.ferrite.tokenizers.pipeline;
