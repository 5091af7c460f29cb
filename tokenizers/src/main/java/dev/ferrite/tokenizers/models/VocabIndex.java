package dev.ferrite.tokenizers.models;

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
    /** Reverse lookup by array when ids are dense enough, else {@link #sparse}. */
    private final String[] dense;
    private final Map<Integer, String> sparse;

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
        int max = -1;
        for (int id : ids.values()) {
            if (id < 0) throw new IllegalArgumentException("negative id " + id);
            max = Math.max(max, id);
        }
        if (max < 2 * ids.size() + 1024) {
            dense = new String[max + 1];
            sparse = null;
            for (var e : ids.entrySet()) {
                String old = dense[e.getValue()];
                if (old == null || e.getKey().compareTo(old) < 0) dense[e.getValue()] = e.getKey();
            }
        } else {
            dense = null;
            sparse = new HashMap<>();
            for (var e : ids.entrySet()) {
                sparse.merge(e.getValue(), e.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
    }

    /** Whether no two tokens share an id. */
    boolean hasUniqueIds() {
        if (dense == null) return sparse.size() == ids.size();
        int n = 0;
        for (String t : dense) if (t != null) n++;
        return n == ids.size();
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
}
