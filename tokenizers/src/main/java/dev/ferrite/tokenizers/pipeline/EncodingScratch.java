package dev.ferrite.tokenizers.pipeline;

import java.util.Arrays;

/**
 * Per-thread token arrays that a {@link RawEncoding#borrowing borrowing} encoding is built in, one
 * set for the sequence and one for the pair. The pipeline cannot know how many tokens a text makes
 * until it is done, so an encoding sized in advance was ~1.6 times too large (and made every
 * encode allocate, zero and drop that much); built here, it is copied out at its exact size by
 * {@link RawEncoding#detach}. Nothing handed to the user may keep these arrays.
 */
final class EncodingScratch {
    /**
     * Arrays grown past this many tokens are not kept, so that one long text does not keep its
     * megabytes in every thread that saw one (at most ~100 KB a slot: four ints, a byte, a type id
     * and a text reference per token).
     */
    static final int KEEP = 1 << 12;
    /**
     * Small, and each slot made on first use: a virtual thread per request encodes a text or two
     * and is gone, and its arrays with it. Longer texts grow them once per thread.
     */
    private static final int INITIAL = 64;
    /** A subclass, not {@code withInitial} and a lambda: in a fresh JVM a lambda's class is spun on first use, a first encode's cost. */
    private static final ThreadLocal<EncodingScratch[]> SLOTS = new ThreadLocal<>() {
        @Override
        protected EncodingScratch[] initialValue() {
            return new EncodingScratch[2];
        }
    };

    /** See {@link TokenColumns#cols}. */
    int[] cols = new int[TokenColumns.WIDTH * INITIAL];
    byte[] flags = new byte[INITIAL];
    /** Made on first use (few encodings hold a text that their names do not give). */
    private int[] typeIds;
    private String[] tokens;

    private EncodingScratch() {
    }

    /** This thread's arrays for input {@code slot} (0 = sequence, 1 = pair). */
    static EncodingScratch of(int slot) {
        if (slot != 0 && slot != 1) throw new IllegalArgumentException("scratch slots are 0 and 1 (a sequence and its pair), got " + slot);
        EncodingScratch[] slots = SLOTS.get();
        EncodingScratch s = slots[slot];
        if (s == null) s = slots[slot] = new EncodingScratch();
        return s;
    }

    /** Whether arrays of {@code capacity} tokens are kept here once grown. */
    static boolean keeps(int capacity) {
        return capacity <= KEEP;
    }

    /** Keeps grown main arrays for the next encodings. */
    void keep(int[] cols, byte[] flags) {
        this.cols = cols;
        this.flags = flags;
    }

    /** Type id storage of at least {@code capacity} tokens (contents undefined). */
    int[] typeIds(int capacity) {
        if (typeIds == null || typeIds.length < capacity) {
            int[] a = new int[capacity];
            if (!keeps(capacity)) return a;
            typeIds = a;
        }
        return typeIds;
    }

    /**
     * Text storage of at least {@code capacity} tokens, its first {@code capacity} entries null
     * (cleared here: an encoding that was truncated or merged into new arrays leaves its texts behind).
     */
    String[] tokens(int capacity) {
        if (tokens == null || tokens.length < capacity) {
            String[] a = new String[capacity];
            if (!keeps(capacity)) return a;
            tokens = a;
        } else {
            Arrays.fill(tokens, 0, capacity, null);
        }
        return tokens;
    }
}
