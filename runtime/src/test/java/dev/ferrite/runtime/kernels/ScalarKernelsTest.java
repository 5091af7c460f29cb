package dev.ferrite.runtime.kernels;

class ScalarKernelsTest extends KernelsContract {
    @Override
    Kernels kernels() {
        return Kernels.scalar();
    }
}
