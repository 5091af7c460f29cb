package dev.ferrite.tokenizers.reference;

/**
 * The reference could not answer: the Rust library returned an error, or {@link RustReference}
 * refused a call that would abort the JVM or mangle its input. {@link #kind()} says which.
 */
public final class ReferenceException extends RuntimeException {
    /** Why the reference gave no answer. */
    public enum Kind {
        /** Rust returned {@code Err} (thrown by the JNI layer as a RuntimeException). Ferrite should throw too. */
        RUST_ERROR,
        /**
         * Rust would panic (and so abort the JVM); the harness did not call it. The Rust library rejects
         * the input, so Ferrite should throw too.
         */
        WOULD_PANIC,
        /** The input cannot reach the Rust library intact through JNI (a lone surrogate); nothing to compare. */
        UNREPRESENTABLE_INPUT
    }

    private final Kind kind;

    public ReferenceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ReferenceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the call never reached the Rust library. */
    public boolean refusedByHarness() {
        return kind != Kind.RUST_ERROR;
    }
}
