package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern.Match;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The translator's handling of Oniguruma semantics, on small cases whose answers were checked
 * against the Rust library (see OnigRegexDifferentialTest for the systematic comparison).
 */
class OnigRegexTest {
    private static List<String> matches(String regex, String text) {
        List<String> out = new ArrayList<>();
        OnigRegex.compile(regex).forEachMatch(text, (s, e) -> out.add(s + "-" + e));
        return out;
    }

    @Test
    void emptyMatchesRightAfterAMatchAreSkippedAsOnigFindIterDoes() {
        assertThat(matches("a*", "baab")).containsExactly("0-0", "1-3", "4-4");
        assertThat(matches("", "ab")).containsExactly("0-0", "1-1", "2-2");
        // ... and the step past a rejected empty match is one whole code point.
        assertThat(matches("x*", "\uD83D\uDE00")).containsExactly("0-0", "2-2");
    }

    @Test
    void segmentsCoverTheInput() {
        assertThat(OnigRegex.compile("a*").findMatches("baab")).containsExactly(new Match(0, 0, true), new Match(0, 1, false),
                new Match(1, 3, true), new Match(3, 4, false), new Match(4, 4, true));
        assertThat(OnigRegex.compile("a").findMatches("")).containsExactly(new Match(0, 0, false));
        assertThat(new Invert(OnigRegex.compile("a")).findMatches("ab")).containsExactly(new Match(0, 1, false), new Match(1, 2, true));
    }

    @Test
    void caseInsensitiveLiteralsFoldLikeOniguruma() {
        assertThat(matches("(?i:'s)", "'s 'S 'ſ 'ß")).containsExactly("0-2", "3-5", "6-8");
        assertThat(matches("(?i)ss", "ß ẞ SS ſs")).containsExactly("0-1", "2-3", "4-6", "7-9");
        assertThat(matches("(?i)k", "k K \u212A")).hasSize(3);
        assertThat(matches("(?i)i", "i I İ ı")).containsExactly("0-1", "2-3");
    }

    @Test
    void caseInsensitiveClassesAreClosedButPropertiesAreNot() {
        assertThat(matches("(?i)\\p{Lu}", "aA")).containsExactly("1-2");
        assertThat(matches("(?i)[\\p{Lu}]", "aA")).containsExactly("0-1", "1-2");
        assertThat(matches("(?i)[^a]", "aAb")).containsExactly("2-3");
        assertThat(matches("(?i)[ß]", "ss ẞ")).containsExactly("0-2", "3-4");
    }

    @Test
    void isolatedOptionsTakeTheRestOfTheGroupWithItsAlternatives() {
        assertThat(matches("a(?i)b|c", "c ac aB")).containsExactly("2-4", "5-7");
        assertThat(OnigRegex.compile("a(?i)b|c").javaPattern()).isEqualTo("\\x{61}(?:[\\x{42}\\x{62}]|[\\x{43}\\x{63}])");
    }

    @Test
    void classShorthandsHaveTheirUnicodeMeaning() {
        assertThat(matches("\\s+", "a\u00A0\u2003\u3000\u0085b")).containsExactly("1-5");
        assertThat(matches("\\d+", "12٣٤")).containsExactly("0-4");
        assertThat(matches("\\h+", "0fA gz")).containsExactly("0-3");
        // \w outside a class takes Oniguruma's Latin-1 table (½ is a word character), inside a class its Word ranges.
        assertThat(matches("\\w+", "a½")).containsExactly("0-2");
        assertThat(matches("[\\w]+", "a½")).containsExactly("0-1");
    }

    @Test
    void anchorsSeeOnlyLineFeedAsANewline() {
        assertThat(matches("^\\w", "a\nb\rc")).containsExactly("0-1", "2-3");
        assertThat(matches("\\w$", "a\nb\rc")).containsExactly("0-1", "4-5");
        assertThat(matches("^", "a\n")).containsExactly("0-0");
        assertThat(matches("$", "a\n")).containsExactly("1-1", "2-2");
        assertThat(matches("\\Z", "a\n")).containsExactly("1-1", "2-2");
        assertThat(matches(".", "\n\r")).containsExactly("1-2");
    }

