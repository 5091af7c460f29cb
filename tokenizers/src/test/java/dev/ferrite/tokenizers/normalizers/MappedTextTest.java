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

    /**
     * A unit-for-unit Replace, up or down the code range, leaves every other unit as it was: the
     * units next to the replaced one, those differing from it in one bit, the lowest and highest.
     */
    @Test
    void replaceChangesThatUnitAlone() {
        StringBuilder b = new StringBuilder();
        for (char from : new char[] {' ', '\u2581', 'a', '\uFFFE'}) {
            b.append(from).append((char) (from - 1)).append((char) (from + 1)).append(from);
            for (int bit = 0; bit < 16; bit++) b.append((char) (from ^ 1 << bit));
        }
        b.append('\u0000').append('\uFFFF').append("xyz ");
        String text = b.toString();
        for (String[] rule : new String[][] {{" ", "\u2581"}, {"\u2581", " "}, {"a", "\uFFFF"}, {"\uFFFE", "\u0000"}, {"x", "x"}}) {
            assertSameAsGeneral(Replace.ofString(rule[0], rule[1]), text, true);
            assertSameAsGeneral(new Sequence(List.of(new Prepend("\u2581"), Replace.ofString(rule[0], rule[1]))), text, true);
        }
    }

    @Test
    void bertNormalizerMatchesTheGeneralOneOnSimpleText() {
        Normalizer bert = new BertNormalizer(true, true, null, true);
        for (String text : List.of("", "Hello World", "héllo Wörld ÀÉ", "\t tab\nline")) assertSameAsGeneral(bert, text, true);
    }

    @Test
    void bertNormalizerReshapesTextItDoesNotMapCharacterForCharacter() {
        // A CJK ideograph gets spaces, a control character goes, a mark in the input goes, a pair, a Hangul syllable.
        List<String> texts = List.of("中文", "a中b", "a\u0000b", "\u0000\u0000ab", "ab\u00AD", "x😀", "😀x", "𠀀b",
                "नमस्ते दुनिया", "Cot̃ap̃ñats", "한국어 ÀÉ", "\u00ADa\u00AD", "\u00AD", "ab\u0301\u0316c");
        for (Normalizer bert : List.of(new BertNormalizer(true, true, null, true), new BertNormalizer(true, true, false, false),
                new BertNormalizer(false, true, true, false), new BertNormalizer(true, false, null, true))) {
            for (String text : texts) assertSameAsGeneral(bert, text, true);
            // Only after a prefix does a reshape leave the text to the general way.
            Normalizer prependFirst = new Sequence(List.of(new Prepend("▁"), bert));
            assertSameAsGeneral(prependFirst, "héllo", true);
            assertThat(MappedText.of(prependFirst, "a中\u0000b")).isNull();
            for (String text : texts) assertSameAsGeneral(new Sequence(List.of(bert, new Prepend("▁"), Replace.ofString(" ", "▁"))), text, true);
        }
        // Not reshapable: a lone surrogate; a spacing mark of class 216 kept by the accent stripping;
        // U+0130's lowercase, two characters, when no accent stripping has made it I first.
        Normalizer bert = new BertNormalizer(true, true, null, true);
        for (String text : List.of("a\uD800b", "x\uD834\uDD65")) assertThat(MappedText.of(bert, text)).as(text).isNull();
        assertSameAsGeneral(bert, "a\u0130", true);
        assertThat(MappedText.of(new BertNormalizer(true, true, false, true), "a\u0130")).isNull();
    }

    @Test
    void otherNormalizersAndAnEmptyPrependAreLeftToTheGeneralWay() {
        assertThat(MappedText.of(new Prepend(""), "abc")).isNull();
        assertThat(MappedText.of(new Lowercase(), "abc")).isNull();
        assertThat(MappedText.of(new Sequence(List.of(new Prepend("▁"), new Lowercase())), "abc")).isNull();
        assertThat(MappedText.of(null, "abc").text()).isEqualTo("abc");
    }

    /**
     * One instance reloaded with text after text — long, short, reshaped, prefixed, not covered —
     * gives each what a fresh one gives: nothing of an earlier text (its length, prefix, sources,
     * surrogates) shows through. Then {@link MappedText#clear} lets go of a buffer past its bound only.
     */
    @Test
    void aReloadedInstanceForgetsTheTextBefore() {
        String longText = "héllo Wörld 中文 x😀 ".repeat(50);
        List<Normalizer> normalizers = List.of(new Sequence(List.of(new Prepend("▁"), Replace.ofString(" ", "▁"))),
                new BertNormalizer(true, true, null, true), Replace.ofString(" ", "▁"), new Prepend("ab"));
        List<String> texts = List.of(longText, "a", "中文", "", "x😀", "a\uD800b", " hello  world ", longText.substring(7), "ab\u00AD");
        MappedText reused = new MappedText();
        for (int round = 0; round < 2; round++) {
            for (Normalizer n : normalizers) {
                for (String text : texts) {
                    boolean covered = MappedText.of(n, text) != null;
                    assertThat(reused.load(n, text)).as(n + " on " + text).isEqualTo(covered);
                    if (covered) assertSameAsGeneral(reused, n, text);
                }
            }
        }
        reused.load(null, longText);
        int capacity = reused.capacity();
        assertThat(capacity).isGreaterThanOrEqualTo(longText.length());
        reused.clear(capacity);
        assertThat(reused.capacity()).as("kept within the bound").isEqualTo(capacity);
        reused.clear(capacity - 1);
        assertThat(reused.capacity()).as("dropped past the bound").isZero();
        assertThat(reused.load(null, "abc")).isTrue();
        assertThat(reused.text()).isEqualTo("abc");
    }

    private static void assertSameAsGeneral(Normalizer n, String text, boolean covered) {
        MappedText mapped = MappedText.of(n, text);
        assertThat(mapped != null).as(n + " on " + text).isEqualTo(covered);
        assertSameAsGeneral(mapped, n, text);
    }

    private static void assertSameAsGeneral(MappedText mapped, Normalizer n, String text) {
        NormalizedString general = new NormalizedString(text);
        n.normalize(general);
        assertThat(mapped.text()).as(n + " on " + text).isEqualTo(general.get());
        for (int i = 0; i < general.length(); i++) {
            assertThat(mapped.alignStart(i)).as("start of %d in %s by %s", i, text, n).isEqualTo(general.alignStart(i));
            assertThat(mapped.alignEnd(i)).as("end of %d in %s by %s", i, text, n).isEqualTo(general.alignEnd(i));
        }
    }
}
