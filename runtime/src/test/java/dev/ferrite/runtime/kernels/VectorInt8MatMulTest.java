package dev.ferrite.runtime.kernels;

class VectorInt8MatMulTest extends Int8MatMulContract {
    @Override
    Int8MatMul kernel() {
        return Int8MatMul.vector();
    }

}
