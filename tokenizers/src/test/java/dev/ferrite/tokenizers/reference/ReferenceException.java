package dev.ferrite.tokenizers.reference;

/**
 * The Rust library refused a call (its {@code Result} was an error, thrown by DJL's JNI layer as a
 * plain {@code RuntimeException}: {@link #refusedByHarness()} is false), or {@link RustReference}
 * refused to make a call that would abort the JVM or mangle its input ({@link #refusedByHarness()}
 * is true: the test asked for something the reference cannot answer).
 */
public final class ReferenceException extends RuntimeException {
    private final boolean refusedByHarness;

    /** The harness refuses the call. */
    public ReferenceException(String message) {
        super(message);
        this.refusedByHarness = true;
    }

    /** The Rust library returned an error. */
    public ReferenceException(String message, Throwable cause) {
        super(message, cause);
        this.refusedByHarness = false;
    }

    /** True when the call never reached the Rust library. */
    public boolean refusedByHarness() {
        return refusedByHarness;
    }
}
