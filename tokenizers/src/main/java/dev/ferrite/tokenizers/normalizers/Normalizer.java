package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * First pipeline stage: rewrites the text in place (Unicode normalization, case, accents...),
 * keeping the alignment of every character to the original so that offsets survive.
 */
public interface Normalizer {
    void normalize(NormalizedString s);
}
