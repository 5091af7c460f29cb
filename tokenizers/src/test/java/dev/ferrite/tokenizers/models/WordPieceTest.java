package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WordPiece behaviour as Rust {@code models/wordpiece/mod.rs} defines it. */
class WordPieceTest {
    private static final Map<String, Integer> VOCAB = Map.of(
            "[UNK]", 0, "un", 1, "##aff", 2, "##able", 3, "una", 4, "##ff", 5, "a", 6, "##", 7, "##b", 8, "😀", 9);

    private static WordPiece model(long maxChars) {
        return new WordPiece(VOCAB, "[UNK]", "##", maxChars);
    }

    @Test
    void theDirectSplitAndTheSingleUnitLookupAgreeWithTokenize() {
        // What BertFastPath uses once the cache is saturated, and for words of one unit.
        String[] parts = {"un", "a", "ff", "able", "b", "x", "#", "😀", "\uD83D", "\uDE00", "ü"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (long maxChars : new long[] {0, 1, 3, 100}) {
            WordPiece withUnk = model(maxChars);
            Map<String, Integer> noUnkVocab = new java.util.HashMap<>(VOCAB);
            noUnkVocab.remove("[UNK]");
            WordPiece withoutUnk = new WordPiece(noUnkVocab, "[UNK]", "##", maxChars);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder b = new StringBuilder();
                for (int k = 1 + random.nextInt(5); k > 0; k--) b.append(parts[random.nextInt(parts.length)]);
                String word = b.toString();
                for (WordPiece m : new WordPiece[] {withUnk, withoutUnk}) {
                    java.util.List<Token> expected;
                    try {
                        expected = m.tokenize(word);
                    } catch (TokenizerException e) {
                        expected = null;
                    }
                    WordTokens out = new WordTokens();
                    boolean done = m.splitInto(word.toCharArray(), word.length(), out);
                    assertThat(done).as(word).isEqualTo(expected != null);
                    if (done) assertThat(out.toTokens(m)).as(word).isEqualTo(expected);
                    if (word.length() == 1 && !Character.isSurrogate(word.charAt(0))) {
                        int id = m.singleUnitId(word.charAt(0));
                        assertThat(id).as(word).isEqualTo(expected == null ? -1 : expected.getFirst().id());
                    }
                }
            }
        }
    }

    @Test
    void theSingleUnitLookupAgreesWithTokenizeAcrossItsLatin1Table() {
        // Units below 0x100 are answered from a table built at load, the others by the trie.
        Map<String, Integer> vocab = new java.util.HashMap<>(VOCAB);
        vocab.put("\u00FF", 90);
        vocab.put("\u0100", 91);
        vocab.put(",", 92);
        for (long maxChars : new long[] {0, 1, 100}) {
            WordPiece m = new WordPiece(vocab, "[UNK]", "##", maxChars);
            for (char c = 0; c < 0x180; c++) {
                String word = String.valueOf(c);
                assertThat(m.singleUnitId(c)).as("U+%04X", (int) c).isEqualTo(m.tokenize(word).getFirst().id());
            }
        }
    }

    @Test
    void greedyLongestMatchFirst() {
        // "una" is longer than "un", so it wins, even though "un ##aff ##able" would also work.
        assertThat(model(100).tokenize("unaffable")).containsExactly(
                new Token(4, "una", 0, 3), new Token(5, "##ff", 3, 5), new Token(3, "##able", 5, 9));
    }

    @Test
    void aWordWithAnUnmatchablePartIsOneUnknown() {
        assertThat(model(100).tokenize("unaffablex")).containsExactly(new Token(0, "[UNK]", 0, 10));
        assertThat(model(100).tokenize("xa")).containsExactly(new Token(0, "[UNK]", 0, 2));
    }

    @Test
    void thePrefixAloneNeverMatches() {
        // "##" is in the vocabulary but a piece is never empty.
        assertThat(model(100).tokenize("ab")).containsExactly(new Token(6, "a", 0, 1), new Token(8, "##b", 1, 2));
        assertThat(model(100).tokenize("a#")).containsExactly(new Token(0, "[UNK]", 0, 2));
    }

    @Test
    void emptyInputGivesNoTokens() {
        assertThat(model(100).tokenize("")).isEmpty();
        assertThat(model(0).tokenize("")).isEmpty();
    }

    @Test
    void theLimitCountsScalarValuesAndOffsetsAreUtf16() {
        assertThat(model(2).tokenize("😀😀")).containsExactly(new Token(0, "[UNK]", 0, 4)); // no ##😀
        assertThat(new WordPiece(Map.of("[UNK]", 0, "😀", 1, "##😀", 2), "[UNK]", "##", 2).tokenize("😀😀"))
                .containsExactly(new Token(1, "😀", 0, 2), new Token(2, "##😀", 2, 4));
        assertThat(new WordPiece(Map.of("[UNK]", 0, "😀", 1, "##😀", 2), "[UNK]", "##", 2).tokenize("😀😀😀"))
                .containsExactly(new Token(0, "[UNK]", 0, 6));
        assertThat(model(3).tokenize("unaf")).containsExactly(new Token(0, "[UNK]", 0, 4));
    }

    @Test
    void anEmptyPrefixIsAllowed() {
        WordPiece wp = new WordPiece(Map.of("a", 0, "b", 1, "ab", 2, "<unk>", 3), "<unk>", "", 100);
        assertThat(wp.tokenize("aba")).containsExactly(new Token(2, "ab", 0, 2), new Token(0, "a", 2, 3));
    }

    @Test
    void aMissingUnkTokenFailsOnlyWhenNeeded() {
        // Rust builds the model and reports MissingUnkToken from tokenize.
        WordPiece wp = new WordPiece(Map.of("a", 0, "##b", 1), "[UNK]", "##", 100);
        assertThat(wp.tokenize("ab")).hasSize(2);
        assertThatThrownBy(() -> wp.tokenize("abc")).isInstanceOf(TokenizerException.class).hasMessageContaining("[UNK]");
    }

    @Test
    void vocabularyLookups() {
        WordPiece wp = model(100);
        assertThat(wp.tokenToId("##able")).isEqualTo(3);
        assertThat(wp.tokenToId("nope")).isEqualTo(-1);
        assertThat(wp.idToToken(9)).isEqualTo("😀");
        assertThat(wp.idToToken(10)).isNull();
        assertThat(wp.idToToken(-1)).isNull();
        assertThat(wp.vocabSize()).isEqualTo(10);
    }

    @Test
    void sparseIdsAreLookedUpWithoutADenseArray() {
        WordPiece wp = new WordPiece(Map.of("[UNK]", 2_000_000_000, "a", 5), "[UNK]", "##", 100);
        assertThat(wp.idToToken(2_000_000_000)).isEqualTo("[UNK]");
        assertThat(wp.tokenize("b")).containsExactly(new Token(2_000_000_000, "[UNK]", 0, 1));
        assertThat(wp.vocabSize()).isEqualTo(2);
    }
}
