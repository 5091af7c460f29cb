package dev.ferrite.tokenizers.decoders;

import java.util.List;

/** Joins all tokens into one string. Port of {@code decoders/fuse.rs}. */
public record Fuse() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        return List.of(String.join("", tokens));
    }
}
