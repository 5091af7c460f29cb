package dev.ferrite.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * A deflate stream inflated on two threads ({@link SplitInflater}) gives the bytes one inflater
 * gives, whatever the data and compression level: at the block start {@link DeflateBlockFinder} finds
 * (the split kept), from data whose second half copies from the first (the bytes made with the
 * made-up dictionary corrected), at a position that is no block start (the split dropped, the whole
 * inflated in one piece), and for damaged or short streams (the one-piece inflate's outcome).
 */
class SplitInflaterTest {
    private static final int SIZE = 6 << 20;

    @Test
    void splitsAtAFoundBlockAndGivesWhatOneInflaterGives() throws DataFormatException {
        for (int level : new int[] {1, 6, 9}) {
            for (byte[] content : new byte[][] {weights(SIZE, 1), text(SIZE, 2)}) {
                ByteBuffer deflated = deflate(content, level);
                assertThat(inflate(deflated, content, SplitInflater::split)).as("level " + level)
                        .isEqualTo(new SplitInflater.Result(content.length, true, true));
            }
        }
    }

    @Test
    void bytesTheSecondPartCopiesFromTheFirstAreCorrected() throws DataFormatException {
        // A 20 KB random pattern over and over, with changes: most of the second part is copies, and its
        // first copies reach back into the first part (which the second inflater does not have).
        byte[] pattern = weights(20_000, 3);
        byte[] content = new byte[8 * SIZE];
        for (int i = 0; i < content.length; i++) content[i] = pattern[i % pattern.length];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < content.length; i += 1 + random.nextInt(200)) content[i] = (byte) random.nextInt();
        ByteBuffer deflated = deflate(content, 6);
        int middle = deflated.limit() / 2;
        int at = SplitInflater.split(deflated, middle);
        assertThat(at).isGreaterThanOrEqualTo(middle);
        assertThat(inflate(deflated, content, SplitInflater::split)).isEqualTo(new SplitInflater.Result(content.length, true, true));
        // The test means something only if the second inflater's first try was wrong.
        int before = oneInflater(deflated.slice(0, at), content.length).length;
        byte[] firstTry = new byte[64 * 1024];
        Inflater second = new Inflater(true);
        second.setDictionary(new byte[32 * 1024]);
        second.setInput(deflated.slice(at, deflated.limit() - at));
        assertThat(second.inflate(firstTry)).isEqualTo(firstTry.length);
        assertThat(firstTry).isNotEqualTo(Arrays.copyOfRange(content, before, before + firstTry.length));
    }

    @Test
    void aBlockStartThatIsWrongIsNotKept() throws DataFormatException {
        byte[] content = weights(SIZE, 5);
        ByteBuffer deflated = deflate(content, 6);
        for (int off : new int[] {1, -1, 1000}) {
            SplitInflater.SplitFinder wrong = (d, from) -> SplitInflater.split(d, from + 1) + off;
            assertThat(inflate(deflated, content, wrong)).as("a block start off by " + off)
                    .isEqualTo(new SplitInflater.Result(content.length, true, false));
        }
        assertThat(inflate(deflated, content, (d, from) -> -1)).isEqualTo(new SplitInflater.Result(content.length, true, false));
    }

    @Test
    void storedBlocksAndShortStreamsInflateInOnePiece() throws DataFormatException {
        byte[] content = weights(SIZE, 6);
        ByteBuffer stored = deflate(content, 0);
        assertThat(new DeflateBlockFinder(stored).find(0, stored.limit())).isEqualTo(-1);
        assertThat(inflate(stored, content, SplitInflater::split)).isEqualTo(new SplitInflater.Result(content.length, true, false));
        // The public entry splits only streams of MIN_SPLIT_BYTES or more.
        byte[] out = new byte[content.length];
        assertThat(SplitInflater.inflate(deflate(content, 6), out, crc(content))).isEqualTo(new SplitInflater.Result(content.length, true, false));
        assertThat(out).isEqualTo(content);
    }

    @Test
    void damagedOrShortStreamsGiveWhatOneInflaterGives() {
        byte[] content = weights(SIZE, 8);
        ByteBuffer deflated = deflate(content, 6);
        for (int at : new int[] {100, deflated.limit() / 2 + 5000, deflated.limit() * 3 / 4}) {
            ByteBuffer damaged = copy(deflated);
            damaged.put(at, (byte) (damaged.get(at) ^ 0x5a));
            SplitInflater.Result result;
            try {
                result = SplitInflater.inflate(damaged, new byte[content.length], crc(content), SplitInflater::split);
            } catch (DataFormatException e) {
                continue; // as one inflater reports it
            }
            assertThat(result.size() == content.length && result.intact()).as("damage at " + at).isFalse();
        }
        ByteBuffer cut = copy(deflated).limit(deflated.limit() * 2 / 3);
        assertThat(catching(() -> SplitInflater.inflate(cut, new byte[content.length], crc(content), SplitInflater::split).size()))
                .isLessThan(content.length);
        assertThat(catching(() -> SplitInflater.inflate(deflated, new byte[content.length - 1], -1).size()))
                .isEqualTo(content.length);
        assertThat(catching(() -> SplitInflater.inflate(deflated, new byte[content.length + 1], -1).size()))
                .isEqualTo(content.length);
        assertThat(catching(() -> SplitInflater.inflate(deflated, new byte[content.length + 1], crc(content), SplitInflater::split).size()))
                .isEqualTo(content.length);
    }

    private static SplitInflater.Result inflate(ByteBuffer deflated, byte[] content, SplitInflater.SplitFinder finder)
            throws DataFormatException {
        byte[] out = new byte[content.length];
        SplitInflater.Result result = SplitInflater.inflate(deflated, out, crc(content), finder);
        assertThat(out).isEqualTo(content);
        return result;
    }

    private interface Size {
        long get() throws DataFormatException;
    }

    private static long catching(Size size) {
        try {
            return size.get();
        } catch (DataFormatException e) {
            return -1;
        }
    }

    /** float32 values as a model's weights are: random mantissas, few exponents, little to compress. */
    private static byte[] weights(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (out.remaining() >= 4) out.putFloat((float) (random.nextGaussian() * 0.05));
        return out.array();
    }

    /** Words from a small vocabulary: many copies, some far back. */
    private static byte[] text(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = new String[500];
        for (int i = 0; i < words.length; i++) words[i] = Long.toString(random.nextLong() & 0xffffffL, 36);
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) text.append(words[random.nextInt(words.length)]).append(' ');
        return Arrays.copyOf(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), size);
    }

    private static ByteBuffer deflate(byte[] content, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();
        ByteBuffer deflated = ByteBuffer.wrap(out.toByteArray());
        assertThat(oneInflater(deflated, content.length)).isEqualTo(content);
        return deflated;
    }

    /** What one inflater makes of {@code deflated}, at most {@code size} bytes. */
    private static byte[] oneInflater(ByteBuffer deflated, int size) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated.duplicate());
        byte[] out = new byte[size];
        try {
            int n = 0;
            for (int k; n < size && (k = inflater.inflate(out, n, size - n)) > 0; ) n += k;
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        return ByteBuffer.wrap(Arrays.copyOf(b.array(), b.limit()));
    }

    private static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }
}
