package dev.ferrite.runtime.onnx;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Tensor;
import dev.ferrite.runtime.graph.TensorData;
import dev.ferrite.runtime.onnx.proto.Onnx.StringStringEntryProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@code TensorProto} into a {@link Tensor}, reading its elements from {@code raw_data},
 * from the typed repeated fields, or from an external data file beside the model. Every mismatch
 * (unknown type, element count against shape, external range past the end of its file, a location
 * outside the model's directory) is a {@link ModelException} naming the tensor.
 */
final class TensorReader {
    private final String source;
    /** Directory external data locations are relative to; null where the model has none. */
    private final Path externalDir;
    private final Map<Path, FileChannel> openFiles = new HashMap<>();

    TensorReader(String source, Path externalDir) {
        this.source = source;
        this.externalDir = externalDir;
    }

    Tensor read(TensorProto proto, String where) {
        String name = proto.getName();
        String what = source + ": " + where + " '" + name + "'";
        DType dtype = OnnxTypes.dtype(proto.getDataType(), what);
        long[] shape = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count;
        try {
            count = Tensor.elementCount(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelException(what + " has an invalid shape " + Arrays.toString(shape));
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new ModelException(what + " has " + count + " elements, more than a Java array holds");
        }
        int n = (int) count;
        TensorData data;
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            data = fromBytes(dtype, n, external(proto, what, (long) n * dtype.byteSize()), what);
        } else if (proto.hasRawData()) {
            data = fromBytes(dtype, n, proto.getRawData().asReadOnlyByteBuffer(), what);
        } else {
            data = fromTypedFields(proto, dtype, n, what);
        }
        return new Tensor(name, dtype, shape, data);
    }

    private static TensorData fromBytes(DType dtype, int n, ByteBuffer bytes, String what) {
        long expected = (long) n * dtype.byteSize();
        if (bytes.remaining() != expected) {
            throw new ModelException(what + " (" + dtype.label() + ", " + n + " elements) should have " + expected
                    + " bytes of data but has " + bytes.remaining());
        }
        ByteBuffer le = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.FLOAT32) {
            // float32 data stays in the file's bytes until something needs it as an array (the packed
            // engine's word embeddings never do: 47 MB of MiniLM's 90 not copied at import). Not in
            // memory of another kind, which may be freed or reused once the import returns.
            MemorySegment inFile = MemorySegment.ofBuffer(le);
            if (inFile.isMapped() || !inFile.isNative()) return TensorData.Floats.view(inFile);
        }
        return switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[n];
                le.asFloatBuffer().get(a);
                yield new TensorData.Floats(a);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                le.asDoubleBuffer().get(a);
                yield new TensorData.Doubles(a);
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                le.asIntBuffer().get(a);
                yield new TensorData.Ints(a);
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                le.asLongBuffer().get(a);
                yield new TensorData.Longs(a);
            }
            case FLOAT16, BFLOAT16, INT16, UINT16 -> {
                short[] a = new short[n];
                le.asShortBuffer().get(a);
                yield new TensorData.Shorts(a);
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                le.get(a);
                yield new TensorData.Bytes(a);
            }
        };
    }

    /** The typed fields: ONNX stores every type narrower than 32 bits in int32_data, one per element. */
    private static TensorData fromTypedFields(TensorProto p, DType dtype, int n, String what) {
        int have = switch (dtype) {
            case FLOAT32 -> p.getFloatDataCount();
            case DOUBLE -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case UINT32, UINT64 -> p.getUint64DataCount();
            default -> p.getInt32DataCount();
        };
        if (have != n) {
            throw new ModelException(what + " (" + dtype.label() + ") should have " + n + " elements but has " + have);
        }
        return switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getFloatData(i);
                }
                yield new TensorData.Floats(a);
            }
            case DOUBLE -> new TensorData.Doubles(p.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
            case INT64 -> new TensorData.Longs(p.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
            case UINT64 -> new TensorData.Longs(p.getUint64DataList().stream().mapToLong(Long::longValue).toArray());
            case UINT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) p.getUint64Data(i);
                }
                yield new TensorData.Ints(a);
            }
            case INT32 -> new TensorData.Ints(p.getInt32DataList().stream().mapToInt(Integer::intValue).toArray());
            case FLOAT16, BFLOAT16, INT16, UINT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) p.getInt32Data(i);
                }
                yield new TensorData.Shorts(a);
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) p.getInt32Data(i);
                }
                yield new TensorData.Bytes(a);
            }
        };
    }

    private ByteBuffer external(TensorProto proto, String what, long expectedLength) {
        Map<String, String> info = new HashMap<>();
        for (StringStringEntryProto e : proto.getExternalDataList()) {
            info.put(e.getKey(), e.getValue());
        }
        String location = info.get("location");
        if (location == null || location.isEmpty()) {
            throw new ModelException(what + " is stored externally but names no location");
        }
        if (externalDir == null) {
            throw new ModelException(what + " is stored in external file '" + location
                    + "', but the model was not read from a directory");
        }
        Path file = externalDir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(externalDir.normalize())) {
            throw new ModelException(what + ": external data location '" + location
                    + "' must be a relative path inside the model's directory");
        }
        long offset = parseLong(info.getOrDefault("offset", "0"), "offset", what);
        long length = parseLong(info.getOrDefault("length", Long.toString(expectedLength)), "length", what);
        try {
            FileChannel channel = openFiles.get(file);
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                openFiles.put(file, channel);
            }
            if (offset < 0 || length < 0 || offset + length > channel.size()) {
                throw new ModelException(what + ": external range [" + offset + ", " + (offset + length) + ") lies past the end of '"
                        + location + "' (" + channel.size() + " bytes)");
            }
            if (length > Integer.MAX_VALUE) {
                throw new ModelException(what + ": external data of " + length + " bytes is too large for one tensor");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) length);
            while (buf.hasRemaining()) {
                if (channel.read(buf, offset + buf.position()) < 0) {
                    throw new ModelException(what + ": '" + location + "' ended while reading external data");
                }
            }
            return buf.flip();
        } catch (NoSuchFileException e) {
            throw new ModelException(what + ": external data file '" + location + "' not found in " + externalDir);
        } catch (IOException e) {
            throw new ModelException(what + ": cannot read external data file '" + location + "': " + e, e);
        }
    }

    private static long parseLong(String text, String key, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ModelException(what + ": external data " + key + " '" + text + "' is not a number");
        }
    }

    /** Closes the external data files opened so far. */
    void close() {
        for (FileChannel channel : openFiles.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only; nothing to lose
            }
        }
        openFiles.clear();
    }
}
