package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * Removes combining marks (General_Category Mn, Mc and Me in Unicode 9.0.0, the Rust crate's
 * {@code is_combining_mark}). It decomposes nothing itself: it is meant to follow NFD or NFKD.
 */
public record StripAccents() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !UnicodeTables.isCombiningMark(c));
    }
}
