package dev.ferrite.runtime.kernels;

class ScalarDynamicQuantizerTest extends DynamicQuantizerContract {
    @Override
    DynamicQuantizer quantizer() {
        return DynamicQuantizer.scalar();
    }
}
