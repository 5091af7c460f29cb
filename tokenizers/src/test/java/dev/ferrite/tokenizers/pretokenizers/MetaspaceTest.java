package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;
import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/metaspace.rs; its byte offsets converted to UTF-16 ('▁' is 3 bytes, 1 unit). */
class MetaspaceTest {
    private static final Metaspace ALWAYS = new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true);

    @Test
    void basic() {
        PreTokenizedString p = Splits.run(ALWAYS, "Hey friend!");
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey", 0, 4), s("▁friend!", 4, 12));
        assertThat(Splits.original(p)).containsExactly(s("▁Hey", 0, 3), s("▁friend!", 3, 11));
    }

    @Test
    void multipleSpaces() {
        PreTokenizedString p = Splits.run(ALWAYS, "Hey   friend!");
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey", 0, 4), s("▁", 4, 5), s("▁", 5, 6), s("▁friend!", 6, 14));
        assertThat(Splits.original(p)).containsExactly(s("▁Hey", 0, 3), s("▁", 3, 4), s("▁", 4, 5), s("▁friend!", 5, 13));
    }

    private static PreTokenizedString splitOnTag(String input) {
        PreTokenizedString p = new PreTokenizedString(new NormalizedString(input));
        Split.onRegex("(<s>)", SplitDelimiterBehavior.ISOLATED, false).preTokenize(p);
        return p;
    }

    @Test
    void prependSchemeFirstOnlyPrependsAtTheStartOfTheInput() {
        Metaspace first = new Metaspace('▁', Metaspace.PrependScheme.FIRST, false);
        PreTokenizedString p = splitOnTag("Hey my friend <s>how▁are you");
        first.preTokenize(p);
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey▁my▁friend▁", 0, 15), s("<s>", 15, 18), s("how▁are▁you", 18, 29));

        ALWAYS.preTokenize(p);
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey", 0, 4), s("▁my", 4, 7), s("▁friend", 7, 14), s("▁", 14, 15),
                s("▁<s>", 15, 19), s("▁how", 19, 23), s("▁are", 23, 27), s("▁you", 27, 31));

        p = splitOnTag(" Hey <s>how");
        first.preTokenize(p);
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey▁", 0, 5), s("<s>", 5, 8), s("how", 8, 11));

        p = splitOnTag(" Hey <s>how <s>are <s> you");
        first.preTokenize(p);
        assertThat(Splits.normalized(p)).containsExactly(s("▁Hey▁", 0, 5), s("<s>", 5, 8), s("how▁", 8, 12), s("<s>", 12, 15),
                s("are▁", 15, 19), s("<s>", 19, 22), s("▁you", 22, 26));
    }

    @Test
    void neverPrependsAndSupplementaryReplacementsWork() {
        Metaspace never = new Metaspace(0x1F600, Metaspace.PrependScheme.NEVER, true);
        assertThat(Splits.original(never, "a b")).containsExactly(s("a", 0, 1), s("\uD83D\uDE00b", 1, 3));
    }

    @Test
    void jsonDefaultsAndLegacyField() {
        assertThat(Splits.parse("{\"type\":\"Metaspace\",\"replacement\":\"▁\"}")).isEqualTo(ALWAYS);
        assertThat(Splits.parse("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"add_prefix_space\":true}"))
                .isEqualTo(new Metaspace('_', Metaspace.PrependScheme.ALWAYS, true));
        assertThat(Splits.parse("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"str_rep\":\"_\",\"add_prefix_space\":true,"
                + "\"prepend_scheme\":\"first\",\"split\":false}")).isEqualTo(new Metaspace('_', Metaspace.PrependScheme.FIRST, false));
        assertThat(Splits.parse("{\"type\":\"Metaspace\",\"replacement\":\"_\",\"add_prefix_space\":false,\"prepend_scheme\":\"never\"}"))
                .isEqualTo(new Metaspace('_', Metaspace.PrependScheme.NEVER, true));
    }
}
