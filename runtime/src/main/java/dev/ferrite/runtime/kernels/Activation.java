package dev.ferrite.runtime.kernels;

/** What a {@link Linear} applies to each output element after the bias (and residual) are added. */
public enum Activation {
    NONE,
    /** The exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}, as BERT's "gelu". */
    GELU
}
