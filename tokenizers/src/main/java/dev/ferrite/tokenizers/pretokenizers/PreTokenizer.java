package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

/**
 * Second stage: cuts the normalized text into words (splits) that the model tokenizes one by one.
 * May also rewrite splits (ByteLevel maps bytes to printable characters); never touches splits that
 * already carry tokens. Every split keeps its alignment to the original text, so offsets (UTF-16
 * indices) survive. One implementation per {@code "type"} of tokenizer.json, built by
 * {@link PreTokenizers#fromJson}.
 */
public sealed interface PreTokenizer permits BertPreTokenizer, ByteLevel, CharDelimiterSplit, Digits, Metaspace,
        Punctuation, Sequence, Split, UnicodeScripts, Whitespace, WhitespaceSplit {
    void preTokenize(PreTokenizedString s);
}
