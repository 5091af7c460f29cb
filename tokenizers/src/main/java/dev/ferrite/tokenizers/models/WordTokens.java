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
    /** Scratch of {@link Bpe} while it cuts a word: where each piece starts, and its hash. */
    private int[] pieces = new int[32];
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
        if (data.length < 3 * count) data = java.util.Arrays.copyOf(data, Math.max(3 * count, 2 * data.length));
        return data;
    }

    /** The scratch array of pieces, with room for {@code n} of them (two ints each). */
    int[] pieces(int n) {
        if (pieces.length < 2 * n) pieces = Arrays.copyOf(pieces, Math.max(2 * n, 2 * pieces.length));
        return pieces;
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
     * {@code hash}: packed, or as token objects named by {@code vocabulary} when they do not fit a slot.
     */
    void cacheAs(WordCache cache, char[] word, int length, int hash, Model vocabulary) {
        int[] ids = new int[count];
        int[] starts = new int[count];
        int[] ends = new int[count];
        for (int t = 0; t < count; t++) {
            ids[t] = id(t);
            starts[t] = start(t);
            ends[t] = end(t);
        }
        if (!cache.put(word, 0, length, hash, count, ids, starts, ends)) cache.put(word, 0, length, hash, toTokens(vocabulary));
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
