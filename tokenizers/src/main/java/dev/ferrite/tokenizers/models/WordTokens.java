package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.List;

/**
 * The tokens of one word as {@link Bpe#tokenize(char[], int, int, WordTokens)} leaves them: for
 * token {@code k < count()}, its id and its UTF-16 offsets into the word, as the {@link Token}s of
 * {@link Bpe#tokenize(String)} would carry them; the token's text is {@code idToToken(id(k))}.
 * A view into the model's cache, valid until the next call with the same holder. One holder per
 * thread: it is reused from word to word and is not thread-safe.
 */
public final class WordTokens {
    private static final int[] NONE = new int[0];

    private int[] data = NONE;
    private int offset;
    private int count;
    private int[] own = NONE;

    /** Number of tokens. */
    public int count() {
        return count;
    }

    public int id(int k) {
        return data[offset + 3 * k];
    }

    public int start(int k) {
        return data[offset + 3 * k + 1];
    }

    public int end(int k) {
        return data[offset + 3 * k + 2];
    }

    void point(int[] data, int offset, int count) {
        this.data = data;
        this.offset = offset;
        this.count = count;
    }

    /** Copies {@code tokens} into this holder's own array (for words the cache does not keep). */
    void fill(List<Token> tokens) {
        int n = tokens.size();
        if (own.length < 3 * n) own = new int[Math.max(3 * n, 48)];
        for (int k = 0; k < n; k++) {
            Token t = tokens.get(k);
            own[3 * k] = t.id();
            own[3 * k + 1] = t.start();
            own[3 * k + 2] = t.end();
        }
        point(own, 0, n);
    }
}
