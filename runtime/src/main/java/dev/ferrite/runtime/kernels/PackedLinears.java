package dev.ferrite.runtime.kernels;

import dev.ferrite.runtime.io.BinaryReader;
import dev.ferrite.runtime.io.BinaryWriter;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Writes the Vector API layers as they are packed ({@link VectorLinear}'s float32 panels,
 * {@link Int8Linear}'s int8 panels with their scales and zero points) and reads them back as
 * layers over the file's bytes, so a model prepared once need not be packed again (see
 * {@code dev.ferrite.runtime.embed.EncoderCache}). The packing depends on the vector width
 * and byte order: {@link #layout()} names them, and a file written under another layout is not read.
 */
public final class PackedLinears {
    private static final int FLOAT32 = 1;
    private static final int INT8 = 2;

    private PackedLinears() {
    }

    /** The packing layouts of this JVM on this machine; part of a prepared file's identity. */
    public static String layout() {
        return "fp32 panels of " + VectorLinear.NR + " columns, int8 panels of " + Int8Weights.PANEL + " columns, "
                + ByteOrder.nativeOrder();
    }

    /** Whether {@link #write} can write {@code linear}: a Vector API layer with its weights off the heap. */
    public static boolean writable(Linear linear) {
        return switch (linear) {
            case VectorLinear v -> v.panelData().isNative();
            case Int8Linear q -> q.weights().packed.isNative() && q.isVector();
            default -> false;
        };
    }

    /** Writes {@code linear}, which must be {@link #writable}. */
    public static void write(Linear linear, BinaryWriter out) throws IOException {
        switch (linear) {
            case VectorLinear v when writable(v) -> {
                out.writeInt(FLOAT32);
                out.writeInt(v.inFeatures());
                out.writeInt(v.outFeatures());
                out.writeFloats(v.paddedBias());
                out.writeBlock(v.panelData());
            }
            case Int8Linear q when writable(q) -> {
                Int8Weights w = q.weights();
                out.writeInt(INT8);
                out.writeInt(w.k);
                out.writeInt(w.n);
                out.writeBoolean(w.signed);
                out.writeInts(w.zeroPoints);
                out.writeFloats(w.scales);
                out.writeFloats(w.bias);
                out.writeFloats(w.panelZeros);
                out.writeBlock(w.packed);
            }
            default -> throw new IllegalArgumentException(linear + " cannot be written");
        }
    }

    /**
     * A layer written by {@link #write}, reading its panels in place from {@code in}'s segment (which
     * must outlive the layer), on the Vector API kernels.
     *
     * @throws BinaryReader.DamagedFileException when the file does not hold such a layer
     */
    public static Linear read(BinaryReader in) {
        int kind = in.readInt();
        try {
            return switch (kind) {
                case FLOAT32 -> new VectorLinear(in.readInt(), in.readInt(), in.readFloats(), in.readBlock());
                case INT8 -> Int8Linear.of(Int8Weights.restore(in.readInt(), in.readInt(), in.readBoolean(), in.readInts(),
                        in.readFloats(), in.readFloats(), in.readFloats(), in.readBlock()), Kernels.vector());
                default -> throw new BinaryReader.DamagedFileException("a layer kind (1 or 2), found " + kind);
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BinaryReader.DamagedFileException("a packed layer: " + e.getMessage());
        }
    }
}
