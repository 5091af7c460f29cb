package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/** Unicode NFKC (compatibility decomposition, then composition), with Unicode 9.0.0 data as in Rust. */
public record Nfkc() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        UnicodeNormalization.apply(s, true, true);
    }
}
