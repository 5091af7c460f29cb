package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/** Unicode NFKD (compatibility decomposition), with Unicode 9.0.0 data as in Rust. */
public record Nfkd() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        UnicodeNormalization.apply(s, true, false);
    }
}
