package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorKernelsTest extends KernelsContract {
    @Override
    Kernels kernels() {
        return Kernels.vector();
    }

    @Test
    void theTestJvmHasTheVectorApi() {
        assertThat(Kernels.best()).isSameAs(Kernels.vector());
    }
}
