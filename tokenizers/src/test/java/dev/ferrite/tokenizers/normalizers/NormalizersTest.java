package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.normalizers.RustNormalizerOracle.Normalized;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each normalizer on small inputs, text and alignments, with the expectations of the Rust
 * library's own unit tests ({@code tokenizer/normalizer.rs}, {@code normalizers/*.rs}) restated in
 * UTF-16 offsets, plus cases found with the reference.
 */
class NormalizersTest {
    /** Runs {@code n} on {@code input}. */
    private static Normalized run(Normalizer n, String input) {
        NormalizedString s = new NormalizedString(input);
        n.normalize(s);
        return Normalized.of(s);
    }

    /** Alignments as flat pairs: start0, end0, start1, end1... one pair per UTF-16 unit. */
    private static void check(Normalized actual, String text, int... pairs) {
        assertThat(actual.text()).isEqualTo(text);
        assertThat(pairs.length).as("test data: one pair per UTF-16 unit").isEqualTo(2 * text.length());
        int[] flat = new int[2 * actual.starts().length];
        for (int i = 0; i < actual.starts().length; i++) {
            flat[2 * i] = actual.starts()[i];
            flat[2 * i + 1] = actual.ends()[i];
        }
        assertThat(flat).as("alignments of \"" + text + "\"").containsExactly(pairs);
    }

    @Test
    void nfdAddsNewChars() {
        // normalizer.rs nfd_adds_new_chars: each accent is inserted after its letter, aligned with it.
        check(run(new Nfd(), "élégant"), "e\u0301le\u0301gant",
                0, 1, 0, 1, 1, 2, 2, 3, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7);
    }

    @Test
    void nfcComposesIntoTheFirstCharactersAlignment() {
        // A composite replaces its first part and removes the others: it keeps the first part's
        // alignment, not the union (change = 0 + 0 - 1).
        check(run(new Nfc(), "e\u0301le\u0301"), "\u00e9l\u00e9", 0, 1, 2, 3, 3, 4);
        // Canonical reordering moves the marks but not the alignments, which are handed out in order.
        check(run(new Nfd(), "a\u0301\u0316"), "a\u0316\u0301", 0, 1, 1, 2, 2, 3);
    }

    @Test
    void nfkcSplitsLigatures() {
        // unicode.rs test_nfkc: U+FB01 becomes "fi", both letters aligned with the ligature.
        check(run(new Nfkc(), "\ufb01"), "fi", 0, 1, 0, 1);
        check(run(new Nfkd(), "\u00bd"), "1\u20442", 0, 1, 0, 1, 0, 1);
    }

    @Test
    void stripAccentsAfterNfdRemovesTheInsertedMarks() {
        // normalizer.rs remove_chars_added_by_nfd, through BertNormalizer's accent stripping.
        check(run(new BertNormalizer(false, false, true, false), "élégant"), "elegant",
                0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7);
    }

    @Test
    void stripAccentsRemovesRunsOfMarks() {
        // strip.rs test_strip_accents_multiple.
        check(run(new StripAccents(), "e\u0304\u0304\u0304o"), "eo", 0, 1, 4, 5);
        // Me llamó, in NFKD, loses its accent; Chinese is untouched.
        assertThat(run(new StripAccents(), "Me llamo\u0301").text()).isEqualTo("Me llamo");
        assertThat(run(new StripAccents(), "这很简单").text()).isEqualTo("这很简单");
    }

    @Test
    void vietnameseAndThaiBugs() {
        // strip.rs test_vietnamese_bug and test_thai_bug.
        Normalizer n = new Sequence(List.of(new Nfkd(), new StripAccents(), new Lowercase()));
        assertThat(run(n, "ậ…").text()).isEqualTo("a...");
        assertThat(run(n, "Cụ thể, bạn sẽ tham gia một nhóm các giám đốc điều hành tổ chức, các nhà lãnh đạo doanh "
                + "nghiệp, các học giả, chuyên gia phát triển và tình nguyện viên riêng biệt trong lĩnh vực phi lợi nhuận…")
                .text()).isEqualTo("cu the, ban se tham gia mot nhom cac giam đoc đieu hanh to chuc, cac nha lanh đao doanh "
                + "nghiep, cac hoc gia, chuyen gia phat trien va tinh nguyen vien rieng biet trong linh vuc phi loi nhuan...");
        assertThat(run(n, "ำน\u0e49ำ3ลำ").text()).isEqualTo("านา3ลา");
    }

