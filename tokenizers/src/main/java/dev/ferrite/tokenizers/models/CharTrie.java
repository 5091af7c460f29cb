package dev.ferrite.tokenizers.models;

import java.util.Arrays;

/**
 * An immutable trie over UTF-16 code units that maps strings to non-negative int values. Nodes are
 * ints ({@link #ROOT} is the empty prefix); edges live in one open-addressing hash table keyed by
 * {@code (node, char)}, so a step costs one multiply and usually one probe, and walking a word never
 * allocates. The models use it for longest-match (WordPiece) and common-prefix search (Unigram),
 * where the Rust library probes a hash map per substring (wordpiece/mod.rs) or walks a byte trie
 * made of nested hash maps (unigram/trie.rs).
 */
final class CharTrie {
    static final int ROOT = 0;
    /** Returned by {@link #child} for a missing edge and by {@link #value} for a node that ends no string. */
    static final int NONE = -1;

    /** An empty slot: keys are {@code (node, char)} plus one, never zero, so a new table is empty as allocated. */
    private static final long EMPTY = 0L;

    /**
     * Edges: {@code table[2i]} the key {@code (node, char)}, {@code table[2i + 1]} the target node
     * in the high half and the target's value in the low half, side by side so that a step reads
     * one cache line (see {@link #step}).
     */
    private final long[] table;
    private final int mask;
    private final int[] values;

    private CharTrie(long[] table, int[] values) {
        this.table = table;
        this.mask = table.length / 2 - 1;
        this.values = values;
    }

    /** The node reached from {@code node} by {@code c}, or {@link #NONE}. {@code node} must not be NONE. */
    int child(int node, char c) {
        long step = step(node, c);
        return step == NO_STEP ? NONE : (int) (step >>> 32);
    }

    /** Returned by {@link #step} when there is no edge. */
    static final long NO_STEP = -1L;

    /**
     * The edge from {@code node} by {@code c}: the node reached in the high 32 bits and its value
     * ({@link #value}, possibly {@link #NONE}) in the low 32 bits, or {@link #NO_STEP}. One probe
     * gives both, where {@code child} then {@code value} would read two arrays.
     */
    long step(int node, char c) {
        long key = edgeKey(node, c);
        long[] t = table;
        int slot = slot(key, mask);
        while (true) {
            long k = t[2 * slot];
            if (k == key) return t[2 * slot + 1];
            if (k == EMPTY) return NO_STEP;
            slot = (slot + 1) & mask;
        }
    }

    /** The value of the string that ends at {@code node}, or {@link #NONE}. */
    int value(int node) {
        return values[node];
    }

    /** The node reached from {@code node} by all of {@code s}, or {@link #NONE}. */
    int walk(int node, CharSequence s) {
        for (int i = 0; i < s.length() && node != NONE; i++) node = child(node, s.charAt(i));
        return node;
    }

    int nodeCount() {
        return values.length;
    }

    private static long edgeKey(int node, char c) {
        return ((long) node << 16 | c) + 1;
    }

    private static int slot(long key, int mask) {
        // The low bits of a product depend only on the low bits of the key (the char); folding
        // the high half in lets the node number choose the slot too.
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * Collects strings; a later {@link #put} of the same string replaces the value. It builds the
     * trie's table itself (an edge's slot holds its target's value, set when a string ends there),
     * so {@link #build} copies nothing but the values.
     */
    static final class Builder {
        /*
         * Small at first, not presized for a vocabulary: when the table and values grow early,
         * the growth branches are in the JIT's profile; presized, they were first taken once
         * childSlot and put were compiled, which threw both out (an uncommon trap) mid-load.
         */
        private long[] table = new long[2 * 16];
        private int edges;
        private int[] values = {NONE};
        private int nodes = 1;

        /** Maps {@code s} to {@code value} (>= 0); returns the value it had before, or {@link #NONE}. */
        int put(CharSequence s, int value) {
            if (value < 0) throw new IllegalArgumentException("trie values are non-negative");
            int node = ROOT;
            int slot = -1;
            for (int i = 0; i < s.length(); i++) {
                slot = childSlot(node, s.charAt(i));
                node = (int) (table[2 * slot + 1] >>> 32);
            }
            int before = values[node];
            values[node] = value;
            if (slot >= 0) table[2 * slot + 1] = (long) node << 32 | value;
            return before;
        }

        CharTrie build() {
            return new CharTrie(table, Arrays.copyOf(values, nodes));
        }

        /** The slot of the edge from {@code node} by {@code c}, added (to a new node) if missing. */
        private int childSlot(int node, char c) {
            long key = edgeKey(node, c);
            long[] t = table;
            int mask = t.length / 2 - 1;
            int slot = slot(key, mask);
            while (true) {
                long k = t[2 * slot];
                if (k == key) return slot;
                if (k == EMPTY) break;
                slot = (slot + 1) & mask;
            }
            int child = nodes++;
            if (child == values.length) {
                values = Arrays.copyOf(values, child * 2);
                Arrays.fill(values, child, values.length, NONE);
            }
            t[2 * slot] = key;
            t[2 * slot + 1] = (long) child << 32 | (NONE & 0xFFFFFFFFL);
            // Keep the table at most half full so that probe runs stay short.
            if (++edges * 4 > t.length) {
                grow();
                return find(key);
            }
            return slot;
        }

        private int find(long key) {
            int mask = table.length / 2 - 1;
            int slot = slot(key, mask);
            while (table[2 * slot] != key) slot = (slot + 1) & mask;
            return slot;
        }

        private void grow() {
            long[] old = table;
            table = new long[2 * old.length];
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != EMPTY) move(old[i], old[i + 1]);
            }
        }

        /** Puts an edge into the grown table (a method of its own: called for every edge, it is compiled early). */
        private void move(long key, long entry) {
            long[] t = table;
            int mask = t.length / 2 - 1;
            int slot = slot(key, mask);
            while (t[2 * slot] != EMPTY) slot = (slot + 1) & mask;
            t[2 * slot] = key;
            t[2 * slot + 1] = entry;
        }
    }
}
