package dev.ferrite.runtime.embed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimilarityTest {
    @Test
    void cosineOfParallelOrthogonalAndOppositeVectors() {
        assertThat(Similarity.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isCloseTo(1, within(1e-12));
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {0, 5})).isEqualTo(0);
        assertThat(Similarity.cosine(new float[] {1, 1}, new float[] {-1, -1})).isCloseTo(-1, within(1e-12));
    }

    @Test
    void aZeroVectorHasCosineZero() {
        assertThat(Similarity.cosine(new float[] {0, 0}, new float[] {1, 2})).isEqualTo(0);
    }

    @Test
    void vectorsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> Similarity.cosine(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 3");
    }
}
