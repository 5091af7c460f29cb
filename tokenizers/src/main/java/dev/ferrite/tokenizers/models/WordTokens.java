package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.Arrays;
import java.util.List;

/**
 * The tokens of one word as {@link Bpe#tokenize(char[], int, int, WordTokens)} leaves them: for
 * token {@code k < count()}, its id and its UTF-16 offsets into the word, as the {@link Token}s of
 * {@link Bpe#tokenize(String)} would carry them; the token's text is {@code idToToken(id(k))}.
 * Valid until the next call with the same holder. One holder per thread: it is reused from word to
 * word (its array grows to the longest word's tokens, so a word costs no allocation) and is not
 * thread-safe.
 */
public final class WordTokens {
    /** Token {@code k} is {@code (id, start, end)} at {@code 3 * k}. */
    private int[] data;
    private int count;
    /** Scratch of {@link Bpe} while it cuts a word: where each piece starts, and its hash (made on first use). */
    private int[] pieces;
    /** Scratch of {@link Bpe} while it merges a word the cache does not know (made on first use). */
    private BpeWord word;
    /** Scratch of {@link #cacheAs}: the tokens as the cache takes them, one array per field (made on first use). */
    private int[] cacheIds;
    private int[] cacheStarts;
    private int[] cacheEnds;
    /** What {@link WordCache#touch} read, kept so that the reads are not optimized away. */
    int touched;

    /** Room for 16 tokens at first. */
    public WordTokens() {
        this(16);
    }

    /** Room for {@code tokens} tokens at first (it grows as needed). */
    public WordTokens(int tokens) {
        data = new int[3 * Math.max(tokens, 1)];
    }

    /** Number of tokens. */
    public int count() {
        return count;
    }

    public int id(int k) {
        return data[3 * k];
    }

    public int start(int k) {
        return data[3 * k + 1];
    }

    public int end(int k) {
        return data[3 * k + 2];
    }

    /** The holder's array, with room for {@code count} tokens (those already there kept); the caller writes them there, then calls {@link #setCount}. */
    int[] buffer(int count) {
        if (data.length < 3 * count) data = Arrays.copyOf(data, Math.max(3 * count, 2 * data.length));
        return data;
    }

    /**
     * Room for {@code tokens} tokens, the tokens there dropped: a caller that knows a likely count
     * asks once instead of growing the array step by step (each step a copy).
     */
    public void reserve(int tokens) {
        count = 0;
        if (data.length < 3 * tokens) data = new int[3 * tokens];
    }

    /**
     * Lets go of arrays grown past about {@code ints} ints (tokens, pieces, the merge scratch), so
     * that a holder reused from call to call does not keep what one very long text made it grow
     * to; the holder stays usable. Returns whether anything was dropped.
     */
    public boolean trim(int ints) {
        boolean dropped = false;
        if (data.length > ints) {
            data = new int[48];
            count = 0;
            dropped = true;
        }
        if (pieces != null && pieces.length > ints) {
            pieces = null;
            dropped = true;
        }
        if (cacheIds != null && cacheIds.length > ints / 3) {
            cacheIds = cacheStarts = cacheEnds = null;
            dropped = true;
        }
        if (word != null && word.room() > ints / 4) { // the word's arrays hold about four ints per symbol of room
            word = null;
            dropped = true;
        }
        return dropped;
    }

    /** The scratch array of pieces, with room for {@code n} of them (two ints each). */
    int[] pieces(int n) {
        if (pieces == null) pieces = new int[Math.max(2 * n, 32)];
        else if (pieces.length < 2 * n) pieces = Arrays.copyOf(pieces, Math.max(2 * n, 2 * pieces.length));
        return pieces;
    }

    /**
     * The scratch word for {@link BpeMerger#merge(char[], int, int, BpeWord)} of a word of
     * {@code capacity} units (room it is made with when first asked for): its arrays are reused
     * from word to word, and the caller copies what it keeps (into the cache, into this holder) before
     * the next merge.
     */
    BpeWord word(int capacity) {
        if (word == null) word = new BpeWord(capacity);
        return word;
    }

    void setCount(int count) {
        this.count = count;
    }

    /** Appends a token. */
    void append(int id, int start, int end) {
        int[] d = buffer(count + 1);
        d[3 * count] = id;
        d[3 * count + 1] = start;
        d[3 * count + 2] = end;
        count++;
    }

    /** The tokens as objects, their texts {@code vocabulary.idToToken(id)}. */
    List<Token> toTokens(Model vocabulary) {
        List<Token> tokens = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) tokens.add(new Token(id(k), vocabulary.idToToken(id(k)), start(k), end(k)));
        return tokens;
    }

    /**
     * Caches these tokens as those of the word {@code word[0, length)}, whose String.hashCode is
     * {@code hash}.
     */
    void cacheAs(WordCache cache, char[] word, int length, int hash) {
        // The cache copies what it keeps: the columns are scratch, reused from word to word.
        if (cacheIds == null || cacheIds.length < count) {
            int n = cacheIds == null ? count : Math.max(count, 2 * cacheIds.length);
            cacheIds = new int[n];
            cacheStarts = new int[n];
            cacheEnds = new int[n];
        }
        int[] ids = cacheIds;
        int[] starts = cacheStarts;
        int[] ends = cacheEnds;
        for (int t = 0; t < count; t++) {
            ids[t] = id(t);
            starts[t] = start(t);
            ends[t] = end(t);
        }
        cache.put(word, 0, length, hash, count, ids, starts, ends);
    }

    /** Copies the {@code count} tokens {@code ids[k]}, {@code [starts[k], ends[k])}. */
    void fill(int count, int[] ids, int[] starts, int[] ends) {
        int[] d = buffer(count);
        for (int k = 0; k < count; k++) {
            d[3 * k] = ids[k];
            d[3 * k + 1] = starts[k];
            d[3 * k + 2] = ends[k];
        }
        this.count = count;
    }

    /** Copies {@code tokens} (for words the cache does not keep). */
    void fill(List<Token> tokens) {
        int n = tokens.size();
        int[] d = buffer(n);
        for (int k = 0; k < n; k++) {
            Token t = tokens.get(k);
            d[3 * k] = t.id();
            d[3 * k + 1] = t.start();
            d[3 * k + 2] = t.end();
        }
        count = n;
    }
}
