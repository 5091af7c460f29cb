package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Decoder of BPE models whose tokens mark the end of a word with {@code suffix} (such as
 * {@code </w>}): each occurrence becomes a space, or nothing in the last token. Port of
 * {@code decoders/bpe.rs}.
 */
public record BPEDecoder(String suffix) implements Decoder {
    public BPEDecoder {
        java.util.Objects.requireNonNull(suffix, "suffix");
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        int last = tokens.size() - 1;
        for (int i = 0; i < tokens.size(); i++) {
            out.add(Texts.replace(tokens.get(i), suffix, i == last ? "" : " "));
        }
        return out;
    }
}
