package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * Lowercases every character as Rust's {@code char::to_lowercase} does: locale-independent, full
 * mapping (U+0130 becomes {@code "i\u0307"}, the second character counting as inserted), no
 * context (a final capital sigma becomes U+03C3).
 */
public record Lowercase() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        Transforms.lowercase(s);
    }
}