    @Test
    void lowercaseIsRustsCharToLowercase() {
        // U+0130 is the one character that becomes two: the dot above counts as inserted.
        check(run(new Lowercase(), "İx"), "i\u0307x", 0, 1, 0, 1, 1, 2);
        // No final-sigma rule, no locale.
        assertThat(run(new Lowercase(), "ΟΔΟΣ IİI").text()).isEqualTo("οδοσ ii\u0307i");
        // Unicode 17.0.0 pairs that the JDK 25 does not know yet.
        assertThat(run(new Lowercase(), "\ua7ce\ud81b\udea0").text()).isEqualTo("\ua7cf\ud81b\udebb");
        check(run(new Lowercase(), "\ud801\udc00A"), "\ud801\udc28a", 0, 2, 0, 2, 2, 3);
    }

    @Test
    void prependTakesTheFirstCharactersAlignment() {
        // prepend.rs test_prepend.
        check(run(new Prepend("▁"), "Hello"), "▁Hello", 0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5);
        check(run(new Prepend("Hey "), "there"), "Hey there", 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5);
        assertThat(run(new Prepend("▁"), "").text()).isEmpty();
    }

    @Test
    void strip() {
        check(run(new Strip(true, true), "  ab  "), "ab", 2, 3, 3, 4);
        check(run(new Strip(true, false), "  ab  "), "ab  ", 2, 3, 3, 4, 4, 5, 5, 6);
        check(run(new Strip(false, true), "  ab  "), "  ab", 0, 1, 1, 2, 2, 3, 3, 4);
        assertThat(run(new Strip(true, true), "  你好asa \n").text()).isEqualTo("你好asa");
        assertThat(run(new Strip(true, true), "\u3000\u00a0 ").text()).isEmpty();
        assertThat(run(new Strip(false, false), " a ").text()).isEqualTo(" a ");
    }

    @Test
    void replace() {
        // replace.rs test_replace and test_replace_regex.
        assertThat(run(Replace.ofString("''", "\""), "This is a ''test''").text()).isEqualTo("This is a \"test\"");
        assertThat(run(Replace.ofRegex("\\s+", " "), "This     is   a         test").text()).isEqualTo("This is a test");
        // Inserted content takes the alignment of the match's last character.
        check(run(Replace.ofString(" ", "▁"), "a b"), "a▁b", 0, 1, 1, 2, 2, 3);
        check(run(Replace.ofString("ab", "xyz"), "abc"), "xyzc", 1, 2, 1, 2, 1, 2, 2, 3);
        check(run(Replace.ofString("b", ""), "abc"), "ac", 0, 1, 2, 3);
        // Overlapping occurrences: leftmost first, no overlap (normalizer.rs replace).
        assertThat(run(Replace.ofString("aaa", "b"), "aaaab").text()).isEqualTo("bab");
    }

    @Test
    void replaceFindsEmptyMatchesAsOniguruma() {
        // No empty match right where the previous match ended: "x*" on "axb" matches at 0, 1..2 and 3.
        check(run(Replace.ofRegex("x*", "<>"), "axb"), "<>a<>b<>", 0, 0, 0, 0, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 2, 3);
        // The empty literal matches the empty string everywhere.
        assertThat(run(Replace.ofString("", "|"), "ab").text()).isEqualTo("|a|b|");
        // ^ and $ work per line, . stops at a line feed only.
        assertThat(run(Replace.ofRegex("^a", "<>"), "a\na").text()).isEqualTo("<>\n<>");
        assertThat(run(Replace.ofRegex(".", "<>"), "a\nb\rc").text()).isEqualTo("<>\n<><><>");
        // \d and \s are Unicode-aware.
        assertThat(run(Replace.ofRegex("\\d", "#"), "1\u0663x\u00a0").text()).isEqualTo("##x\u00a0");
        assertThat(run(Replace.ofRegex("\\s", "_"), "a\u00a0b\u3000").text()).isEqualTo("a_b_");
    }

