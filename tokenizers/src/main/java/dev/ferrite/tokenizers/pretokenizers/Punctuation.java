package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

import java.util.Objects;

/**
 * Splits at every punctuation character, treating it as {@code behavior} says
 * (pre_tokenizers/punctuation.rs; the same punctuation test as {@link BertPreTokenizer}).
 */
public record Punctuation(SplitDelimiterBehavior behavior) implements PreTokenizer {
    public Punctuation {
        Objects.requireNonNull(behavior, "behavior");
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(BertPreTokenizer.PUNCTUATION, behavior));
    }
}
