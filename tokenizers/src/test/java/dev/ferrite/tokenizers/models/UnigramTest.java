package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ported from the tests of Rust {@code models/unigram/model.rs}, plus its quirks and UTF-16 offsets. */
class UnigramTest {
    private static List<Unigram.Piece> pieces(Object... tokenScorePairs) {
        List<Unigram.Piece> out = new ArrayList<>();
        for (int i = 0; i < tokenScorePairs.length; i += 2) {
            out.add(new Unigram.Piece((String) tokenScorePairs[i], ((Number) tokenScorePairs[i + 1]).doubleValue()));
        }
        return out;
    }

    private static Unigram model(List<Unigram.Piece> pieces) {
        return new Unigram(pieces, OptionalInt.of(0), false);
    }

    @Test
    void populateNodesUnk() {
        Unigram model = model(pieces("<unk>", 0.0));
        Lattice lattice = new Lattice("abc", 2, 3);
        model.populateNodes(lattice);
        for (int pos = 0; pos < 3; pos++) {
            assertThat(lattice.beginNodes(pos)).containsExactly(pos + 2);
            assertThat(lattice.id(pos + 2)).isZero();
        }
    }

    @Test
    void populateNodes() {
        Unigram model = model(pieces("<unk>", 0.0, "a", 0.1, "b", 0.2, "ab", 0.3, "bc", 0.4));
        Lattice lattice = new Lattice("abc", 6, 7);
        model.populateNodes(lattice);
        assertThat(lattice.beginNodes(0)).containsExactly(2, 3); // a, ab
        assertThat(lattice.beginNodes(1)).containsExactly(4, 5); // b, bc
        assertThat(lattice.beginNodes(2)).containsExactly(6); // c (unk)
        assertThat(List.of(2, 3, 4, 5, 6).stream().map(lattice::id).toList()).containsExactly(1, 3, 2, 4, 0);
    }

