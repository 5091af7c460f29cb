package dev.ferrite.tokenizers.decoders;

import java.util.List;

/** Runs decoders one after the other, each on the token list the previous one produced. Port of {@code decoders/sequence.rs}. */
public record Sequence(List<Decoder> decoders) implements Decoder {
    public Sequence {
        decoders = List.copyOf(decoders);
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> current = tokens;
        for (Decoder d : decoders) current = d.decodeChain(current);
        return current;
    }
}
