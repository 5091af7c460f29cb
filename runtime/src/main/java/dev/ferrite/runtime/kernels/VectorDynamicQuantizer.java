package dev.ferrite.runtime.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DynamicQuantizer} on the Vector API: a vector body and the scalar reference for the tail.
 *
 * <p>Rounding half to even without a rint lane operation: for |v| < 2^22, {@code (v + 1.5 * 2^23) - 1.5 * 2^23}
 * in float32 is rint(v), because the sum lies in [2^23, 2^24) where the float32 step is exactly 1
 * and IEEE addition rounds to nearest even (1.5 * 2^23 is even, so ties go to the even integer).
 * v is clamped to [-512, 512] first, which changes nothing after saturation (the zero point is in
 * [0, 255]) and keeps it in the trick's domain.
 */
final class VectorDynamicQuantizer implements DynamicQuantizer {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** One byte per float lane: the byte species of the float species' lane count. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
            jdk.incubator.vector.VectorShape.forBitSize(F.length() * 8));
    private static final float ROUNDER = 12582912f; // 1.5 * 2^23
    /** Lane i of a vector goes to element {@code 8 * i}: a row of a group of 8 in the int8 kernel's centered layout. */
    private static final int[] STRIDE_8 = java.util.stream.IntStream.range(0, F.length()).map(i -> 8 * i).toArray();
    /** Declared after the constants its constructor reads. */
    static final VectorDynamicQuantizer INSTANCE = new VectorDynamicQuantizer();

    private VectorDynamicQuantizer() {
    }

    @Override
    public void range(float[] x, int from, int to, float[] minMax) {
        FloatVector min = FloatVector.broadcast(F, minMax[0]);
        FloatVector max = FloatVector.broadcast(F, minMax[1]);
        int i = from;
        for (int end = from + F.loopBound(to - from); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            min = min.min(v);
            max = max.max(v);
        }
        minMax[0] = min.reduceLanes(VectorOperators.MIN);
        minMax[1] = max.reduceLanes(VectorOperators.MAX);
        ScalarDynamicQuantizer.INSTANCE.range(x, i, to, minMax);
    }

    @Override
    public void quantize(float[] x, int from, int to, QuantParams params, byte[] q, int qFrom) {
        FloatVector scale = FloatVector.broadcast(F, params.scale());
        FloatVector zero = FloatVector.broadcast(F, params.zeroPoint());
        int i = from;
        for (int end = from + F.loopBound(to - from); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i).div(scale).max(-512f).min(512f);
            FloatVector r = v.add(ROUNDER).sub(ROUNDER).add(zero).max(0f).min(255f);
            // Exact small integers: float to int, then truncate each int to its low byte (0..255 as bits).
            IntVector codes = (IntVector) r.convertShape(VectorOperators.F2I, I, 0);
            ((ByteVector) codes.convertShape(VectorOperators.I2B, B, 0)).intoArray(q, qFrom + i - from);
        }
        ScalarDynamicQuantizer.INSTANCE.quantize(x, i, to, params, q, qFrom + i - from);
    }

    /**
     * {@code out[at + i * stride] = code(x[from + i]) - zeroPoint} for i in [0, count), as float: the
     * centered codes {@link VectorInt8MatMul#multiplyCentered} multiplies, the same integers as
     * {@link #quantize} then subtracting the zero point; {@code stride} 1 or 8 (a row of a group of
     * 8, see {@link VectorInt8MatMul#centeredStart}).
     */
    void quantizeCentered(float[] x, int from, int count, QuantParams params, float[] out, int at, int stride) {
        if (stride != 1 && stride != 8) throw new IllegalArgumentException("stride " + stride + ", not 1 or 8");
        FloatVector scale = FloatVector.broadcast(F, params.scale());
        FloatVector zero = FloatVector.broadcast(F, params.zeroPoint());
        int i = 0;
        for (int end = F.loopBound(count); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, from + i).div(scale).max(-512f).min(512f);
            FloatVector c = v.add(ROUNDER).sub(ROUNDER).add(zero).max(0f).min(255f).sub(zero);
            if (stride == 1) {
                c.intoArray(out, at + i);
            } else {
                c.intoArray(out, at + i * stride, STRIDE_8, 0);
            }
        }
        for (; i < count; i++) {
            out[at + i * stride] = ScalarDynamicQuantizer.code(x[from + i], params) - params.zeroPoint();
        }
    }
}
