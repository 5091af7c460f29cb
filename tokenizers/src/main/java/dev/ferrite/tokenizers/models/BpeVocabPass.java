package dev.ferrite.tokenizers.models;

import java.util.Arrays;

/**
 * The one pass over a BPE vocabulary when a model is built ({@link Bpe}): checks the ids, names each
 * id by a token (of tokens sharing an id, the smallest by {@link String#compareTo}, whatever order
 * the map iterates in), and fills the token table that resolves the merge rules ({@link TokenIds})
 * and the alphabet of initial symbols ({@link BpeAlphabet}). One call per entry: compiled early,
 * where the loop of a method run once stays interpreted.
 */
final class BpeVocabPass {
    final TokenIds ids;
    final BpeAlphabet.Builder alphabet;
    /** Ids are 0..n-1 in practice; a few gaps are fine in an array, an id of this or more is not. */
    private final long denseLimit;
    /** The token naming each id so far, while every id is below denseLimit; null after a larger one. */
    private String[] names;
    /** The largest id seen. */
    int maxId = -1;
    /** How many ids have a name (valid while {@link #names} is not null). */
    int distinct;

    BpeVocabPass(int size, String prefix, String suffix) {
        ids = new TokenIds(size);
        alphabet = new BpeAlphabet.Builder(prefix, suffix);
        denseLimit = 2L * size + 1024;
        names = new String[size + 1];
    }

    void add(String token, Integer boxedId) {
        int id = Bpe.checkedId(token, boxedId);
        if (id > maxId) maxId = id;
        ids.put(token, id);
        alphabet.offer(token, id);
        String[] n = names;
        if (n == null) return;
        if (id >= denseLimit) {
            names = null;
            return;
        }
        if (id >= n.length) names = n = Arrays.copyOf(n, (int) Math.min(denseLimit, Math.max(2L * n.length, id + 1L)));
        String old = n[id];
        if (old == null) distinct++;
        if (old == null || token.compareTo(old) < 0) n[id] = token;
    }

    /** The token of each id from 0 to {@link #maxId} (null for an id without one), or null when the ids are too sparse for an array. */
    String[] names() {
        String[] n = names;
        return n == null || n.length == maxId + 1 ? n : Arrays.copyOf(n, maxId + 1);
    }
}
