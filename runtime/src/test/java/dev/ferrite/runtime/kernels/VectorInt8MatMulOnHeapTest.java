package dev.ferrite.runtime.kernels;

/** The vector kernel's battery with the packed panels in a heap array instead of off-heap memory. */
class VectorInt8MatMulOnHeapTest extends Int8MatMulContract {
    @Override
    Int8MatMul kernel() {
        return Int8MatMul.vector();
    }

    @Override
    Int8Weights.Storage storage() {
        return Int8Weights.Storage.HEAP;
    }
}
