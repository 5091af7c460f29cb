package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/** Removes leading ({@code left}) and/or trailing ({@code right}) Unicode white space. */
public record Strip(boolean left, boolean right) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        if (left || right) s.strip(left, right);
    }
}
