package dev.ferrite.runtime.kernels;

class ScalarInt8MatMulTest extends Int8MatMulContract {
    @Override
    Int8MatMul kernel() {
        return Int8MatMul.scalar();
    }
}
