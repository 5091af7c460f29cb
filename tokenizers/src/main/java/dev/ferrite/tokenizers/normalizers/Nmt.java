package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * The NMT cleaning of SentencePiece (Rust {@code normalizers/unicode.rs}): removes most ASCII
 * control characters, then maps a few other control and space-like characters to a space.
 */
public record Nmt() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !((c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F)
                || c == 0x7F || c == 0x8F || c == 0x9F));
        s.map(c -> switch (c) {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2581,
                 0xFEFF, 0xFFFD -> ' ';
            default -> c;
        });
    }
}
