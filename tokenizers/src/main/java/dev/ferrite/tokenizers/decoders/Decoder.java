package dev.ferrite.tokenizers.decoders;

import java.util.List;

/** Turns tokens back into text. {@link #decodeChain} is one step of a chain; {@link #decode} joins the result. */
public interface Decoder {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
