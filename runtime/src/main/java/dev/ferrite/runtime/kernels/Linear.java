package dev.ferrite.runtime.kernels;

/**
 * A fully connected layer with its weights prepared at load time: {@code y = act(x · W + b + r)}.
 * Implementations differ in how W is stored (packed float32 panels off-heap, or a quantized form).
 *
 * <p>Thread-safe: the weights are read only.
 */
public interface Linear {
    /** K: the width of an input row. */
    int inFeatures();

    /** N: the width of an output row. */
    int outFeatures();

    /**
     * {@code y[r, :] = act(x[r, :] · W + bias + residual[r, :])} for rows {@code 0 .. rows-1}.
     *
     * @param x        input, row-major {@code [rows, inFeatures]} from index 0
     * @param y        output, row-major {@code [rows, outFeatures]} from index 0; distinct from x
     * @param residual null, or {@code [rows, outFeatures]} added before the activation; distinct from y
     */
    void forward(ComputePool pool, float[] x, int rows, float[] y, float[] residual, Activation act);

    /**
     * The same over packed sequences: rows {@code starts[s] .. starts[s+1]-1} are sequence s,
     * {@code starts[last]} rows in all. A layer whose result depends on more than one row (one
     * quantization scale per sequence: {@link Int8Linear}) keeps each sequence to its own rows;
     * a row-by-row layer ignores the grouping.
     */
    default void forward(ComputePool pool, float[] x, int[] starts, float[] y, float[] residual, Activation act) {
        forward(pool, x, starts[starts.length - 1], y, residual, act);
    }
}
