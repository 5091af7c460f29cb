package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

/**
 * Second stage: cuts the normalized text into words (splits) that the model tokenizes one by one.
 * May also rewrite splits (ByteLevel maps bytes to printable characters); never touches splits that
 * already carry tokens.
 */
public interface PreTokenizer {
    void preTokenize(PreTokenizedString s);
}