    @Test
    void bertCleansText() {
        // Controls (Cc, Cf, Co in Unicode 8), U+0000 and U+FFFD go; tab, CR, LF and other spaces become ' '.
        check(run(new BertNormalizer(true, false, false, false), "\u0000a\u0007b\tc\u00add\ufffde\u3000\uE000f"),
                "ab cde f", 1, 2, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13);
        // U+08E2 became Cf only in Unicode 9.0.0, after the tables BertNormalizer uses: it stays.
        assertThat(run(new BertNormalizer(true, false, false, false), "a\u08e2").text()).isEqualTo("a\u08e2");
    }

    @Test
    void bertPadsChineseCharacters() {
        // normalizer.rs added_characters_alignment.
        check(run(new BertNormalizer(false, true, false, false), "野口 No"), " 野  口  No",
                0, 1, 0, 1, 0, 1, 1, 2, 1, 2, 1, 2, 2, 3, 3, 4, 4, 5);
    }

    @Test
    void bertStripsAccentsWhenLowercasingUnlessTold() {
        assertThat(run(new BertNormalizer(true, true, null, true), "Héllo").text()).isEqualTo("hello");
        assertThat(run(new BertNormalizer(true, true, false, true), "Héllo").text()).isEqualTo("héllo");
        assertThat(run(new BertNormalizer(true, true, null, false), "Héllo").text()).isEqualTo("Héllo");
        assertThat(run(new BertNormalizer(true, true, true, false), "Héllo").text()).isEqualTo("Hello");
    }

    @Test
    void nmt() {
        check(run(new Nmt(), "a\u0001b\u200bc\u2581d"), "ab c d", 0, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7);
    }

    @Test
    void byteLevel() {
        // byte_level.rs test_byte_level_normalize, alignments restated per UTF-16 unit.
        Normalized n = run(new ByteLevel(), "Hello 我今天能为你做什么");
        assertThat(n.text()).isEqualTo("HelloĠæĪĳä»Ĭå¤©èĥ½ä¸ºä½łåģļä»Ģä¹Ī");
        for (int i = 0; i < 6; i++) {
            assertThat(n.starts()[i]).isEqualTo(i);
            assertThat(n.ends()[i]).isEqualTo(i + 1);
        }
        for (int i = 6; i < n.text().length(); i++) {
            int original = 6 + (i - 6) / 3;
            assertThat(n.starts()[i]).isEqualTo(original);
            assertThat(n.ends()[i]).isEqualTo(original + 1);
        }
        check(run(new ByteLevel(), "\ud83d\ude00"), "ðŁĺĢ", 0, 2, 0, 2, 0, 2, 0, 2);
    }

    @Test
    void sequenceRunsInOrder() {
        Normalizer llama2 = new Sequence(List.of(new Prepend("▁"), Replace.ofString(" ", "▁")));
        check(run(llama2, "Hi you"), "▁Hi▁you", 0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        assertThat(run(new Sequence(List.of()), "As is").text()).isEqualTo("As is");
    }

    @Test
    void precompiledAppliesSentencePieceRules() throws IOException {
        Precompiled p;
        try (InputStream in = getClass().getResourceAsStream("nmt_nfkc.charsmap")) {
            assertThat(in).as("test resource nmt_nfkc.charsmap").isNotNull();
            p = Precompiled.of(in.readAllBytes());
        }
        // precompiled.rs expansion_followed_by_removal: ™ expands, U+001E goes; the removal is
        // charged to the last character so far, so M ends up in U+001E's place.
        check(run(p, "™\u001eg"), "TMg", 0, 1, 1, 2, 2, 3);
        check(run(p, "\ufb01 \u2460 \u338f"), "fi 1 kg", 0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 4, 5);
        // A cluster under 6 bytes is looked up whole: e + U+0301 composes.
        check(run(p, "e\u0301x"), "\u00e9x", 0, 1, 2, 3);
        // ...and the shortest key prefixing it wins: fullwidth e alone, the accent is lost.
        check(run(p, "\uff45\u0301x"), "ex", 0, 1, 2, 3);
        // CR LF is one cluster, mapped by its CR to a single space.
        check(run(p, "a\r\nb"), "a b", 0, 1, 1, 2, 3, 4);
        // A 6-byte cluster goes character by character.
        assertThat(run(p, "\uff76\uff9e").text()).isEqualTo("\u30ab\u3099");
        assertThat(run(p, "").text()).isEmpty();
        assertThat(run(p, "plain").text()).isEqualTo("plain");
    }
}
