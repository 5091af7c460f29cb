package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

/** Splits on one delimiter character (a code point) and drops it (pre_tokenizers/delimiter.rs). */
public record CharDelimiterSplit(int delimiter) implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        CharPattern p = CharPattern.of(delimiter);
        s.split((i, n) -> n.split(p, SplitDelimiterBehavior.REMOVED));
    }
}
