package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.List;

/**
 * A bounded, lock-free cache from a word to its tokens, shared by all threads that use one model.
 * Two-way set associative: each word hashes to a set of two adjacent slots (one cache line); a new
 * word goes to the set's first slot and pushes the one there to the second, dropping the oldest.
 * Readers may miss an entry that another thread has just written; that costs a recomputation,
 * never a wrong answer, because entries are immutable and published through final fields. Hits
 * write nothing, so threads that share the cache only contend on misses.
 *
 * <p>Rust's cache ({@code utils/cache.rs}) stops storing once full; this one keeps adapting to the
 * text at hand, and holds about twice the requested capacity (a direct-mapped table of the Rust
 * size kept only two thirds of the hits on real text). Neither changes results: a word always
 * tokenizes the same way (without dropout).
 */
final class WordCache {
    /** Rust's {@code MAX_LENGTH}: longer words seldom repeat, so they are not worth a slot. */
    static final int MAX_WORD_LENGTH = 256;

    private record Entry(String word, int hash, List<Token> tokens) {
    }

    private final Entry[] slots;
    /** Selects the first slot of a set. */
    private final int setMask;

    /** A cache of at least {@code 2 * capacity} slots (a power of two); capacity > 0. */
    WordCache(int capacity) {
        int n = Integer.highestOneBit(Math.max(2, 2 * capacity - 1)) << 1;
        slots = new Entry[n];
        setMask = (n - 1) & ~1;
    }

    /** The cached tokens of {@code word}, or null. */
    List<Token> get(String word) {
        int h = word.hashCode();
        int i = set(h);
        Entry e = slots[i];
        if (e != null && e.hash == h && e.word.equals(word)) return e.tokens;
        e = slots[i + 1];
        if (e != null && e.hash == h && e.word.equals(word)) return e.tokens;
        return null;
    }

    /** Remembers the tokens of {@code word}; {@code tokens} must be immutable. */
    void put(String word, List<Token> tokens) {
        if (word.length() >= MAX_WORD_LENGTH) return;
        int h = word.hashCode();
        int i = set(h);
        Entry first = slots[i];
        if (first != null) slots[i + 1] = first;
        slots[i] = new Entry(word, h, tokens);
    }

    /** Number of slots: the most entries the cache can hold. */
    int capacity() {
        return slots.length;
    }

    private int set(int h) {
        return (h ^ (h >>> 15)) & setMask;
    }
}
