package dev.ferrite.tokenizers.models;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Short pieces of words whose BPE is one token spanning the whole piece, with that token's id: most
 * pieces of English cut by {@link BpeCuts} ("▁the", "▁quick") are one token, and this table answers
 * them without the word cache or the merge. A piece comes in once it has come out of the cache or
 * the merge as one token ({@link #learn}); being in the vocabulary is not enough, as BPE of a
 * token's text need not give that token (the merge order may join its characters otherwise).
 *
 * <p>Why a table apart from the word cache: a piece's text and id lie in one slot of {@value #SLOT}
 * longs, found without a tag array, and only one-token pieces come in, where the word cache holds
 * every piece in a tag and two cache lines of a table of megabytes. The table starts small and
 * doubles (its contents copied) whenever it is half full, up to {@value #MAX_SLOTS} slots (1 MB):
 * so text with few one-token pieces (code) probes a table that stays in the core's cache. On Llama
 * 2's English, 83% of the pieces are answered here.
 *
 * <p>Threads: a writer claims an empty slot with a CAS, writes the text, then publishes the header
 * (hash, length, id) with a release store; a reader reads the header with an acquire load before
 * the text. A slot once published never changes, so a reader sees a piece whole or not at all; two
 * threads learning one piece at once may store it twice, which costs a slot and nothing else. A
 * piece learned in a table as it is being replaced may be lost, which costs a later lookup.
 */
final class OneTokenPieces {
    private static final int MIN_SLOTS = 1024;
    private static final int MAX_SLOTS = 32768;
    /** Longs per slot: the header, then up to {@value #MAX_LENGTH} UTF-16 units four per long. */
    private static final int SLOT = 4;
    private static final int MAX_LENGTH = 4 * (SLOT - 1);
    /** A header: the word's hash in the high 32 bits, its length in bits 27-31, id + 1 in bits 0-26 (0: empty). */
    private static final int LENGTH_SHIFT = 27;
    private static final long ID_PLUS_ONE = (1L << LENGTH_SHIFT) - 1;
    /** The header of a slot claimed by a writer that has not published it yet: no id, so no reader takes it. */
    private static final long CLAIMED = 1L << 32;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** {@value #SLOT} longs per slot, a power of two of slots; replaced by one twice as large when half full. */
    private volatile long[] slots = new long[SLOT * MIN_SLOTS];
    /** Pieces stored in {@link #slots}, counted without synchronization: a bound, not an exact count. */
    private int stored;

    /** The first slot that {@code hash} probes in {@code d}. */
    private static int slot(long[] d, int hash) {
        // Fibonacci hashing: the high bits of the product depend on all of the hash code's bits.
        return (hash * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(d.length / SLOT) + 1);
    }

    private static int mask(long[] d) {
        return d.length / SLOT - 1;
    }

    /**
     * The id of the one token that the piece {@code word[from, to)}, whose {@link String#hashCode}
     * is {@code hash}, is known to merge to; else -1.
     */
    int id(char[] word, int from, int to, int hash) {
        int n = to - from;
        if (n > MAX_LENGTH) return -1;
        long[] d = slots;
        int mask = mask(d);
        for (int i = slot(d, hash); ; i = (i + 1) & mask) {
            long header = (long) LONGS.getAcquire(d, SLOT * i);
            if (header == 0) return -1;
            int id = (int) (header & ID_PLUS_ONE) - 1;
            if ((int) (header >>> 32) == hash && (int) header >>> LENGTH_SHIFT == n && id >= 0 && holds(d, SLOT * i, word, from, n)) {
                return id;
            }
        }
    }

    /** Whether the slot at {@code base} holds the units {@code word[from, from + n)}. */
    private static boolean holds(long[] d, int base, char[] word, int from, int n) {
        for (int k = 0; k < n; k++) {
            if ((char) (d[base + 1 + (k >> 2)] >>> ((k & 3) << 4)) != word[from + k]) return false;
        }
        return true;
    }

    /**
     * Reads the first slot each of the {@code count} pieces whose hashes are {@code pieces[3k + 1]}
     * would probe, so that the lookups that follow find them near: these loads do not depend on one
     * another, so the processor waits for their cache misses together. A hint only: returns
     * what it read, which the caller keeps so that the reads stay.
     */
    int touch(int[] pieces, int count) {
        long[] d = slots;
        long sum = 0;
        for (int k = 0; k < count; k++) {
            // Both ends: a slot spans two cache lines when the array's header shifts it across one.
            int base = SLOT * slot(d, pieces[3 * k + 1]);
            sum += d[base] + d[base + SLOT - 1];
        }
        return (int) sum;
    }

    /**
     * Records that the piece {@code word[from, to)} (hash as in {@link #id}) merged to the one
     * token {@code id}, spanning all of it. Kept if it is short and the table has room.
     */
    void learn(char[] word, int from, int to, int hash, int id) {
        int n = to - from;
        if (n > MAX_LENGTH || id + 1L > ID_PLUS_ONE) return;
        long[] d = slots;
        if (stored >= d.length / SLOT / 2) {
            if (d.length / SLOT >= MAX_SLOTS) return;
            d = grow(d);
        }
        long header = (long) hash << 32 | (long) n << LENGTH_SHIFT | (id + 1);
        if (put(d, header, word, from) && d == slots) stored++;
    }

    /**
     * Stores the piece of header {@code header}, whose units are {@code word[from, from + length)},
     * in {@code d}; returns whether it took a slot (false when it is there already).
     */
    private static boolean put(long[] d, long header, char[] word, int from) {
        int n = (int) header >>> LENGTH_SHIFT;
        int hash = (int) (header >>> 32);
        int mask = mask(d);
        for (int i = slot(d, hash); ; ) {
            int base = SLOT * i;
            long h = (long) LONGS.getAcquire(d, base);
            if (h == 0) {
                if (!LONGS.compareAndSet(d, base, 0L, CLAIMED)) continue; // taken meanwhile: look at it again
                for (int k = 0; k < n; k++) d[base + 1 + (k >> 2)] |= (long) word[from + k] << ((k & 3) << 4);
                LONGS.setRelease(d, base, header);
                return true;
            }
            if (h == header && holds(d, base, word, from, n)) return false;
            i = (i + 1) & mask;
        }
    }

    /** Replaces {@code full} by a table twice its size holding its pieces, unless another thread has done so; returns the table now in use. */
    private synchronized long[] grow(long[] full) {
        if (slots != full) return slots;
        long[] d = new long[2 * full.length];
        char[] units = new char[MAX_LENGTH];
        int count = 0;
        for (int base = 0; base < full.length; base += SLOT) {
            long header = (long) LONGS.getAcquire(full, base);
            if ((header & ID_PLUS_ONE) == 0) continue; // empty, or claimed by a writer that this table loses
            int n = (int) header >>> LENGTH_SHIFT;
            for (int k = 0; k < n; k++) units[k] = (char) (full[base + 1 + (k >> 2)] >>> ((k & 3) << 4));
            if (put(d, header, units, 0)) count++;
        }
        stored = count;
        slots = d;
        return d;
    }
}