    @Test
    void surrogatePairsAreOneCharacterEverywhere() {
        String bold = "\uD835\uDC00"; // MATHEMATICAL BOLD CAPITAL A, a letter
        assertThat(matches("(?<=[^\\p{L}])x", bold + "x")).isEmpty();
        assertThat(matches("[^\\p{L}]", bold)).isEmpty();
        assertThat(matches("\\p{L}", bold + "b")).containsExactly("0-2", "2-3");
        assertThat(matches(".", "\uD83D\uDE00")).containsExactly("0-2");
    }

    @Test
    void intervalsOfTheOnigurumaSyntax() {
        assertThat(matches("a{,2}", "aaa")).containsExactly("0-2", "2-3");
        assertThat(matches("a{3,1}a", "aaa")).isEmpty(); // {n,m} with n > m is possessive
        assertThat(matches("a{2}?", "aaa")).containsExactly("0-2", "3-3"); // (?:a{2})?
        assertThat(matches("a{", "a{")).containsExactly("0-2"); // an invalid interval is literal
        assertThat(matches("a{1", "a{1")).containsExactly("0-3");
    }

    @Test
    void escapes() {
        assertThat(matches("\\x{1F600}|\\xE3\\x81\\x82|\\u3044|\\101|\\o{102}", "\uD83D\uDE00あいAB")).hasSize(5);
        assertThat(matches("[\\x41-\\x43]+", "ABCD")).containsExactly("0-3");
        assertThat(matches("\\t\\v\\e", "\t\u000B\u001B")).containsExactly("0-3");
        assertThat(matches("\\q\\'", "q'")).containsExactly("0-2");
    }

    @Test
    void classesPosixIntersectionsAndLiteralBrackets() {
        assertThat(matches("[a-w&&[^c-g]z]+", "abcgzhx")).containsExactly("0-2", "5-6"); // [abh-w], as Oniguruma documents
        assertThat(matches("[[:alpha:]]+", "ab1")).containsExactly("0-2");
        assertThat(matches("[[:^digit:]]+", "ab1")).containsExactly("0-2");
        assertThat(matches("[]a]+", "]a]")).containsExactly("0-3");
        assertThat(matches("[a-]+", "-a-")).containsExactly("0-3");
    }

    @Test
    void groupsAndBackreferences() {
        assertThat(matches("(\\w)\\1", "aab")).containsExactly("0-2");
        assertThat(matches("(?<x>\\w)\\k<x>", "abb")).containsExactly("1-3");
        assertThat(matches("(?x) a b # comment", "ab")).containsExactly("0-2");
        assertThat(matches("(?#comment)a", "a")).containsExactly("0-1");
        assertThat(matches("(?>a+)a", "aaa")).isEmpty();
    }

    @Test
    void invalidOrUnsupportedPatternsAreRejectedWithAReason() {
        assertThatThrownBy(() -> OnigRegex.compile("(a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("')'");
        assertThatThrownBy(() -> OnigRegex.compile("a)")).hasMessageContaining("unmatched close parenthesis");
        assertThatThrownBy(() -> OnigRegex.compile("*a")).hasMessageContaining("target of repeat operator is not specified");
        assertThatThrownBy(() -> OnigRegex.compile("[b-a]")).hasMessageContaining("empty range");
        assertThatThrownBy(() -> OnigRegex.compile("\\p{NoSuchProperty}")).hasMessageContaining("NoSuchProperty");
        assertThatThrownBy(() -> OnigRegex.compile("(?~abc)")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> OnigRegex.compile("a\\Kb")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> OnigRegex.compile("(?<n>a)\\1")).hasMessageContaining("use name");
    }

    @Test
    void literalPatterns() {
        List<String> out = new ArrayList<>();
        new LiteralPattern("aa").forEachMatch("aaaaa", (s, e) -> out.add(s + "-" + e));
        assertThat(out).containsExactly("0-2", "2-4");
        assertThat(new LiteralPattern("").findMatches("ab")).containsExactly(new Match(0, 0, true), new Match(0, 1, false),
                new Match(1, 1, true), new Match(1, 2, false), new Match(2, 2, true));
    }
}
