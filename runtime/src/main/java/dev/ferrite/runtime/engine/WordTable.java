package dev.ferrite.runtime.engine;

import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.io.BinaryReader;
import dev.ferrite.runtime.io.BinaryWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A model's word embeddings {@code [vocab, hidden]} off the heap, read one row per token: float32,
 * or for a quantized model the int8/uint8 codes with their scale and zero point, dequantized as a
 * row is read (a quarter of the memory: MiniLM's table is 47 MB as floats, 11.7 MB as codes), with
 * the same float32 arithmetic as dequantizing the whole table at load.
 *
 * <p>Why off the heap: the table is the largest tensor of the model, and the JVM sizes its heap in
 * proportion to what it holds (G1 keeps up to about 3x the live data committed after a full
 * collection): off-heap it costs its own size only. A float32 table of a mapped model file is read
 * in place (rows come into memory as tokens use them; the file must not be rewritten in place while
 * loaded, only replaced); any other is copied into a segment freed with this object (from the model's
 * bytes in memory where the tensor is still a view of them: never a heap array of 47 MB for MiniLM).
 */
final class WordTable {
    /** How float32 rows are stored: as in the model file, whether read in place or copied. */
    private static final ValueLayout.OfFloat LITTLE_ENDIAN = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final int rows;
    private final int width;
    private final MemorySegment data;
    /** Whether {@link #data} holds codes (else float32 values), and how they dequantize; not the codes' heap array. */
    private final boolean quantized;
    private final boolean signed;
    private final float scale;
    private final int zeroPoint;

    WordTable(Tensor table) {
        this.rows = Math.toIntExact(table.shape()[0]);
        this.width = Math.toIntExact(table.shape()[1]);
        switch (table.data()) {
            case TensorData.Floats f -> {
                data = f.mappedBytes().orElseGet(() -> f.bytes().map(WordTable::copy).orElseGet(() -> copy(f.values())));
                quantized = false;
                signed = false;
                scale = 1;
                zeroPoint = 0;
            }
            case TensorData.Dequantized d -> {
                data = copy(MemorySegment.ofArray(d.codes()));
                quantized = true;
                signed = d.signed();
                scale = d.scale();
                zeroPoint = d.zeroPoint();
            }
            default -> throw new IllegalArgumentException("word embeddings '" + table.name() + "' are not float32");
        }
    }

    /** A table written by {@link #write}, reading its rows in place from {@code in}'s segment. */
    WordTable(BinaryReader in) {
        this.rows = in.readInt();
        this.width = in.readInt();
        this.quantized = in.readBoolean();
        this.signed = in.readBoolean();
        this.scale = in.readFloat();
        this.zeroPoint = in.readInt();
        this.data = in.readBlock();
        if (rows <= 0 || width <= 0 || data.byteSize() != (long) rows * width * (quantized ? 1 : Float.BYTES)) {
            throw new BinaryReader.DamagedFileException("a word table of [" + rows + ", " + width + "] in " + data.byteSize() + " bytes");
        }
    }

    void write(BinaryWriter out) throws IOException {
        out.writeInt(rows);
        out.writeInt(width);
        out.writeBoolean(quantized);
        out.writeBoolean(signed);
        out.writeFloat(scale);
        out.writeInt(zeroPoint);
        out.writeBlock(data);
    }

    private static MemorySegment copy(MemorySegment bytes) {
        MemorySegment data = Arena.ofAuto().allocate(bytes.byteSize(), 64);
        MemorySegment.copy(bytes, 0, data, 0, bytes.byteSize());
        return data;
    }

    private static MemorySegment copy(float[] values) {
        MemorySegment data = Arena.ofAuto().allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, data, LITTLE_ENDIAN, 0, values.length);
        return data;
    }

    /** Number of rows (the vocabulary). */
    int rows() {
        return rows;
    }

    /** {@code h[o .. o + width)} = row {@code id}, which the caller has checked is in range. */
    void read(int id, float[] h, int o) {
        long at = (long) id * width;
        if (!quantized) {
            MemorySegment.copy(data, LITTLE_ENDIAN, at * Float.BYTES, h, o, width);
            return;
        }
        for (int c = 0; c < width; c++) {
            h[o + c] = TensorData.Dequantized.dequantize(data.get(ValueLayout.JAVA_BYTE, at + c), signed, scale, zeroPoint);
        }
    }
}
