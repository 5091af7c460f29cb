package dev.ferrite.tokenizers.models;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A vocabulary as WordPiece and WordLevel keep it: token to id, and the reverse (the Rust
 * {@code vocab} and {@code vocab_r} hash maps). Ids need not be dense or unique. When several
 * tokens share an id, the Rust library's reverse map keeps whichever its hash map iterates last,
 * which varies from run to run; here the reverse lookup deterministically gives the smallest token
 * in {@link String#compareTo} order.
 */
final class VocabIndex {
    private final Map<String, Integer> ids;
    /**
     * Reverse lookup by array when ids are dense enough, else {@link #sparse}. Set, with
     * {@link #distinct}, while the constructor runs ({@link #place}) and never changed after.
     */
    private String[] dense;
    private final Map<Integer, String> sparse;
    /** How many distinct ids (dense only). */
    private int distinct;

    /** An index of a copy of {@code vocab}. */
    static VocabIndex copyOf(Map<String, Integer> vocab) {
        return new VocabIndex(new HashMap<>(vocab));
    }

    /**
     * An index over {@code vocab} itself, which the caller hands over and must not change: the JSON
     * readers' maps, made for the model alone (a copy of tens of thousands of entries costs load time).
     */
    static VocabIndex adopt(HashMap<String, Integer> vocab) {
        return new VocabIndex(vocab);
    }

    private VocabIndex(HashMap<String, Integer> vocab) {
        this.ids = vocab;
        // One pass, a call per entry (compiled early, where a loop over tens of thousands of
        // entries in a constructor runs interpreted): ids are 0..n-1 in practice, so the array
        // starts at n and grows for a larger id, until one is too large for an array at all.
        int limit = 2 * vocab.size() + 1024;
        dense = new String[vocab.size()];
        int max = -1;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            int id = e.getValue();
            if (id < 0) throw new IllegalArgumentException("negative id " + id);
            max = Math.max(max, id);
            if (max >= limit) break;
            place(e.getKey(), id);
        }
        if (max < limit) {
            if (dense.length != max + 1) dense = Arrays.copyOf(dense, max + 1);
            sparse = null;
        } else {
            dense = null;
            sparse = new HashMap<>();
            for (var e : ids.entrySet()) {
                if (e.getValue() < 0) throw new IllegalArgumentException("negative id " + e.getValue());
                sparse.merge(e.getValue(), e.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
    }

    /** Records {@code token} as the name of {@code id} if it is the first or the smallest so far. */
    private void place(String token, int id) {
        if (id >= dense.length) dense = Arrays.copyOf(dense, Math.max(id + 1, 2 * dense.length));
        String old = dense[id];
        if (old == null) distinct++;
        if (old == null || token.compareTo(old) < 0) dense[id] = token;
    }

    /** Whether no two tokens share an id. */
    boolean hasUniqueIds() {
        return (dense == null ? sparse.size() : distinct) == ids.size();
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** A token with this id, or null. */
    String token(int id) {
        if (dense != null) return id >= 0 && id < dense.length ? dense[id] : null;
        return sparse.get(id);
    }

    /** The number of distinct tokens. */
    int size() {
        return ids.size();
    }

    /** The token to id entries (read-only view). */
    Map<String, Integer> entries() {
        return Collections.unmodifiableMap(ids);
    }

    /** The token to id map itself, for the model's own reading (not to be changed). */
    Map<String, Integer> map() {
        return ids;
    }
}
