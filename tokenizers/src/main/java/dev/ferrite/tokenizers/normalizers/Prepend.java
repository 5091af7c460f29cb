package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * Puts {@code prepend} before a non-empty string; the added characters take the alignment of the
 * first character (an empty string stays empty).
 */
public record Prepend(String prepend) implements Normalizer {
    public Prepend {
        java.util.Objects.requireNonNull(prepend, "prepend");
    }

    @Override
    public void normalize(NormalizedString s) {
        if (!s.isEmpty()) s.prepend(prepend);
    }
}
