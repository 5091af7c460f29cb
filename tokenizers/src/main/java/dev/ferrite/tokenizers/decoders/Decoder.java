package dev.ferrite.tokenizers.decoders;

import java.util.List;

/**
 * Last stage, run by {@code Tokenizer.decode}: turns tokens back into text. As in the Rust library,
 * each decoder maps a list of token strings to a new list ({@link #decodeChain}), so that decoders
 * can be chained by {@link Sequence}; {@link #decode} joins the final list with nothing between.
 * Implementations are immutable and thread-safe; they never modify the list they are given.
 */
public sealed interface Decoder
        permits BPEDecoder, ByteFallback, ByteLevel, CTC, Fuse, Metaspace, Replace, Sequence, Strip, WordPiece {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
