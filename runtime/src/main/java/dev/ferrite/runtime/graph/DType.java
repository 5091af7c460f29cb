package dev.ferrite.runtime.graph;

/**
 * Element types a tensor of the graph IR can hold. {@link #byteSize()} is the size of one element
 * as stored (little-endian) in a model file; {@code BOOL} is one byte per element.
 */
public enum DType {
    FLOAT32(4),
    FLOAT16(2),
    BFLOAT16(2),
    DOUBLE(8),
    INT8(1),
    UINT8(1),
    INT16(2),
    UINT16(2),
    INT32(4),
    UINT32(4),
    INT64(8),
    UINT64(8),
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element in a model file. */
    public int byteSize() {
        return byteSize;
    }

    /** Lower-case name as written in error messages and docs ({@code float32}, {@code int64}...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
