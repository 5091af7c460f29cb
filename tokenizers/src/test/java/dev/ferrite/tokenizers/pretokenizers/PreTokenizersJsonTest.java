package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tokenizer.json parsing: what the reference's serde definitions accept, and errors naming the JSON path. */
class PreTokenizersJsonTest {
    @Test
    void everyType() {
        assertThat(Splits.parse("{\"type\":\"BertPreTokenizer\"}")).isEqualTo(new BertPreTokenizer());
        assertThat(Splits.parse("{\"type\":\"Whitespace\"}")).isEqualTo(new Whitespace());
        assertThat(Splits.parse("{\"type\":\"WhitespaceSplit\"}")).isEqualTo(new WhitespaceSplit());
        assertThat(Splits.parse("{\"type\":\"UnicodeScripts\"}")).isEqualTo(new UnicodeScripts());
        assertThat(Splits.parse("{\"type\":\"Digits\",\"individual_digits\":true}")).isEqualTo(new Digits(true));
        assertThat(Splits.parse("{\"type\":\"Punctuation\"}")).isEqualTo(new Punctuation(SplitDelimiterBehavior.ISOLATED));
        assertThat(Splits.parse("{\"type\":\"Punctuation\",\"behavior\":\"Removed\"}")).isEqualTo(new Punctuation(SplitDelimiterBehavior.REMOVED));
        assertThat(Splits.parse("{\"type\":\"CharDelimiterSplit\",\"delimiter\":\"\uD83D\uDE00\"}")).isEqualTo(new CharDelimiterSplit(0x1F600));
        assertThat(Splits.parse("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},"
                + "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"str_rep\":\"▁\",\"add_prefix_space\":true}]}"))
                .isEqualTo(new Sequence(java.util.List.of(new WhitespaceSplit(), new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true))));
        Split split = (Split) Splits.parse("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"behavior\":\"Isolated\",\"invert\":false}");
        assertThat(split.pattern()).isInstanceOf(OnigRegex.class);
        assertThat(split.behavior()).isEqualTo(SplitDelimiterBehavior.ISOLATED);
        Split literal = (Split) Splits.parse("{\"type\":\"Split\",\"pattern\":{\"String\":\"Hello\"},\"behavior\":\"Removed\",\"invert\":true}");
        assertThat(literal.pattern()).isEqualTo(new LiteralPattern("Hello"));
        assertThat(literal.invert()).isTrue();
    }

    private static void rejects(String json, String... messageParts) {
        assertThatThrownBy(() -> Splits.parse(json)).isInstanceOf(TokenizerException.class).message().contains(messageParts);
    }

    @Test
    void unknownAndMissingTypes() {
        rejects("{\"type\":\"Delimiter\",\"delimiter\":\"x\"}", "$.type", "unknown pre-tokenizer type \"Delimiter\"", "CharDelimiterSplit");
        rejects("{\"replacement\":\"▁\"}", "$", "missing field \"type\"");
        rejects("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Nope\"}]}", "$.pretokenizers[0].type", "Nope");
    }

    @Test
    void requiredFieldsAsInTheReference() {
        rejects("{\"type\":\"ByteLevel\",\"add_prefix_space\":true}", "missing field \"trim_offsets\"");
        rejects("{\"type\":\"Digits\"}", "missing field \"individual_digits\"");
        rejects("{\"type\":\"Metaspace\",\"add_prefix_space\":true}", "missing field \"replacement\"");
        rejects("{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"Removed\"}", "missing field \"invert\"");
        rejects("{\"type\":\"Sequence\"}", "missing field \"pretokenizers\"");
    }

    @Test
    void badValuesNameTheirPath() {
        rejects("{\"type\":\"ByteLevel\",\"add_prefix_space\":1,\"trim_offsets\":true}", "$.add_prefix_space", "true or false");
        rejects("{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":null}", "$.use_regex");
        rejects("{\"type\":\"Metaspace\",\"replacement\":\"ab\"}", "$.replacement", "exactly one character");
        rejects("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"prepend_scheme\":\"sometimes\"}", "$.prepend_scheme");
        rejects("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"add_prefix_space\":false}", "$.add_prefix_space",
                "does not match declared prepend_scheme");
        rejects("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"add_prefix_space\":false,\"prepend_scheme\":\"always\"}",
                "does not match declared prepend_scheme");
        rejects("{\"type\":\"Punctuation\",\"behavior\":\"Sometimes\"}", "$.behavior", "Contiguous");
        rejects("{\"type\":\"CharDelimiterSplit\",\"delimiter\":\"\"}", "$.delimiter");
        rejects("{\"type\":\"Split\",\"pattern\":{\"Glob\":\"*\"},\"behavior\":\"Removed\",\"invert\":false}", "$.pattern", "\"String\" or \"Regex\"");
        rejects("{\"type\":\"Split\",\"pattern\":{\"String\":\" \",\"Regex\":\" \"},\"behavior\":\"Removed\",\"invert\":false}", "$.pattern");
        rejects("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a\"},\"behavior\":\"Removed\",\"invert\":false}", "$.pattern.Regex", "invalid");
        rejects("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\p{Nonsense}\"},\"behavior\":\"Removed\",\"invert\":false}",
                "$.pattern.Regex", "Nonsense");
        rejects("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"a\\\\Kb\"},\"behavior\":\"Removed\",\"invert\":false}", "$.pattern.Regex",
                "not supported");
    }
}
