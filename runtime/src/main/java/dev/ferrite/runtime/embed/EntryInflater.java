package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.io.SplitInflater;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.ZipEntry;

/**
 * Inflates a deflated jar entry straight from the mapped jar into the array it is returned in, on
 * two threads where it is large enough ({@link SplitInflater}). {@code ZipFile}'s stream feeds one
 * inflater 8 KB at a time through a heap buffer, and a 90 MB model takes most of a cold load to inflate.
 *
 * <p>The entry is found through the archive's central directory (its local header may state no
 * sizes: they follow the data when the writer streamed it). An archive this reader does not follow
 * (ZIP64, an entry stored or not found, a size over 2 GB) gives null, and the caller reads the entry
 * through {@code ZipFile}; damaged data, a CRC-32 other than the directory's or a size that does not
 * match gives a {@link ModelException}.
 */
final class EntryInflater {
    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int DIRECTORY_ENTRY = 0x02014b50;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int END_OF_DIRECTORY_BYTES = 22;
    private static final int DEFLATED = 8;
    /** ZIP64 puts this in a 32-bit field whose value lives in an extra field instead. */
    private static final long ZIP64_MARK = 0xFFFFFFFFL;

    private EntryInflater() {
    }

    /**
     * The content of {@code entry} of {@code jar} ({@code source} names it in messages), or null when
     * it cannot be found this way (see the class comment).
     *
     * @throws ModelException when the deflated data is damaged, or inflates to another size than the archive's directory states
     * @throws IOException    when the jar cannot be read
     */
    static byte[] inflate(Path jar, ZipEntry entry, String source) throws IOException {
        ByteBuffer data;
        try (FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) return null;
            ByteBuffer zip = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            data = deflatedData(zip, entry.getName().getBytes(StandardCharsets.UTF_8));
        }
        if (data == null || entry.getSize() < 0 || entry.getSize() > Integer.MAX_VALUE - 8) return null;
        byte[] out = new byte[(int) entry.getSize()];
        try {
            SplitInflater.Result inflated = SplitInflater.inflate(data, out, entry.getCrc());
            if (inflated.size() != out.length) throw ArchiveErrors.sizeDiffers(source, out.length, inflated.size());
            if (!inflated.intact()) throw ArchiveErrors.crcDiffers(source);
        } catch (DataFormatException e) {
            throw ArchiveErrors.unreadable(source, e);
        }
        return out;
    }

    /** The deflated bytes of the entry named {@code name} in {@code zip}; null when not found, not deflated or ZIP64. */
    private static ByteBuffer deflatedData(ByteBuffer zip, byte[] name) {
        int end = endOfDirectory(zip);
        if (end < 0) return null;
        int entries = zip.getShort(end + 10) & 0xffff;
        long at = zip.getInt(end + 16) & ZIP64_MARK;
        for (int i = 0; i < entries; i++) {
            if (at + 46 > zip.limit() || zip.getInt((int) at) != DIRECTORY_ENTRY) return null;
            int p = (int) at;
            int nameLength = zip.getShort(p + 28) & 0xffff;
            int extraLength = zip.getShort(p + 30) & 0xffff;
            int commentLength = zip.getShort(p + 32) & 0xffff;
            if (nameLength == name.length && p + 46 + nameLength <= zip.limit() && named(zip, p + 46, name)) {
                long compressed = zip.getInt(p + 20) & ZIP64_MARK;
                long local = zip.getInt(p + 42) & ZIP64_MARK;
                if ((zip.getShort(p + 10) & 0xffff) != DEFLATED || compressed == ZIP64_MARK || local == ZIP64_MARK
                        || local + 30 > zip.limit() || zip.getInt((int) local) != LOCAL_HEADER) return null;
                long start = local + 30 + (zip.getShort((int) local + 26) & 0xffff) + (zip.getShort((int) local + 28) & 0xffff);
                return start + compressed > zip.limit() ? null : zip.slice((int) start, (int) compressed);
            }
            at += 46L + nameLength + extraLength + commentLength;
        }
        return null;
    }

    /** Where the end-of-central-directory record starts (it ends the file, after a comment of up to 64 KB); -1 when absent. */
    private static int endOfDirectory(ByteBuffer zip) {
        int last = zip.limit() - END_OF_DIRECTORY_BYTES;
        for (int p = last; p >= 0 && p >= last - 0xffff; p--) {
            if (zip.getInt(p) == END_OF_DIRECTORY && (zip.getShort(p + 20) & 0xffff) == last - p) return p;
        }
        return -1;
    }

    private static boolean named(ByteBuffer zip, int at, byte[] name) {
        byte[] here = new byte[name.length];
        zip.get(at, here);
        return Arrays.equals(here, name);
    }
}
