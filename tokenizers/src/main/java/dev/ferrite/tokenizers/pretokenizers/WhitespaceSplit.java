package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

/** Splits on white space (Rust {@code char::is_whitespace}) and drops it (pre_tokenizers/whitespace.rs). */
public record WhitespaceSplit() implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(BertPreTokenizer.WHITESPACE, SplitDelimiterBehavior.REMOVED));
    }
}
