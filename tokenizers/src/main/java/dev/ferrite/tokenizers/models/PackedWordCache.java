package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The word cache behind {@link Bpe#tokenize(char[], int, int, WordTokens)}: word to token ids and
 * offsets, packed in int arrays so that a hit costs two memory reads in a row (a slot, then one
 * entry holding the word's characters and its tokens) instead of a walk through entry, string and
 * token objects. Shared by all threads and lock-free.
 *
 * <p>A generation is a table of slots, each {@code hash << 32 | offset}, over an append-only int
 * array of entries {@code [length, count, chars..., (id, start, end) * count]}. Writers reserve
 * room with one atomic add, write the entry, then publish its slot with a release store; readers
 * read slots with acquire loads, so a published entry is always complete. An entry is never
 * changed once published, and every hit compares the whole word, so a race can only lose an entry
 * (the word is then tokenized again), never give a wrong answer. When the array is full a fresh
 * generation replaces the whole cache: frequent words come back at once, rare ones are forgotten.
 * Each new generation is twice the size of the last, up to a maximum, so that a model used on
 * little text stays small while one used on varied text (tens of thousands of distinct words, as
 * in multilingual text) keeps them all instead of starting over again and again.
 */
final class PackedWordCache {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Probes before giving up: a lookup or an insert looks at most this many slots. */
    private static final int PROBES = 8;

    private static final class Generation {
        final long[] slots;
        final int mask;
        final int[] data;
        /** Next free index of {@link #data}; 0 is never an entry, so an empty slot reads 0. */
        final AtomicInteger top = new AtomicInteger(1);

        Generation(int slotCount, int dataSize) {
            slots = new long[slotCount];
            mask = slotCount - 1;
            data = new int[dataSize];
        }
    }

    /** Slots and ints of entries of the first generation, and of the largest. */
    private final int firstSlots;
    private final int maxSlots;
    private final int intsPerSlot;
    private volatile Generation generation;

    /**
     * A cache whose first generation has {@code firstSlots} slots and whose largest has
     * {@code maxSlots} (powers of two), each with {@code intsPerSlot} ints of entries per slot.
     */
    PackedWordCache(int firstSlots, int maxSlots, int intsPerSlot) {
        if (Integer.bitCount(firstSlots) != 1 || Integer.bitCount(maxSlots) != 1 || firstSlots > maxSlots) {
            throw new IllegalArgumentException("slot counts " + firstSlots + ", " + maxSlots);
        }
        this.firstSlots = firstSlots;
        this.maxSlots = maxSlots;
        this.intsPerSlot = intsPerSlot;
    }

    /**
     * Points {@code out} at the cached tokens of {@code chars[0, length)} (whose
     * {@link String#hashCode} is {@code hash}) and returns true, or returns false.
     */
    boolean get(char[] chars, int length, int hash, WordTokens out) {
        Generation g = generation;
        if (g == null) return false;
        long[] slots = g.slots;
        int[] data = g.data;
        int i = hash & g.mask;
        for (int p = 0; p < PROBES; p++) {
            long s = (long) SLOT.getAcquire(slots, i);
            if (s == 0) return false;
            if ((int) (s >>> 32) == hash) {
                int at = (int) s;
                if (data[at] == length && sameChars(data, at + 2, chars, length)) {
                    out.point(data, at + 2 + length, data[at + 1]);
                    return true;
                }
            }
            i = (i + 1) & g.mask;
        }
        return false;
    }

    private static boolean sameChars(int[] data, int at, char[] chars, int length) {
        for (int k = 0; k < length; k++) if (data[at + k] != chars[k]) return false;
        return true;
    }

    /**
     * Stores the tokens of {@code chars[0, length)} and points {@code out} at the stored copy;
     * returns false (storing nothing) when the entry cannot be cached.
     */
    boolean put(char[] chars, int length, int hash, List<Token> tokens, WordTokens out) {
        int count = tokens.size();
        int size = 2 + length + 3 * count;
        if (size > firstSlots * intsPerSlot / 64) return false; // a huge word would crowd out many small ones
        Generation g = generation;
        if (g == null) g = renew(null);
        int at = g.top.getAndAdd(size);
        if (at + size > g.data.length) {
            g = renew(g);
            at = g.top.getAndAdd(size);
            if (at + size > g.data.length) return false; // others filled the new one already
        }
        int[] data = g.data;
        data[at] = length;
        data[at + 1] = count;
        for (int k = 0; k < length; k++) data[at + 2 + k] = chars[k];
        int t = at + 2 + length;
        for (int k = 0; k < count; k++) {
            Token token = tokens.get(k);
            data[t + 3 * k] = token.id();
            data[t + 3 * k + 1] = token.start();
            data[t + 3 * k + 2] = token.end();
        }
        long[] slots = g.slots;
        int first = hash & g.mask;
        int i = first;
        int target = first; // all probed slots taken: replace the first one
        for (int p = 0; p < PROBES; p++) {
            if ((long) SLOT.getAcquire(slots, i) == 0) {
                target = i;
                break;
            }
            i = (i + 1) & g.mask;
        }
        SLOT.setRelease(slots, target, ((long) hash << 32) | at);
        out.point(data, t, count);
        return true;
    }

    /** Replaces generation {@code full} (or the missing first one) by a fresh one, unless another thread did. */
    private synchronized Generation renew(Generation full) {
        Generation g = generation;
        if (g == full) {
            int slots = full == null ? firstSlots : Math.min(maxSlots, 2 * full.slots.length);
            g = new Generation(slots, slots * intsPerSlot);
            generation = g;
        }
        return g;
    }
}
