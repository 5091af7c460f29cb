package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded, lock-free cache from a word to its tokens, shared by all threads that use one model.
 * Rust's cache ({@code utils/cache.rs}) stops storing once full; this one starts again, larger up to a
 * bound, when the text keeps bringing new words. Neither changes results: a word always tokenizes the
 * same way (without dropout).
 *
 * <p>Dense: a table is an arena of ints where entries lie back to back, each [length | token count
 * &lt;&lt; 16, the UTF-16 units two per int, the ids, the offsets two per int (none for one token
 * over the whole word, see {@link #WHOLE})], and an index of ints (open addressing, linear probing,
 * at most half full), a cell holding the entry's place in the arena and, in its high bits, a tag
 * from the word's hash. A lookup reads a cell, then the entry:
 * two loads, as a set-associative table of fixed 32-int slots took, but an English piece (4-6 units,
 * 1-2 tokens) takes 4-7 ints instead of 32, so the 22,000 distinct pieces of the English corpus fit
 * in about 1.3 MB, where the slots took 8 MB: the lookups that missed the processor's caches (most of
 * the time left in a pass) now mostly hit them. Why not entries as (String, List&lt;Token&gt;)
 * objects: a hit then walks from the slot to the entry, its string, the string's bytes, the list, its
 * array and every token, each a likely cache miss.
 *
 * <p>A table is never cleaned: when its index has no room for another word, or its arena for the
 * entry, the table is replaced by an empty one twice as large, and at the bound by an empty one of
 * the same size; the replaced table stays as the previous one, whose words are copied into the new
 * table as they are looked up, and the words not asked for before the next replacement are forgotten.
 * At the bound (131,072 words at Rust's default capacity) a table holds every distinct word of the
 * corpora, multilingual too, so steady text stops missing; on text that overflows it, the copying
 * keeps the words in use about as well as the use counts of the set-associative table did (a dropped
 * table instead of a previous one was up to 12% slower there).
 *
 * <p>Threads. An entry is immutable once published. A writer reserves its room and its count of words
 * with one atomic add on the table's fill cell (a cache line of its own), writes the entry with plain
 * stores, then publishes the entry's place with a CAS on an empty index cell (a release); a reader
 * loads a cell with acquire and then sees the whole entry, with no version to check again. An entry
 * copied from the previous table is published the same way. Two threads may store the same word
 * twice (the first found answers). Tables are replaced under the cache's lock, by volatile writes; a
 * reader still on an old one finds right answers or misses. A hit in the current table writes
 * nothing, so threads that share the cache do not make its cache lines travel between cores.
 */
final class WordCache {
    /** Rust's {@code MAX_LENGTH}: longer words seldom repeat, so they are not worth a place. */
    static final int MAX_WORD_LENGTH = 256;

    /** Arena ints per word a table may hold: an English piece takes 4-7, a multilingual one more. */
    private static final int INTS_PER_WORD = 8;
    /**
     * The smallest arena, so that any word fits an empty table: one of 255 units has at most 3
     * tokens a unit (the bytes of U+FFFD for a lone surrogate), 1 + 128 + 765 + 383 ints.
     */
    private static final int MIN_ARENA = 2048;
    /** The most words a table may hold: its arena's places must leave bits for a tag in a cell. */
    private static final int MAX_WORDS = 1 << 24;
    /** Fibonacci hashing spreads String.hashCode (whose low bits follow the last unit) over the index. */
    private static final int SPREAD = 0x9E3779B9;
    /**
     * In an entry's first int: the word is one token from its start to its end, and its offsets are
     * not stored (most pieces merge to one token: 83% of Llama 2's English ones).
     */
    private static final int WHOLE = 1 << 15;
    /** In an entry's first int: the word's length. */
    private static final int LENGTH = WHOLE - 1;
    /** Index of the fill cell in its padded array: 8 longs (64 bytes, a cache line) on either side. */
    private static final int FILL_AT = 8;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** One arena and its index; replaced whole when full. */
    private static final class Table {
        /** Entries back to back from 1 (a cell of 0 is empty). */
        final int[] arena;
        /** Cells: tag | place of the entry in the arena; 0 for an empty cell. */
        final int[] index;
        /** Words it may hold: half its cells. */
        final int words;
        /** A word's home cell is {@code (hash * SPREAD) >>> shift}. */
        final int shift;
        final int cellMask;
        final int placeMask;
        final int tagMask;
        /** Words stored << 32 | the arena's first free int, at {@code fill[FILL_AT]}. */
        final long[] fill = new long[2 * FILL_AT + 1];

        Table(int words) {
            this.words = words;
            arena = new int[Math.max(MIN_ARENA, INTS_PER_WORD * words)];
            index = new int[2 * words];
            shift = Integer.numberOfLeadingZeros(index.length) + 1;
            cellMask = index.length - 1;
            placeMask = arena.length - 1;
            tagMask = ~placeMask;
            fill[FILL_AT] = 1;
        }

        /** The tag of a word whose spread hash is {@code spread}: bits below those that chose its home cell. */
        int tag(int spread) {
            return (spread << (32 - shift)) & tagMask;
        }
    }

    private volatile Table table;
    /**
     * The table that {@link #table} replaced, or null: a word looked up and found only there is
     * copied into the current table, so that the words in use outlive a replacement (a growth need
     * not merge them again, and at the bound only the words not asked for since the last
     * replacement are forgotten: a second chance, as the use counts of set-associative tables gave).
     */
    private volatile Table previous;
    /** Words of the largest table the cache may grow to. */
    private final int maxWords;

    /** A cache of room for at least {@code capacity} words (rounded up to a power of two, at least 4); capacity > 0. */
    WordCache(int capacity) {
        this(capacity, capacity);
    }

    /**
     * A cache of room for at least {@code capacity} words that grows, doubling, up to at least
     * {@code maxCapacity} words when the text keeps bringing new ones: once a table is full, it is
     * replaced by one twice as large (empty, the words in use copied over as they are asked for).
     * Text with a small working set of words seldom grows it; varied text (multilingual text brings
     * tens of thousands of distinct words) does, up to the bound. A word's room costs
     * {@value #INTS_PER_WORD} ints of arena and two of index, in the current table and the previous.
     */
    WordCache(int capacity, int maxCapacity) {
        int firstWords = wordCount(capacity);
        table = new Table(firstWords);
        maxWords = Math.max(firstWords, wordCount(maxCapacity));
    }

    private static int wordCount(int capacity) {
        return Math.min(MAX_WORDS, Math.max(4, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1));
    }

    /**
     * Replaces {@code full} (if still current) by an empty table, twice as large up to the bound,
     * and keeps it as the previous one; returns the current table.
     */
    private synchronized Table replaced(Table full) {
        if (table == full) {
            previous = full;
            table = new Table(Math.min(2 * full.words, maxWords));
        }
        return table;
    }

    /** Words the current table has room for. */
    int capacity() {
        return table.words;
    }

    /** The cached tokens of {@code word} (offsets into it), their texts {@code vocabulary.idToToken(id)}, or null. */
    List<Token> get(String word, Model vocabulary) {
        char[] text = word.toCharArray();
        int n = text.length;
        Table t = table;
        int e = find(t, text, 0, n, word.hashCode());
        if (e < 0) {
            WordTokens out = new WordTokens(4); // the previous table, seldom asked
            return fromPrevious(text, 0, n, word.hashCode(), 0, out) ? out.toTokens(vocabulary) : null;
        }
        // Token objects made straight from the entry: the general pipeline asks for about a word a
        // line, and a holder in between cost ~100 bytes each (Qwen 3 on the multilingual corpus).
        int[] d = t.arena;
        int head = d[e];
        int count = head >>> 16;
        int ids = ids(e, n);
        List<Token> tokens = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int id = d[ids + k];
            int o = (head & WHOLE) != 0 ? n << 8 : offsets(d, ids, count, k);
            tokens.add(new Token(id, vocabulary.idToToken(id), o & 0xFF, o >>> 8 & 0xFF));
        }
        return tokens;
    }

    /**
     * Leaves the cached tokens of the word {@code text[from, to)} (whose {@link String#hashCode} is {@code hash}) in
     * {@code out} as ids and offsets relative to {@code from}, without token objects; returns false
     * when the word is not cached, {@code out} then unspecified.
     */
    boolean readInto(char[] text, int from, int to, int hash, WordTokens out) {
        out.setCount(0);
        return appendInto(text, from, to, hash, 0, out);
    }

    /**
     * Appends the cached tokens of the word {@code text[from, to)} (whose {@link String#hashCode} is {@code hash}) to
     * {@code out} as ids and offsets, shifted by {@code shift}; returns false, adding nothing, when
     * the word is not cached.
     */
    boolean appendInto(char[] text, int from, int to, int hash, int shift, WordTokens out) {
        Table t = table;
        int e = find(t, text, from, to, hash);
        if (e < 0) return fromPrevious(text, from, to, hash, shift, out);
        read(t.arena, e, to - from, shift, out);
        return true;
    }

    /** {@link #appendInto} from the previous table, whose entry, if any, is copied into the current one. */
    private boolean fromPrevious(char[] text, int from, int to, int hash, int shift, WordTokens out) {
        Table old = previous;
        int e;
        if (old == null || (e = find(old, text, from, to, hash)) < 0) return false;
        read(old.arena, e, to - from, shift, out);
        int head = old.arena[e];
        int size = size(to - from, head >>> 16, (head & WHOLE) != 0);
        Table t = table;
        int at = reserve(t, size);
        if (at < 0 && (at = reserve(t = replaced(t), size)) < 0) return true; // filled meanwhile: not kept
        System.arraycopy(old.arena, e, t.arena, at, size);
        publish(t, hash, at);
        return true;
    }

    /** Appends the tokens of the entry at {@code e} of {@code d}, a word of {@code n} units, shifted, to {@code out}. */
    private static void read(int[] d, int e, int n, int shift, WordTokens out) {
        int head = d[e];
        int count = head >>> 16;
        int ids = ids(e, n);
        int at = out.count();
        int[] tokens = out.buffer(at + count);
        if ((head & WHOLE) != 0) {
            tokens[3 * at] = d[ids];
            tokens[3 * at + 1] = shift;
            tokens[3 * at + 2] = n + shift;
        } else {
            for (int k = 0, j = 3 * at; k < count; k++, j += 3) {
                int o = offsets(d, ids, count, k);
                tokens[j] = d[ids + k];
                tokens[j + 1] = (o & 0xFF) + shift;
                tokens[j + 2] = (o >>> 8 & 0xFF) + shift;
            }
        }
        out.setCount(at + count);
    }

    /** Where the ids of the entry at {@code e}, a word of {@code n} units, start: after its first int and the units. */
    private static int ids(int e, int n) {
        return e + 1 + (n + 1) / 2;
    }

    /**
     * The offsets of token {@code k} of an entry not {@link #WHOLE}, whose {@code count} ids start at
     * {@code ids}: start in the low byte, end in the next (two tokens an int, after the ids).
     */
    private static int offsets(int[] d, int ids, int count, int k) {
        return d[ids + count + (k >> 1)] >>> ((k & 1) << 4);
    }

    /** Where the entry of the word {@code text[from, to)}, whose hash is {@code hash}, starts in {@code t}'s arena; -1 if none. */
    private static int find(Table t, char[] text, int from, int to, int hash) {
        int[] index = t.index;
        int spread = hash * SPREAD;
        int tag = t.tag(spread);
        for (int i = spread >>> t.shift; ; i = (i + 1) & t.cellMask) {
            int cell = (int) INTS.getAcquire(index, i); // pairs with the CAS that published the entry
            if (cell == 0) return -1; // a table is at most half full: probing ends
            int e = cell & t.placeMask;
            if ((cell & t.tagMask) == tag && holds(t.arena, e, text, from, to)) return e;
        }
    }

    /** Whether the entry at {@code e} is that of the word {@code text[from, to)}. */
    private static boolean holds(int[] d, int e, char[] text, int from, int to) {
        int n = to - from;
        if ((d[e] & LENGTH) != n) return false;
        int p = e + 1;
        for (int i = 0; i + 1 < n; i += 2, p++) {
            int w = d[p];
            if ((char) w != text[from + i] || (char) (w >>> 16) != text[from + i + 1]) return false;
        }
        return (n & 1) == 0 || (char) d[p] == text[to - 1];
    }

    /**
     * Reads the index cell and the entry's first ints of each of the {@code count} words whose
     * hashes are {@code pieces[2k + 1]}, so that the lookups that follow find them near: these loads
     * do not depend on one another, so the processor waits for their cache misses together (Java has
     * no prefetch instruction). A hint only: what it reads is left in {@code sink.touched}, so the
     * reads stay.
     */
    void touch(int[] pieces, int count, WordTokens sink) {
        Table t = table;
        int[] index = t.index;
        int[] arena = t.arena;
        int sum = 0;
        for (int k = 0; k < count; k++) {
            int spread = pieces[2 * k + 1] * SPREAD;
            int i = spread >>> t.shift;
            int cell = index[i];
            // A word lies in its home cell unless another took that first: then mostly in the next
            // (an empty cell reads the arena's unused first int, a harmless read).
            if ((cell & t.tagMask) != t.tag(spread)) cell = index[(i + 1) & t.cellMask];
            sum += arena[cell & t.placeMask];
        }
        sink.touched += sum;
    }

    /** Remembers the tokens of {@code word}, with offsets into it (copied: the caller keeps its list). */
    void put(String word, List<Token> tokens) {
        put(word.toCharArray(), 0, word.length(), word.hashCode(), tokens);
    }

    /**
     * Remembers the tokens of the word {@code text[from, to)}, whose {@link String#hashCode} is
     * {@code hash}, with offsets relative to {@code from} (copied: the caller keeps its list).
     */
    void put(char[] text, int from, int to, int hash, List<Token> tokens) {
        int count = tokens.size();
        int[] ids = new int[count];
        int[] starts = new int[count];
        int[] ends = new int[count];
        for (int t = 0; t < count; t++) {
            ids[t] = tokens.get(t).id();
            starts[t] = tokens.get(t).start();
            ends[t] = tokens.get(t).end();
        }
        put(text, from, to, hash, count, ids, starts, ends);
    }

    /**
     * Remembers the {@code count} tokens {@code ids[t]}, {@code [starts[t], ends[t])} (relative to
     * {@code from}, within the word) of the word {@code text[from, to)}, whose
     * {@link String#hashCode} is {@code hash} (copied: the caller keeps its arrays). Words of
     * {@value #MAX_WORD_LENGTH} units or more are not kept.
     */
    void put(char[] text, int from, int to, int hash, int count, int[] ids, int[] starts, int[] ends) {
        int n = to - from;
        if (n >= MAX_WORD_LENGTH) return; // not worth a place
        boolean whole = count == 1 && starts[0] == 0 && ends[0] == n;
        int size = size(n, count, whole);
        Table t = table;
        int e = reserve(t, size);
        if (e < 0 && (e = reserve(t = replaced(t), size)) < 0) return; // filled meanwhile by other threads: forget the word
        int[] d = t.arena;
        d[e] = n | count << 16 | (whole ? WHOLE : 0);
        int p = e + 1;
        for (int i = 0; i < n; i += 2) {
            int lo = text[from + i];
            int hi = i + 1 < n ? text[from + i + 1] : 0;
            d[p++] = lo | hi << 16;
        }
        System.arraycopy(ids, 0, d, p, count);
        int offsets = p + count;
        for (int k = 0; k < count && !whole; k += 2) {
            int packed = starts[k] | ends[k] << 8; // offsets lie in a word of fewer than 256 units
            if (k + 1 < count) packed |= (starts[k + 1] | ends[k + 1] << 8) << 16;
            d[offsets + (k >> 1)] = packed;
        }
        publish(t, hash, e);
    }

    /** Ints of the entry of a word of {@code n} units and {@code count} tokens ({@code whole}: one over the whole word). */
    private static int size(int n, int count, boolean whole) {
        return 1 + (n + 1) / 2 + count + (whole ? 0 : (count + 1) / 2);
    }

    /** Makes the entry written at {@code e} of {@code t}'s arena, of a word whose hash is {@code hash}, visible to lookups. */
    private static void publish(Table t, int hash, int e) {
        int spread = hash * SPREAD;
        int cell = t.tag(spread) | e;
        int[] index = t.index;
        // Reserved words leave half the cells empty, so an empty cell is found; a CAS lost to another
        // writer moves on to the next cell.
        for (int i = spread >>> t.shift; ; i = (i + 1) & t.cellMask) {
            if (index[i] == 0 && INTS.compareAndSet(index, i, 0, cell)) return;
        }
    }

    /** Reserves a word and {@code size} ints of {@code t}'s arena; returns where the ints start, or -1 when {@code t} is full. */
    private static int reserve(Table t, int size) {
        long before = (long) LONGS.getAndAdd(t.fill, FILL_AT, 1L << 32 | size);
        int words = (int) (before >>> 32);
        int e = (int) before;
        return words < t.words && e + size <= t.arena.length ? e : -1;
    }
}
