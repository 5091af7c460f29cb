package dev.ferrite.tokenizers.models;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The token naming each id of a vocabulary (the Rust {@code vocab_r}): of tokens sharing an id, the
 * smallest by {@link String#compareTo}, whatever order the map iterates in (the Rust library keeps
 * whichever its hash map iterates last, which varies from run to run). By array while the ids are
 * dense enough (0..n-1 in practice; a few gaps are fine), else by hash map.
 *
 * <p>Filled one entry at a time by the model's one pass over its vocabulary ({@link #add}: a call
 * per entry is compiled early, where the loop of a method run once stays interpreted), then
 * {@link #finish}ed; read-only after that.
 */
final class TokenNames {
    /** An id of this or more makes the array too sparse: the names go to {@link #sparse}. */
    private final long denseLimit;
    /** The name of each id; null once an id reaches denseLimit. */
    private String[] dense;
    private Map<Integer, String> sparse;
    private int maxId = -1;
    /** How many ids have a name. */
    private int distinct;

    /** Names for a vocabulary of {@code size} entries. */
    TokenNames(int size) {
        denseLimit = 2L * size + 1024;
        dense = new String[size];
    }

    /** Records {@code token} as a name of {@code id}, which the caller has checked is not negative. */
    void add(String token, int id) {
        if (id > maxId) maxId = id;
        String[] d = dense;
        if (d == null) {
            addSparse(token, id);
            return;
        }
        if (id >= denseLimit) {
            toSparse();
            addSparse(token, id);
            return;
        }
        if (id >= d.length) dense = d = Arrays.copyOf(d, (int) Math.min(denseLimit, Math.max(2L * d.length, id + 1L)));
        String old = d[id];
        if (old == null) distinct++;
        if (old == null || token.compareTo(old) < 0) d[id] = token;
    }

    /** Moves the names so far from the array to the map, once an id makes the array too sparse. */
    private void toSparse() {
        sparse = new HashMap<>();
        for (int id = 0; id < dense.length; id++) if (dense[id] != null) sparse.put(id, dense[id]);
        dense = null;
    }

    private void addSparse(String token, int id) {
        String old = sparse.get(id);
        if (old == null) distinct++;
        if (old == null || token.compareTo(old) < 0) sparse.put(id, token);
    }

    /** Ends the filling. */
    void finish() {
        if (dense != null && dense.length != maxId + 1) dense = Arrays.copyOf(dense, maxId + 1);
    }

    /** The token naming {@code id}, or null. */
    String token(int id) {
        if (dense != null) return id >= 0 && id < dense.length ? dense[id] : null;
        return sparse.get(id);
    }

    /** The largest id, or -1 for an empty vocabulary. */
    int maxId() {
        return maxId;
    }

    /** How many distinct ids the vocabulary has. */
    int distinct() {
        return distinct;
    }
}
