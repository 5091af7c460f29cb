package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.List;

/**
 * A bounded, lock-free cache from a word to its tokens, shared by all threads that use one model.
 * Direct-mapped: each word has one slot, chosen by its hash, and a new word simply replaces the one
 * there. Readers may miss an entry that another thread has just written; that costs a recomputation,
 * never a wrong answer, because entries are immutable and published through final fields.
 *
 * <p>Rust's cache ({@code utils/cache.rs}) stops storing once full; this one keeps adapting to the
 * text at hand. Neither changes results: a word always tokenizes the same way (without dropout).
 */
final class WordCache {
    /** Rust's {@code MAX_LENGTH}: longer words seldom repeat, so they are not worth a slot. */
    static final int MAX_WORD_LENGTH = 256;

    private record Entry(String word, List<Token> tokens) {
    }

    private final Entry[] slots;
    private final int mask;

    /** A cache of at least {@code capacity} slots (rounded up to a power of two); capacity > 0. */
    WordCache(int capacity) {
        int n = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        slots = new Entry[n];
        mask = n - 1;
    }

    /** The cached tokens of {@code word}, or null. */
    List<Token> get(String word) {
        Entry e = slots[slot(word)];
        return e != null && e.word.equals(word) ? e.tokens : null;
    }

    /** Remembers the tokens of {@code word}; {@code tokens} must be immutable. */
    void put(String word, List<Token> tokens) {
        if (word.length() < MAX_WORD_LENGTH) slots[slot(word)] = new Entry(word, tokens);
    }

    int capacity() {
        return slots.length;
    }

    private int slot(String word) {
        int h = word.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
