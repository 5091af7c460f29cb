package dev.ferrite.runtime.graph;

/**
 * One dimension of a declared tensor shape: a fixed size, or a dynamic one (batch, sequence)
 * known only when the graph runs. A dynamic dimension keeps the symbol the model file gave it
 * ({@code "batch_size"}, {@code "sequence_length"}...); equal symbols mean equal sizes.
 */
public sealed interface Dim {

    /** A size known when the model is loaded. */
    record Fixed(long size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("negative dimension " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A size known only at run time; {@code symbol} is empty where the file named none. */
    record Dynamic(String symbol) implements Dim {
        @Override
        public String toString() {
            return symbol.isEmpty() ? "?" : symbol;
        }
    }
}
