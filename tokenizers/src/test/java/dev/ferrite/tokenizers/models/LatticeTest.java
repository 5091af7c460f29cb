package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ported from the tests of Rust {@code models/unigram/lattice.rs}; positions are UTF-16 units here, bytes there. */
class LatticeTest {
    @Test
    void setSentence() {
        Lattice empty = new Lattice("", 1, 2);
        assertThat(empty.len()).isZero();
        assertThat(empty.sentence()).isEmpty();
        assertThat(empty.surface(0)).isEmpty();

        Lattice lattice = new Lattice("test", 1, 2);
        assertThat(lattice.len()).isEqualTo(4);
        assertThat(lattice.sentence()).isEqualTo("test");
        assertThat(lattice.surface(0)).isEqualTo("test");
        assertThat(lattice.surface(1)).isEqualTo("est");
        assertThat(lattice.surface(2)).isEqualTo("st");
        assertThat(lattice.surface(3)).isEqualTo("t");
        assertThat(lattice.id(lattice.bosNode())).isEqualTo(1);
        assertThat(lattice.id(lattice.eosNode())).isEqualTo(2);
        assertThat(lattice.id(lattice.endNodes(0).getFirst())).isEqualTo(1);
        assertThat(lattice.id(lattice.beginNodes(4).getFirst())).isEqualTo(2);

        Lattice japanese = new Lattice("テストab", 1, 2);
        assertThat(japanese.len()).isEqualTo(5); // 11 bytes in Rust
        assertThat(japanese.surface(0)).isEqualTo("テストab");
        assertThat(japanese.surface(1)).isEqualTo("ストab");
        assertThat(japanese.surface(2)).isEqualTo("トab");
        assertThat(japanese.surface(3)).isEqualTo("ab");
        assertThat(japanese.surface(4)).isEqualTo("b");
    }

    @Test
    void insert() {
        Lattice lattice = new Lattice("ABあい", 1, 2);
        lattice.insert(0, 1, 0.0, 3);
        lattice.insert(1, 1, 0.0, 4);
        lattice.insert(2, 1, 0.0, 5);
        lattice.insert(3, 1, 0.0, 6);
        lattice.insert(0, 2, 0.0, 7);
        lattice.insert(1, 2, 0.0, 8);
        lattice.insert(2, 2, 0.0, 9);
        // Nodes 0 and 1 are BOS and EOS.
        assertThat(List.of(2, 3, 4, 5, 6, 7, 8).stream().map(lattice::piece).toList())
                .containsExactly("A", "B", "あ", "い", "AB", "Bあ", "あい");
        assertThat(List.of(2, 3, 4, 5, 6, 7, 8).stream().map(lattice::pos).toList()).containsExactly(0, 1, 2, 3, 0, 1, 2);
        assertThat(List.of(2, 3, 4, 5, 6, 7, 8).stream().map(lattice::length).toList()).containsExactly(1, 1, 1, 1, 2, 2, 2);
        assertThat(List.of(2, 3, 4, 5, 6, 7, 8).stream().map(lattice::id).toList()).containsExactly(3, 4, 5, 6, 7, 8, 9);

        assertThat(lattice.beginNodes(0)).containsExactly(2, 6);
        assertThat(lattice.beginNodes(1)).containsExactly(3, 7);
        assertThat(lattice.beginNodes(2)).containsExactly(4, 8);
        assertThat(lattice.beginNodes(3)).containsExactly(5);
        assertThat(lattice.beginNodes(4)).containsExactly(lattice.eosNode());
        assertThat(lattice.endNodes(0)).containsExactly(lattice.bosNode());
        assertThat(lattice.endNodes(1)).containsExactly(2);
        assertThat(lattice.endNodes(2)).containsExactly(3, 6);
        assertThat(lattice.endNodes(3)).containsExactly(4, 7);
        assertThat(lattice.endNodes(4)).containsExactly(5, 8);
    }

    @Test
    void viterbiNeedsACompletePath() {
        Lattice lattice = new Lattice("ABC", 1, 2);
        assertThat(lattice.viterbi()).isEmpty();
        lattice.insert(0, 1, 0.0, 3);
        assertThat(lattice.viterbi()).isEmpty();
        lattice.insert(1, 1, 0.0, 4);
        lattice.insert(2, 1, 0.0, 5);
        assertThat(lattice.viterbi()).hasSize(3);
    }

    @Test
    void viterbiPicksTheBestPath() {
        Lattice lattice = new Lattice("ABC", 1, 2);
        lattice.insert(0, 1, 0.0, 3);
        lattice.insert(1, 1, 0.0, 4);
        lattice.insert(2, 1, 0.0, 5);
        assertThat(lattice.tokens()).containsExactly("A", "B", "C");
        lattice.insert(0, 2, 2.0, 6);
        assertThat(lattice.tokens()).containsExactly("AB", "C");
        lattice.insert(1, 2, 5.0, 7);
        assertThat(lattice.tokens()).containsExactly("A", "BC");
        lattice.insert(0, 3, 10.0, 8);
        assertThat(lattice.tokens()).containsExactly("ABC");
    }

    @Test
    void viterbiTiesKeepTheFirstInsertedNode() {
        Lattice lattice = new Lattice("AB", 1, 2);
        lattice.insert(0, 2, 1.0, 3);
        lattice.insert(0, 1, 0.5, 4);
        lattice.insert(1, 1, 0.5, 5);
        assertThat(lattice.tokens()).containsExactly("AB");
        Lattice reversed = new Lattice("AB", 1, 2);
        reversed.insert(0, 1, 0.5, 4);
        reversed.insert(1, 1, 0.5, 5);
        reversed.insert(0, 2, 1.0, 3);
        assertThat(reversed.tokens()).containsExactly("A", "B");
    }

    @Test
    void viterbiStepsOverSurrogatePairs() {
        Lattice lattice = new Lattice("a😀", 1, 2);
        lattice.insert(0, 1, 0.0, 3);
        lattice.insert(1, 2, 0.0, 4);
        assertThat(lattice.tokens()).containsExactly("a", "😀");
    }
}
