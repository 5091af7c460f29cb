package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/bert.rs and punctuation.rs (byte offsets there; ASCII or converted to UTF-16 here). */
class BertPreTokenizerTest {
    @Test
    void basic() {
        assertThat(Splits.original(new BertPreTokenizer(), "Hey friend!     How are you?!?")).containsExactly(
                s("Hey", 0, 3), s("friend", 4, 10), s("!", 10, 11), s("How", 16, 19), s("are", 20, 23),
                s("you", 24, 27), s("?", 27, 28), s("!", 28, 29), s("?", 29, 30));
    }

    @Test
    void chineseCharsSurroundedBySpacesByANormalizer() {
        NormalizedString n = new NormalizedString("野口里佳 Noguchi Rika");
        NormalizedString.Changes changes = new NormalizedString.Changes();
        n.get().codePoints().forEach(c -> {
            if (c > 0x4E00) {
                changes.add(' ', 0);
                changes.add(c, 1);
                changes.add(' ', 1);
            } else {
                changes.add(c, 0);
            }
        });
        n.transform(changes, 0);
        PreTokenizedString p = new PreTokenizedString(n);
        new BertPreTokenizer().preTokenize(p);
        // Rust byte offsets (0,3) (3,6) (6,9) (9,12) (13,20) (21,25)
        assertThat(Splits.original(p)).containsExactly(s("野", 0, 1), s("口", 1, 2), s("里", 2, 3), s("佳", 3, 4),
                s("Noguchi", 5, 12), s("Rika", 13, 17));
    }

    @Test
    void punctuationUsesTheOldUnicodeTablesOfTheReference() {
        // U+2E43 became punctuation after the unicode_categories tables were made; U+166D stopped being it.
        assertThat(Splits.original(new BertPreTokenizer(), "a\u2E43b")).containsExactly(s("a\u2E43b", 0, 3));
        assertThat(Splits.original(new BertPreTokenizer(), "a\u166Db")).containsExactly(s("a", 0, 1), s("\u166D", 1, 2), s("b", 2, 3));
        // ASCII symbols count as punctuation too ($ is a currency symbol).
        assertThat(Splits.original(new BertPreTokenizer(), "a$b")).containsExactly(s("a", 0, 1), s("$", 1, 2), s("b", 2, 3));
    }

    @Test
    void punctuationPreTokenizerIsolatesByDefault() {
        assertThat(Splits.original(Splits.parse("{\"type\":\"Punctuation\"}"), "Hey friend!     How are you?!?")).containsExactly(
                s("Hey friend", 0, 10), s("!", 10, 11), s("     How are you", 11, 27), s("?", 27, 28), s("!", 28, 29), s("?", 29, 30));
    }

    @Test
    void punctuationHonoursItsBehavior() {
        PreTokenizer p = Splits.parse("{\"type\":\"Punctuation\",\"behavior\":\"MergedWithPrevious\"}");
        assertThat(Splits.original(p, "a!b??c")).containsExactly(s("a!", 0, 2), s("b?", 2, 4), s("?", 4, 5), s("c", 5, 6));
    }
}
