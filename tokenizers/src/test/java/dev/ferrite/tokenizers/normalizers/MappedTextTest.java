package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MappedText} gives the text and alignments that the normalizer gives on a {@link NormalizedString}. */
class MappedTextTest {
    private static final List<String> TEXTS = List.of("", "a", " hello  world ", "😀 x", "x😀", "héllo Wörld ÀÉ",
            "\t tab\nline", "Ⅻ ﬁ", "😀", "a\uD800b");

    @Test
    void llamaAndGemmaNormalizersMatchTheGeneralOnes() {
        for (Normalizer n : List.of(new Sequence(List.of(new Prepend("▁"), Replace.ofString(" ", "▁"))),
                Replace.ofString(" ", "▁"), new Sequence(List.of(new Prepend("ab"), new Prepend("😀"), Replace.ofString("a", "▁"))))) {
            for (String text : TEXTS) assertSameAsGeneral(n, text, true);
        }
    }

    @Test
    void bertNormalizerMatchesTheGeneralOneOnSimpleText() {
        Normalizer bert = new BertNormalizer(true, true, null, true);
        for (String text : List.of("", "Hello World", "héllo Wörld ÀÉ", "\t tab\nline")) assertSameAsGeneral(bert, text, true);
        // Not character for character: a CJK ideograph gets spaces, a control character goes, a pair is never simple.
        for (String text : List.of("中文", "a\u0000b", "x😀")) assertThat(MappedText.of(bert, text)).as(text).isNull();
    }

    @Test
    void otherNormalizersAndAnEmptyPrependAreLeftToTheGeneralWay() {
        assertThat(MappedText.of(new Prepend(""), "abc")).isNull();
        assertThat(MappedText.of(new Lowercase(), "abc")).isNull();
        assertThat(MappedText.of(new Sequence(List.of(new Prepend("▁"), new Lowercase())), "abc")).isNull();
        assertThat(MappedText.of(null, "abc").text()).isEqualTo("abc");
    }

    private static void assertSameAsGeneral(Normalizer n, String text, boolean covered) {
        MappedText mapped = MappedText.of(n, text);
        assertThat(mapped != null).as(n + " on " + text).isEqualTo(covered);
        NormalizedString general = new NormalizedString(text);
        n.normalize(general);
        assertThat(mapped.text()).as(n + " on " + text).isEqualTo(general.get());
        for (int i = 0; i < general.length(); i++) {
            assertThat(mapped.alignStart(i)).as("start of %d in %s by %s", i, text, n).isEqualTo(general.alignStart(i));
            assertThat(mapped.alignEnd(i)).as("end of %d in %s by %s", i, text, n).isEqualTo(general.alignEnd(i));
        }
    }
}