    @Test
    void encode() {
        Unigram model = model(pieces("<unk>", 0.0, "a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0, "cd", 1.0, "ab", 2.0, "abc", 5.0, "abcd", 10.0));
        assertThat(model.encode("abcd")).containsExactly("abcd");
        assertThat(model.encode("abcdacdxx")).containsExactly("abcd", "a", "cd", "xx");
    }

    @Test
    void encode2BothSearchesWithAndWithoutFusing() {
        List<Unigram.Piece> vocab = pieces("<unk>", 0.0, "ab", 0.0, "cd", -0.1, "abc", -0.2, "a", -0.3, "b", -0.4, "c", -0.5,
                "ABC", -0.5, "abcdabcd", 20.0, "q", 20.5, "r", 20.5, "qr", -0.5);
        Unigram fused = new Unigram(vocab, OptionalInt.of(0), false, true);
        Unigram unfused = new Unigram(vocab, OptionalInt.of(0), false, false);
        for (boolean optimized : new boolean[] {true, false}) {
            java.util.function.BiFunction<Unigram, String, List<String>> enc =
                    optimized ? Unigram::encode : Unigram::encodeWithLattice;
            assertThat(enc.apply(fused, "abc")).containsExactly("abc");
            assertThat(enc.apply(fused, "AB")).containsExactly("AB");
            assertThat(enc.apply(unfused, "AB")).containsExactly("A", "B");
            assertThat(enc.apply(fused, "abcd")).containsExactly("ab", "cd");
            assertThat(enc.apply(fused, "abcc")).containsExactly("abc", "c");
            assertThat(enc.apply(fused, "xabcabaabcdd")).containsExactly("x", "abc", "ab", "a", "ab", "cd", "d");
            assertThat(enc.apply(unfused, "xyz東京")).containsExactly("x", "y", "z", "東", "京");
            assertThat(enc.apply(fused, "xyz東京")).containsExactly("xyz東京");
            assertThat(enc.apply(fused, "ABC")).containsExactly("ABC");
            assertThat(enc.apply(fused, "abABCcd")).containsExactly("ab", "ABC", "cd");
            assertThat(enc.apply(fused, "ababcdabcdcd")).containsExactly("ab", "abcdabcd", "cd");
            assertThat(enc.apply(fused, "abqrcd")).containsExactly("ab", "q", "r", "cd");
        }
    }

    @Test
    void byteFallback() {
        Unigram model = new Unigram(pieces("<unk>", 0.0, "<0xC3>", -0.01, "<0xA9>", -0.03), OptionalInt.of(0), true);
        // Both byte tokens carry the offsets of the character (one UTF-16 unit; two bytes in Rust).
        assertThat(model.tokenize("é")).containsExactly(new Token(1, "<0xC3>", 0, 1), new Token(2, "<0xA9>", 0, 1));
        // "?é" is one unknown run; "?" has no byte token, so the whole run is unk, keeping its text.
        assertThat(model.tokenize("?é")).containsExactly(new Token(0, "?é", 0, 2));
    }

    @Test
    void unknownRunsKeepTheirTextAndUtf16Offsets() {
        Unigram model = model(pieces("<unk>", -1.0, "a", -1.0));
        assertThat(model.tokenize("a😀😀a")).containsExactly(
                new Token(1, "a", 0, 1), new Token(0, "😀😀", 1, 5), new Token(1, "a", 5, 6));
    }

    @Test
    void theUnkPieceInTheTextIsFusedWithUnknowns() {
        // The trie finds "<unk>" itself; its node has the unk id, so it joins the neighbouring
        // unknown characters, and the fused text is then not in the vocabulary.
        Unigram model = model(pieces("<unk>", 5.0, "a", -1.0));
        assertThat(model.tokenize("x<unk>a")).containsExactly(new Token(0, "x<unk>", 0, 6), new Token(1, "a", 6, 7));
        assertThat(model.tokenize("<unk>")).containsExactly(new Token(0, "<unk>", 0, 5));
    }

    @Test
    void aFusedRunThatSpellsAPieceTakesThatPiecesId() {
        // unk score = 100 - 10 = 90; two unknowns (180) beat the piece "xy" (100), and the fused
        // text "xy" is then found in the vocabulary.
        Unigram model = model(pieces("<unk>", 100.0, "xy", 100.0));
        assertThat(model.tokenize("xy")).containsExactly(new Token(1, "xy", 0, 2));
    }

    @Test
    void duplicatePiecesLastOneWins() {
        Unigram model = model(pieces("<unk>", 0.0, "a", -5.0, "b", -1.0, "a", -1.0));
        assertThat(model.tokenToId("a")).isEqualTo(3);
        assertThat(model.tokenize("ab")).containsExactly(new Token(3, "a", 0, 1), new Token(2, "b", 1, 2));
        assertThat(model.vocabSize()).isEqualTo(4);
        assertThat(model.idToToken(1)).isEqualTo("a");
    }

    @Test
    void theEmptyPieceIsNeverMatched() {
        Unigram model = model(pieces("<unk>", 0.0, "", 10.0, "a", -1.0));
        assertThat(model.tokenize("a")).containsExactly(new Token(2, "a", 0, 1));
    }

    @Test
    void withoutUnkIdAnUnknownThatLosesIsNoError() {
        // At "a" nothing starts; its unk candidate (-1 - 11) does not beat "xa" (-1), so Rust never
        // asks for the unk id.
        Unigram loses = new Unigram(pieces("x", -1.0, "xa", -1.0, "b", -1.0), OptionalInt.empty(), false);
        assertThat(loses.tokenize("xab")).containsExactly(new Token(1, "xa", 0, 2), new Token(2, "b", 2, 3));
        // Here it would win (20 + 0 - 10 > 0), and Rust fails.
        Unigram wins = new Unigram(pieces("x", 20.0, "xa", 0.0, "b", 0.0), OptionalInt.empty(), false);
        assertThatThrownBy(() -> wins.tokenize("xab")).isInstanceOf(TokenizerException.class).hasMessageContaining("unk_id");
    }

    @Test
    void emptyVocabulary() {
        Unigram empty = new Unigram(List.of(), OptionalInt.empty(), false);
        assertThat(empty.tokenize("")).isEmpty();
        assertThat(empty.minScore()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> empty.tokenize("a")).isInstanceOf(TokenizerException.class);
        assertThatThrownBy(() -> new Unigram(List.of(), OptionalInt.of(0), false))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Unigram(pieces("a", 0.0), OptionalInt.of(1), false))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("unk_id");
    }

    @Test
    void tiesKeepTheEarlierCandidate() {
        // "ab" (start 0) is seen before "a" + "b" reaches the same end with an equal score.
        Unigram model = model(pieces("<unk>", 0.0, "a", -1.0, "b", -1.0, "ab", -2.0));
        assertThat(model.encode("ab")).containsExactly("ab");
        assertThat(model.encodeWithLattice("ab")).containsExactly("ab");
    }

    @Test
    void vocabularyLookups() {
        Unigram model = model(pieces("<unk>", 0.0, "a", -0.5));
        assertThat(model.tokenToId("a")).isEqualTo(1);
        assertThat(model.tokenToId("b")).isEqualTo(-1);
        assertThat(model.idToToken(0)).isEqualTo("<unk>");
        assertThat(model.idToToken(2)).isNull();
        assertThat(model.vocabSize()).isEqualTo(2);
        assertThat(model.unkId()).hasValue(0);
        assertThat(model.pieces()).containsExactly(new Unigram.Piece("<unk>", 0.0), new Unigram.Piece("a", -0.5));
        assertThat(Unigram.byteToken(0xAB)).isEqualTo("<0xAB>");
    }
}
