package dev.ferrite.tokenizers;

/** The unit token offsets are counted in. */
public enum OffsetUnit {
    /** UTF-16 code units: what {@link String#substring(int, int)} takes. The Java API's default. */
    UTF16,
    /** Unicode code points: what the Rust library reports to Python. */
    CODEPOINTS,
    /** UTF-8 bytes: what the Rust library computes internally. */
    BYTES
}
