package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * First pipeline stage: rewrites the text in place (Unicode normalization, case, accents...),
 * keeping the alignment of every character to the original so that offsets survive.
 *
 * <p>One implementation per normalizer type of the Rust library (v0.21), each behaving exactly as
 * its Rust counterpart, alignments included. Built from tokenizer.json by {@link Normalizers}.
 * Implementations are immutable and safe to share between threads.
 */
public sealed interface Normalizer
        permits BertNormalizer, ByteLevel, Lowercase, Nfc, Nfd, Nfkc, Nfkd, Nmt, Precompiled, Prepend, Replace,
        Sequence, Strip, StripAccents {
    /** Normalizes {@code s} in place. */
    void normalize(NormalizedString s);
}
