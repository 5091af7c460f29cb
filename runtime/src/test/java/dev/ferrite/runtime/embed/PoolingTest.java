package dev.ferrite.runtime.embed;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolingTest {
    /** Three sequences of a packed batch (2, 3 and 1 tokens, 2 values each). */
    private static final float[] PACKED = {1, 2, 3, 4, /* */ 10, 20, 30, 40, 50, 60, /* */ 7, 8};

    @Test
    void poolsASequenceInPlaceAsFromACopy() {
        for (Pooling pooling : Pooling.values()) {
            float[] copied = pooling.pool(Arrays.copyOfRange(PACKED, 4, 10), 3, 2);
            assertThat(pooling.pool(PACKED, 4, 3, 2)).as(pooling.label()).containsExactly(copied);
        }
        assertThat(Pooling.MEAN.pool(PACKED, 4, 3, 2)).containsExactly(30f, 40f);
        assertThat(Pooling.CLS.pool(PACKED, 4, 3, 2)).containsExactly(10f, 20f);
        assertThat(Pooling.LAST_TOKEN.pool(PACKED, 4, 3, 2)).containsExactly(50f, 60f);
        assertThat(Pooling.MEAN.pool(PACKED, 10, 1, 2)).containsExactly(7f, 8f);
    }

    @Test
    void rowsBeyondTheArrayAreAnError() {
        assertThatThrownBy(() -> Pooling.MEAN.pool(PACKED, 10, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at 10");
        assertThatThrownBy(() -> Pooling.MEAN.pool(PACKED, -2, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pooling.CLS.pool(PACKED, 0, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
