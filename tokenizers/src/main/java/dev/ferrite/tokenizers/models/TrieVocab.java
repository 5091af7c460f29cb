package dev.ferrite.tokenizers.models;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A vocabulary held in a {@link CharTrie} alone, as WordPiece matches against it: token to id by a
 * walk of the trie, id to token by {@link TokenNames} (the Rust {@code vocab} and {@code vocab_r}
 * hash maps). Ids need not be dense or unique; of a token given twice, the later id counts, as in a
 * map. No hash map of the tokens is made: on a 30,000-token vocabulary, filling one and walking it
 * twice took most of a tokenizer's first load, where the trie, which matching needs anyway, answers
 * the few lookups by token (the unk token, added tokens) as well.
 *
 * <p>Entry {@code e} is the {@code e}-th token given, {@code entryTokens()[e]} with id
 * {@code entryIds()[e]}; a trie node's value is the entry of the token that ends there.
 */
final class TrieVocab {
    private final CharTrie trie;
    private final String[] tokens;
    private final int[] ids;
    private final TokenNames names;
    /** How many distinct tokens (entries not replaced by a later one of the same token). */
    private final int size;

    private TrieVocab(CharTrie trie, String[] tokens, int[] ids, TokenNames names, int size) {
        this.trie = trie;
        this.tokens = tokens;
        this.ids = ids;
        this.names = names;
        this.size = size;
    }

    /** A vocabulary of the entries of {@code vocab}. */
    static TrieVocab of(Map<String, Integer> vocab) {
        Builder b = new Builder(vocab.size());
        for (Map.Entry<String, Integer> e : vocab.entrySet()) b.add(e.getKey(), e.getValue());
        return b.build();
    }

    /** The trie of the tokens; a node's value is an entry. */
    CharTrie trie() {
        return trie;
    }

    /** The token of each entry (the array itself: not to be changed). */
    String[] entryTokens() {
        return tokens;
    }

    /** The id of each entry (the array itself: not to be changed). */
    int[] entryIds() {
        return ids;
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        int node = trie.walk(CharTrie.ROOT, token);
        int entry = node == CharTrie.NONE ? CharTrie.NONE : trie.value(node);
        return entry == CharTrie.NONE ? -1 : ids[entry];
    }

    /** A token with this id (of several, the smallest), or null. */
    String token(int id) {
        return names.token(id);
    }

    /** The number of distinct tokens. */
    int size() {
        return size;
    }

    /** Whether no two tokens share an id. */
    boolean hasUniqueIds() {
        return names.distinct() == size;
    }

    /** The token to id entries, as a new read-only map. */
    Map<String, Integer> entries() {
        Map<String, Integer> map = HashMap.newHashMap(size);
        for (int e = 0; e < tokens.length; e++) if (isLive(e)) map.put(tokens[e], ids[e]);
        return Collections.unmodifiableMap(map);
    }

    /** Whether entry {@code e} is its token's entry (not replaced by a later one of the same token). */
    private boolean isLive(int e) {
        return trie.value(trie.walk(CharTrie.ROOT, tokens[e])) == e;
    }

    /**
     * Takes the tokens one at a time ({@link #add}: a call per entry is compiled early, where the
     * loop of a method run once stays interpreted) into the trie, the entries and the names at once.
     */
    static final class Builder {
        private final CharTrie.Builder trie;
        private String[] tokens;
        private int[] ids;
        private int count;
        private TokenNames names;
        /** Entries replaced by a later entry of the same token. */
        private int replaced;

        /** A builder for about {@code size} tokens. */
        Builder(int size) {
            trie = new CharTrie.Builder();
            tokens = new String[size];
            ids = new int[size];
            names = new TokenNames(size);
        }

        /** Adds {@code token} with {@code id}, which must not be negative; a token added again takes the new id. */
        void add(String token, int id) {
            if (id < 0) throw new IllegalArgumentException("negative id " + id);
            int e = count;
            if (e == tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.max(16, 2 * e));
                ids = Arrays.copyOf(ids, tokens.length);
            }
            tokens[e] = token;
            ids[e] = id;
            count = e + 1;
            if (trie.put(token, e) != CharTrie.NONE) replaced++;
            names.add(token, id);
        }

        TrieVocab build() {
            CharTrie t = trie.build();
            String[] tk = count == tokens.length ? tokens : Arrays.copyOf(tokens, count);
            int[] is = count == ids.length ? ids : Arrays.copyOf(ids, count);
            TokenNames n = names;
            if (replaced > 0) {
                // A replaced entry's id must not name its token: name the ids again from the live
                // entries (a vocabulary with a token written twice is rare; one without is the fast path).
                TrieVocab partial = new TrieVocab(t, tk, is, n, count - replaced);
                n = new TokenNames(count);
                for (int e = 0; e < count; e++) if (partial.isLive(e)) n.add(tk[e], is[e]);
            }
            n.finish();
            return new TrieVocab(t, tk, is, n, count - replaced);
        }
    }
}
