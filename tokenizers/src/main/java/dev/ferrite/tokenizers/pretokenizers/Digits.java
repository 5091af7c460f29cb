package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

/**
 * Separates numbers (Rust {@code char::is_numeric}: Nd, Nl, No) from the rest
 * (pre_tokenizers/digits.rs): runs of them stay together, or each digit stands alone when
 * {@code individualDigits}.
 */
public record Digits(boolean individualDigits) implements PreTokenizer {
    private static final CharPattern NUMERIC = new CharPattern(CharClasses::isNumeric);

    @Override
    public void preTokenize(PreTokenizedString s) {
        SplitDelimiterBehavior b = individualDigits ? SplitDelimiterBehavior.ISOLATED : SplitDelimiterBehavior.CONTIGUOUS;
        s.split((i, n) -> n.split(NUMERIC, b));
    }
}
