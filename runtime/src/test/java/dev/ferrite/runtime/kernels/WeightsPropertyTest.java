package dev.ferrite.runtime.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ferrite.weights} system property: off-heap unless it says heap; anything else is refused by name. */
@Isolated
class WeightsPropertyTest {
    @AfterEach
    void clear() {
        System.clearProperty(Kernels.WEIGHTS_PROPERTY);
    }

    @Test
    void offHeapByDefaultAndHeapOnRequest() {
        System.clearProperty(Kernels.WEIGHTS_PROPERTY);
        assertThat(Kernels.offHeapWeights()).isTrue();
        System.setProperty(Kernels.WEIGHTS_PROPERTY, "heap");
        assertThat(Kernels.offHeapWeights()).isFalse();
        System.setProperty(Kernels.WEIGHTS_PROPERTY, "offheap");
        assertThat(Kernels.offHeapWeights()).isTrue();
    }

    @Test
    void anUnknownValueIsRefusedNamingTheProperty() {
        System.setProperty(Kernels.WEIGHTS_PROPERTY, "gpu");
        assertThatThrownBy(() -> Kernels.vector().linear(new float[4], 2, 2, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ferrite.weights").hasMessageContaining("'gpu'").hasMessageContaining("heap or offheap");
    }
}
