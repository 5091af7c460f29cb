package dev.ferrite.runtime.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a raw deflate stream (a jar entry's data) on two threads: the caller inflates the first
 * half while another thread inflates the second from a block that starts near the middle. Deflate
 * is one sequence, and inflating a 90 MB model takes 350-450 ms on one core, most of a cold load,
 * while the other core has little to do.
 *
 * <p>Two things make a block in the middle hard to start from, and how they are met:
 * <ul>
 * <li>Nothing marks where blocks start: {@link DeflateBlockFinder} finds a byte whose bits read as a
 *     block header zlib accepts (only byte-aligned ones, so the second {@link Inflater} is handed the
 *     data as it is; about one block in eight starts so), and 256 KB must inflate from there without
 *     error before it is taken.
 * <li>A block may copy bytes from the 32 KB before it, which only the first inflater will have made.
 *     The second inflater starts from a made-up dictionary of zeros, so bytes it copied from there are
 *     wrong. Once the first part is done, its last 32 KB are the true dictionary, and the second part
 *     is inflated again from its start with it until 32 KB in a row come out as the first try had
 *     them: an inflater's state at a point is its place in the stream and the 32 KB before it, so
 *     from there on both made the same bytes (typically after the first 32-64 KB).
 * </ul>
 * The found block start is a guess (random bits can read as a header); the result is kept only when
 * the two parts add up to the size the archive states and the whole has the stated CRC-32. When no
 * block start is found the first inflater goes on alone; when the guess fails the stream is inflated
 * again in one piece, which also gives the errors.
 */
public final class SplitInflater {
    /**
     * Streams shorter than this inflate in one piece. A load's other threads (the tokenizer's parse,
     * the import's warm-up) keep the second core busy for the first 100-200 ms, about as long as a
     * 16 MB stream takes alone: split, the int8 MiniLM (16 MB deflated) loaded 35-40 ms slower in a
     * fresh JVM (bench/cold-load --model int8, medians of 10: 609 against 573 ms unsplit).
     */
    static final int MIN_SPLIT_BYTES = 32 << 20;
    /** How far deflate copies can reach back. */
    private static final int WINDOW = 32 * 1024;
    /**
     * Where the search for the second part's start begins, as a share of the stream: past the middle,
     * as the second thread starts later (the search) and makes its output in pieces.
     */
    private static final double FIRST_SHARE = 0.55;
    /** How far past the middle (in bytes of the deflated stream) a block start is looked for. */
    private static final int SEARCH_BYTES = 1 << 20;
    /** How much a block start found must inflate to without error to be taken for one. */
    private static final int TRIAL_BYTES = 256 * 1024;
    /** The size of the second part's pieces of output. */
    private static final int PIECE = 1 << 20;

    private SplitInflater() {
    }

    /**
     * What an inflate found.
     *
     * @param size   how many bytes the stream holds, or one more than the array when it holds more
     * @param intact whether the bytes have the CRC-32 asked for (true when none was asked for)
     * @param split  whether two inflaters made them (the split was kept)
     */
    public record Result(long size, boolean intact, boolean split) {
    }

    /** Where the second part may start, at or after byte {@code from}: a byte of the stream, or -1 for none. */
    interface SplitFinder {
        int find(ByteBuffer data, int from);
    }

    /**
     * Inflates the raw deflate stream {@code deflated} (position to limit; not changed) into
     * {@code out}, sized as the archive states the content.
     *
     * @param crc the CRC-32 the content must have, or -1 for none (the stream is then never split:
     *            nothing would check the guess)
     * @throws DataFormatException when the stream is damaged
     */
    public static Result inflate(ByteBuffer deflated, byte[] out, long crc) throws DataFormatException {
        if (crc < 0 || deflated.remaining() < MIN_SPLIT_BYTES || Runtime.getRuntime().availableProcessors() < 2) {
            return check(inflateWhole(deflated.slice(), out), out, crc);
        }
        return inflate(deflated, out, crc, SplitInflater::split);
    }

    /**
     * As {@link #inflate(ByteBuffer, byte[], long)} for a stream to split whatever its length, {@code
     * crc} not -1, the second part starting where {@code finder} says (none: one inflater).
     */
    static Result inflate(ByteBuffer deflated, byte[] out, long crc, SplitFinder finder) throws DataFormatException {
        ByteBuffer data = deflated.slice();
        Inflater first = new Inflater(true);
        try {
            int searchFrom = (int) (data.limit() * FIRST_SHARE);
            CompletableFuture<Integer> split = new CompletableFuture<>();
            FutureTask<Tail> second = new FutureTask<>(() -> {
                int at = -1;
                try {
                    at = finder.find(data, searchFrom);
                } finally {
                    split.complete(at);
                }
                return at < 0 ? null : tail(data, at, out.length);
            });
            Thread.ofPlatform().name("ferrite-inflate").daemon().start(second);
            // The first part up to where the search starts, while the second thread looks for a block start.
            first.setInput(data.slice(0, searchFrom));
            int n = drain(first, out, 0);
            int at = split.join();
            if (at < searchFrom || at >= data.limit()) { // none found
                return check(finish(first, data.slice(searchFrom, data.limit() - searchFrom), out, n), out, crc);
            }
            first.setInput(data.slice(searchFrom, at - searchFrom));
            int head = drain(first, out, n);
            if (!first.finished() && head < out.length && join(second, out, head, data, at) && crc(out) == crc) {
                return new Result(out.length, true, true);
            }
        } finally {
            first.end();
        }
        return check(inflateWhole(data, out), out, crc);
    }

    private static Result check(long size, byte[] out, long crc) {
        return new Result(size, crc < 0 || size != out.length || crc(out) == crc, false);
    }

    /**
     * The first byte at or after {@code from} where a block that inflates {@link #TRIAL_BYTES} (with a
     * dictionary of zeros) without error starts (random bits that read as a header decode a block's
     * worth at most); -1 when none is found within {@link #SEARCH_BYTES}.
     */
    static int split(ByteBuffer data, int from) {
        DeflateBlockFinder finder = new DeflateBlockFinder(data);
        int to = from + SEARCH_BYTES;
        for (int at = finder.find(from, to); at >= 0; at = finder.find(at + 1, to)) {
            if (inflatesFrom(data, at)) return at;
        }
        return -1;
    }

    private static boolean inflatesFrom(ByteBuffer data, int at) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(new byte[WINDOW]);
            inflater.setInput(data.slice(at, data.limit() - at));
            byte[] out = new byte[TRIAL_BYTES];
            int n = drain(inflater, out, 0);
            // A stream that ends sooner must end where the data does.
            return n == out.length || inflater.finished() && inflater.getRemaining() <= 1;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** One inflater over the whole stream. */
    private static long inflateWhole(ByteBuffer data, byte[] out) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            return finish(inflater, data, out, 0);
        } finally {
            inflater.end();
        }
    }

    /** Inflates the rest of the stream, {@code rest}, after the {@code n} bytes {@code inflater} has made. */
    private static long finish(Inflater inflater, ByteBuffer rest, byte[] out, int n) throws DataFormatException {
        inflater.setInput(rest);
        n = drain(inflater, out, n);
        // A whole stream ends exactly at the stated size.
        if (n < out.length || inflater.finished()) return n;
        return inflater.inflate(new byte[1]) > 0 ? out.length + 1L : out.length;
    }

    /**
     * Whether the second part, inflated from byte {@code at}, ends the {@code head} bytes already in
     * {@code out} so as to fill it exactly; it is then put in place (CRC-32 not yet checked).
     */
    private static boolean join(FutureTask<Tail> second, byte[] out, int head, ByteBuffer data, int at) {
        Tail tail;
        try {
            tail = second.get();
        } catch (ExecutionException e) {
            return false; // no block start after all, or damaged data: the whole inflate will tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (head < WINDOW || tail == null || head + tail.size != out.length) return false;
        try {
            tail.copyInto(out, head, resolve(data, at, out, head, tail));
            return true;
        } catch (DataFormatException e) {
            return false;
        }
    }

    /** The second part's bytes, inflated from byte {@code at} with a dictionary of zeros; null when more than {@code limit}. */
    private static Tail tail(ByteBuffer data, int at, int limit) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(new byte[WINDOW]);
            inflater.setInput(data.slice(at, data.limit() - at));
            Tail tail = new Tail();
            while (!inflater.finished()) {
                byte[] piece = tail.space();
                int n = inflater.inflate(piece, tail.filled, piece.length - tail.filled);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("the stream ends inside a block");
                }
                tail.filled += n;
                tail.size += n;
                if (tail.size > limit) return null;
            }
            return tail;
        } finally {
            inflater.end();
        }
    }

    /**
     * Inflates the second part again with the first part's last 32 KB as its dictionary, into {@code
     * out} after the first part, until the output has agreed with the tail's for 32 KB in a row;
     * returns how many of the second part's bytes are now in {@code out}.
     */
    private static int resolve(ByteBuffer data, int at, byte[] out, int head, Tail tail) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(out, head - WINDOW, WINDOW);
            inflater.setInput(data.slice(at, data.limit() - at));
            int done = 0;
            int agreeingFrom = 0; // the second part's bytes from here to done equal the tail's
            while (done - agreeingFrom < WINDOW && !inflater.finished()) {
                int n = inflater.inflate(out, head + done, Math.min(WINDOW, out.length - head - done));
                if (n == 0) break;
                int differing = tail.lastDiffering(out, head, done, n);
                if (differing >= 0) agreeingFrom = differing + 1;
                done += n;
            }
            return done;
        } finally {
            inflater.end();
        }
    }

    private static int drain(Inflater inflater, byte[] out, int from) throws DataFormatException {
        int n = from;
        while (n < out.length) {
            int k = inflater.inflate(out, n, out.length - n);
            if (k == 0) break;
            n += k;
        }
        return n;
    }

    /** The second part's output, in pieces (its size is known only at its end). */
    private static final class Tail {
        private final List<byte[]> pieces = new ArrayList<>();
        private int filled = PIECE;
        private long size;

        /** The piece with room in it. */
        byte[] space() {
            if (filled == PIECE) {
                pieces.add(new byte[PIECE]);
                filled = 0;
            }
            return pieces.getLast();
        }

        /** The last index in {@code [from, from + n)} where {@code out[head + i]} differs from this tail's byte i; -1 if none. */
        int lastDiffering(byte[] out, int head, int from, int n) {
            for (int i = from + n - 1; i >= from; i--) {
                if (out[head + i] != pieces.get(i / PIECE)[i % PIECE]) return i;
            }
            return -1;
        }

        /** Copies bytes {@code [from, size)} of the tail into {@code out} after {@code head} bytes. */
        void copyInto(byte[] out, int head, int from) {
            for (long i = from; i < size; ) {
                int piece = (int) (i / PIECE);
                int at = (int) (i % PIECE);
                int n = (int) Math.min(PIECE - at, size - i);
                System.arraycopy(pieces.get(piece), at, out, head + (int) i, n);
                i += n;
            }
        }
    }
}
