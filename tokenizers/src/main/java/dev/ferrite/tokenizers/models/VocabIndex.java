package dev.ferrite.tokenizers.models;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A vocabulary as WordLevel keeps it: token to id, and the reverse (the Rust {@code vocab} and
 * {@code vocab_r} hash maps); a hash map, as WordLevel looks up every word whole (WordPiece, which
 * matches prefixes, keeps a {@link TrieVocab}). Ids need not be dense or unique. When several
 * tokens share an id, the Rust library's reverse map keeps whichever its hash map iterates last,
 * which varies from run to run; here the reverse lookup deterministically gives the smallest token
 * in {@link String#compareTo} order.
 */
final class VocabIndex {
    private final Map<String, Integer> ids;
    private final TokenNames names;

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
        names = new TokenNames(vocab.size());
        // One pass, a call per entry (compiled early, where a loop over tens of thousands of
        // entries in a constructor runs interpreted).
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            int id = e.getValue();
            if (id < 0) throw new IllegalArgumentException("negative id " + id);
            names.add(e.getKey(), id);
        }
        names.finish();
    }

    /** Whether no two tokens share an id. */
    boolean hasUniqueIds() {
        return names.distinct() == ids.size();
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** A token with this id, or null. */
    String token(int id) {
        return names.token(id);
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
