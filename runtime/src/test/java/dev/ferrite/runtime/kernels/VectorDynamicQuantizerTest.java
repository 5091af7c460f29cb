package dev.ferrite.runtime.kernels;

class VectorDynamicQuantizerTest extends DynamicQuantizerContract {
    @Override
    DynamicQuantizer quantizer() {
        return DynamicQuantizer.vector();
    }
}
