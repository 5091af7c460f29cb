package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alignment rules of {@link NormalizedString}, with expectations ported from the Rust library's
 * tests in tokenizer/normalizer.rs (restated in UTF-16 units: 'é' and '野' are one unit each).
 */
class NormalizedStringTest {

    static List<String> alignments(NormalizedString n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.length(); i++) out.add(n.alignStart(i) + "-" + n.alignEnd(i));
        return out;
    }

    static NormalizedString.Changes changes(Object... pairs) {
        NormalizedString.Changes c = new NormalizedString.Changes();
        for (int i = 0; i < pairs.length; i += 2) c.add((Character) pairs[i], (Integer) pairs[i + 1]);
        return c;
    }

    /** A literal-character pattern, enough to exercise split and replace. */
    static Pattern charPattern(char target) {
        return inside -> {
            List<Pattern.Match> out = new ArrayList<>();
            if (inside.isEmpty()) return List.of(new Pattern.Match(0, 0, false));
            int last = 0;
            for (int i = 0; i < inside.length(); i++) {
                if (inside.charAt(i) == target) {
                    if (last < i) out.add(new Pattern.Match(last, i, false));
                    out.add(new Pattern.Match(i, i + 1, true));
                    last = i + 1;
                }
            }
            if (last < inside.length()) out.add(new Pattern.Match(last, inside.length(), false));
            return out;
        };
    }

    @Test
    void decomposingKeepsTheSourceCharacterForEveryNewCharacter() {
        NormalizedString n = new NormalizedString("élégant");
        // NFD: each 'é' becomes 'e' + U+0301, the accent being an inserted character.
        n.transform(changes('e', 0, '\u0301', 1, 'l', 0, 'e', 0, '\u0301', 1, 'g', 0, 'a', 0, 'n', 0, 't', 0), 0);
        assertThat(n.get()).isEqualTo("e\u0301le\u0301gant");
        assertThat(alignments(n)).containsExactly("0-1", "0-1", "1-2", "2-3", "2-3", "3-4", "4-5", "5-6", "6-7");
    }

    @Test
    void filterRemovesCharactersAndTheirAlignments() {
        NormalizedString n = new NormalizedString("élégant");
        n.filter(c -> c != 'n');
        assertThat(n.get()).isEqualTo("élégat");
        assertThat(alignments(n)).containsExactly("0-1", "1-2", "2-3", "3-4", "4-5", "6-7");
    }

    @Test
    void filterAtBothEdges() {
        NormalizedString n = new NormalizedString("  Hello  ");
        n.filter(c -> c != ' ');
        assertThat(n.get()).isEqualTo("Hello");
        assertThat(alignments(n)).containsExactly("2-3", "3-4", "4-5", "5-6", "6-7");
        assertThat(n.normalizedToOriginal(0, 5)).containsExactly(2, 7);
    }

    @Test
    void rangeConversionBothWays() {
        NormalizedString n = new NormalizedString("    __Hello__   ");
        n.filter(c -> c != ' ');
        n.map(Character::toLowerCase);
        assertThat(n.get()).isEqualTo("__hello__");
        assertThat(n.originalToNormalized(6, 11)).containsExactly(2, 7);
        assertThat(n.normalizedToOriginal(2, 7)).containsExactly(6, 11);
        assertThat(n.originalToNormalized(0, 0)).containsExactly(0, 0);
        assertThat(n.originalToNormalized(3, 3)).containsExactly(3, 3);
        assertThat(n.originalToNormalized(15, 16)).containsExactly(9, 9);
        assertThat(n.normalizedToOriginal(3, 3)).containsExactly(3, 3);
        assertThat(n.normalizedToOriginal(10, 11)).isNull();
    }

    @Test
    void addedAroundEdgesAlignToNeighbours() {
        NormalizedString n = new NormalizedString("Hello");
        n.transform(changes(' ', 1, 'H', 0, 'e', 0, 'l', 0, 'l', 0, 'o', 0, ' ', 1), 0);
        assertThat(n.get()).isEqualTo(" Hello ");
        // The leading insertion has nothing before it: (0, 0). The trailing one copies 'o'.
        assertThat(alignments(n)).containsExactly("0-0", "0-1", "1-2", "2-3", "3-4", "4-5", "4-5");
        assertThat(n.normalizedToOriginal(1, 6)).containsExactly(0, 5);
    }

    @Test
    void insertedCharactersAroundIdeographs() {
        NormalizedString n = new NormalizedString("野口 No");
        n.transform(changes(' ', 0, '野', 1, ' ', 1, ' ', 0, '口', 1, ' ', 1, ' ', 0, 'N', 0, 'o', 0), 0);
        assertThat(n.get()).isEqualTo(" 野  口  No");
        // Mirrors added_characters_alignment in normalizer.rs.
        assertThat(alignments(n)).containsExactly("0-1", "0-1", "0-1", "1-2", "1-2", "1-2", "2-3", "3-4", "4-5");
    }

    @Test
    void prependAndAppend() {
        NormalizedString n = new NormalizedString("Hello");
        n.prepend("\u2581");
        n.append("!");
        assertThat(n.get()).isEqualTo("\u2581Hello!");
        assertThat(alignments(n)).containsExactly("0-1", "0-1", "1-2", "2-3", "3-4", "4-5", "4-5");
    }

    @Test
    void stripRemovesUnicodeWhitespaceAtTheEdges() {
        NormalizedString n = new NormalizedString("\u00A0 Hi \u3000");
        n.strip(true, true);
        assertThat(n.get()).isEqualTo("Hi");
        assertThat(alignments(n)).containsExactly("2-3", "3-4");
    }

    @Test
    void replaceGivesInsertedTextTheAlignmentOfTheMatchEnd() {
        NormalizedString n = new NormalizedString("a b");
        n.replace(charPattern(' '), "\u2581\u2581");
        assertThat(n.get()).isEqualTo("a\u2581\u2581b");
        assertThat(alignments(n)).containsExactly("0-1", "1-2", "1-2", "2-3");
    }

    @Test
    void splitBehaviours() {
        String text = "the-final--countdown";
        assertThat(texts(new NormalizedString(text).split(charPattern('-'), SplitDelimiterBehavior.REMOVED)))
                .containsExactly("the", "final", "countdown");
        assertThat(texts(new NormalizedString(text).split(charPattern('-'), SplitDelimiterBehavior.ISOLATED)))
                .containsExactly("the", "-", "final", "-", "-", "countdown");
        assertThat(texts(new NormalizedString(text).split(charPattern('-'), SplitDelimiterBehavior.MERGED_WITH_PREVIOUS)))
                .containsExactly("the-", "final-", "-", "countdown");
        assertThat(texts(new NormalizedString(text).split(charPattern('-'), SplitDelimiterBehavior.MERGED_WITH_NEXT)))
                .containsExactly("the", "-final", "-", "-countdown");
        assertThat(texts(new NormalizedString(text).split(charPattern('-'), SplitDelimiterBehavior.CONTIGUOUS)))
                .containsExactly("the", "-", "final", "--", "countdown");
    }

    @Test
    void slicesKeepTheirPlaceInTheOriginal() {
        NormalizedString n = new NormalizedString("Hello World");
        List<NormalizedString> parts = n.split(charPattern(' '), SplitDelimiterBehavior.REMOVED);
        NormalizedString world = parts.get(1);
        assertThat(world.get()).isEqualTo("World");
        assertThat(world.original()).isEqualTo("World");
        assertThat(world.originalShift()).isEqualTo(6);
        assertThat(world.normalizedToOriginal(1, 3)).containsExactly(1, 3);
    }

    @Test
    void surrogatePairsShareOneAlignment() {
        NormalizedString n = new NormalizedString("a\uD83D\uDE00b");
        assertThat(alignments(n)).containsExactly("0-1", "1-3", "1-3", "3-4");
        n.filter(c -> c != 'a');
        assertThat(alignments(n)).containsExactly("1-3", "1-3", "3-4");
    }

    private static List<String> texts(List<NormalizedString> parts) {
        return parts.stream().map(NormalizedString::get).toList();
    }
}
