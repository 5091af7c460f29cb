package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

/**
 * BERT's basic tokenization (pre_tokenizers/bert.rs): drops white space (Rust
 * {@code char::is_whitespace}), then isolates every punctuation character (ASCII punctuation or a
 * punctuation category of the {@code unicode_categories} crate, see {@link RustPunctuation}).
 */
public record BertPreTokenizer() implements PreTokenizer {
    static final CharPattern WHITESPACE = new CharPattern(CharClasses::isWhitespace);
    static final CharPattern PUNCTUATION = new CharPattern(RustPunctuation::isBertPunctuation);

    /**
     * Whether {@code codePoint} is a punctuation character for this pre-tokenizer (each one a piece
     * of its own), for encoders that split text the same way without its pattern objects.
     */
    public static boolean isPunctuation(int codePoint) {
        return RustPunctuation.isBertPunctuation(codePoint);
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(WHITESPACE, SplitDelimiterBehavior.REMOVED));
        s.split((i, n) -> n.split(PUNCTUATION, SplitDelimiterBehavior.ISOLATED));
    }
}
