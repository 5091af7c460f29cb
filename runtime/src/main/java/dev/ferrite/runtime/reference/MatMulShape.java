package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.graph.Node;
import java.util.Arrays;

/**
 * The shapes of a numpy matmul of rank >= 2 operands, shared by MatMul and MatMulInteger: A's
 * {@code [..., m, k]} by B's {@code [..., k, n]}, batch dimensions broadcast.
 *
 * @param shape the output shape, {@code [...batch, m, n]}
 */
record MatMulShape(int m, int k, int n, int[] batch, int[] stridesA, int[] stridesB, int[] shape) {
    /** The body of one batch entry: where its A, B and output matrices start (row-major). */
    @FunctionalInterface
    interface Body {
        void run(int offA, int offB, int offC);
    }

    /** Checks that {@code a} and {@code b} can be multiplied, naming {@code node} if not. */
    static MatMulShape of(Node node, NdArray a, NdArray b) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw Op.fail(node, "the reference executor multiplies rank >= 2 only, not " + a + " by " + b);
        }
        int m = a.dim(a.rank() - 2);
        int k = a.dim(a.rank() - 1);
        int n = b.dim(b.rank() - 1);
        if (b.dim(b.rank() - 2) != k) {
            throw Op.fail(node, "cannot multiply " + a + " by " + b + ": inner dimensions " + k + " and "
                    + b.dim(b.rank() - 2) + " differ");
        }
        int[] batchA = Arrays.copyOf(a.shape(), a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.shape(), b.rank() - 2);
        int[] batch = ElementwiseOps.broadcast(node, batchA, batchB);
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        return new MatMulShape(m, k, n, batch, ElementwiseOps.broadcastStrides(batchA, batch),
                ElementwiseOps.broadcastStrides(batchB, batch), shape);
    }

    /** Runs {@code body} for each entry of the broadcast batch, in output order. */
    void forEachBatch(Body body) {
        int[] idx = new int[batch.length];
        for (int t = 0, batches = NdArray.size(batch); t < batches; t++) {
            int offA = 0;
            int offB = 0;
            for (int d = 0; d < batch.length; d++) {
                offA += idx[d] * stridesA[d];
                offB += idx[d] * stridesB[d];
            }
            body.run(offA * m * k, offB * k * n, t * m * n);
            for (int d = batch.length - 1; d >= 0 && ++idx[d] == batch[d]; d--) {
                idx[d] = 0;
            }
        }
    }
}
