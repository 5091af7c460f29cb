package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded, lock-free cache from a word to its tokens, shared by all threads that use one model.
 * Rust's cache ({@code utils/cache.rs}) stops storing once full; this one keeps adapting to the text
 * at hand. Neither changes results: a word always tokenizes the same way (without dropout).
 *
 * <p>Set associative ({@value #WAYS} ways), with a small use count per slot: a hit raises the
 * count, at first every time, then ever more rarely (about as the logarithm of the uses, see
 * {@link #used}); a new word replaces the slot of its set with the lowest count, and when that one
 * had been used since it came, the other counts are lowered too, so that old uses fade. A word seen once
 * then takes the place of another such word, not of a frequent one (text follows Zipf's law). On
 * the corpora, cutting Llama 2's lines into pieces, this misses 6% of English pieces and 33% of
 * multilingual ones on a repeated pass, where a direct-mapped table of the same size missed 14%
 * and 39%.
 *
 * <p>Why not slots holding (String, List&lt;Token&gt;) objects: a hit then walks from the slot to
 * the entry, its string, the string's bytes, the list, its array and every token, each a likely
 * cache miss, and a BPE model without a pre-tokenizer looks up a piece of every line per word. Here
 * a slot is {@value #SLOT} ints (two cache lines) holding the word's hash, its UTF-16 units and its
 * tokens (ids and offsets) packed together, so a hit on a short word reads one or two cache lines;
 * a table of hashes beside the slots says which way to read. Words whose tokens do not fit a slot
 * go to a small direct-mapped table of objects.
 *
 * <p>Threads: a slot is written under a per-slot sequence lock (the optimistic-read protocol of
 * {@link java.util.concurrent.locks.StampedLock}): a writer makes the version odd with a CAS, writes,
 * then makes it even again; a reader reads the version, the data, and the version again, and treats
 * a change as a miss. A reader may miss an entry that another thread is writing; that costs a
 * recomputation, never a wrong answer. Hashes and counts are hints, read and written without
 * ordering. The object table publishes immutable entries through final fields. Threads that share
 * the cache also share the cache lines it writes, and a write makes the line travel from core to
 * core: so a hit on a frequent word writes nothing, and the count of stored words (for growth) is
 * kept apart from the fields every lookup reads and written only for a sample of the words.
 */
final class WordCache {
    /** Rust's {@code MAX_LENGTH}: longer words seldom repeat, so they are not worth a slot. */
    static final int MAX_WORD_LENGTH = 256;

    private static final int SLOT = 32;
    /** A slot: [0] version, [1] hash, [2] length | token count << 16, then the UTF-16 units two per int, the ids, the offsets two per int. */
    private static final int HEADER = 3;
    private static final int MAX_COUNT = 15;
    /** Slots per set: four keep more of the frequent words than two, and eight age them too fast. */
    private static final int WAYS = 4;
    /** Index of the put counter in its padded array: 16 ints (64 bytes, a cache line) on either side. */
    private static final int PUTS_AT = 16;
    private static final int PUT_SAMPLE = 16;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private record Entry(String word, List<Token> tokens) {
    }

    /** One table of slots; replaced whole (contents dropped) when the cache grows. */
    private static final class Table {
        final int[] slots;
        /** The hash of the word in each slot (a hint: the slot itself is checked). */
        final int[] tags;
        /** The use count of each slot; 0 for an empty or unused one. */
        final byte[] counts;
        final Entry[] overflow;
        /** Sets minus one; slot {@code WAYS * set + way}. */
        final int setMask;
        /**
         * Words stored since this table was made, counted without synchronization in
         * {@code puts[PUTS_AT]}: a cell with a cache line of its own, as every miss writes it and
         * every lookup reads this table's fields. A large table counts only one word in
         * {@value #PUT_SAMPLE}, by hash, and adds {@value #PUT_SAMPLE} for it: a rough count suffices
         * to decide growth, and the cell is written that much less often.
         */
        final int[] puts = new int[2 * PUTS_AT];
        /** Whether only one stored word in {@value #PUT_SAMPLE} is counted (large tables). */
        final boolean samplePuts;

        Table(int n) {
            slots = new int[n * SLOT];
            tags = new int[n];
            counts = new byte[n];
            overflow = new Entry[n / WAYS];
            setMask = n / WAYS - 1;
            samplePuts = n >= 64 * PUT_SAMPLE;
        }

        int set(int hash) {
            return (hash ^ (hash >>> 16)) & setMask;
        }
    }

    private volatile Table table;
    /** Slots of the first table, which {@link #restart} returns to. */
    private final int firstSlots;
    /** Slots of the largest table the cache may grow to. */
    private final int maxSlots;

    /** A cache of at least {@code capacity} slots (rounded up to a power of two, at least {@value #WAYS}); capacity > 0. */
    WordCache(int capacity) {
        this(capacity, capacity);
    }

    /**
     * A cache of at least {@code capacity} slots that grows, doubling, up to at least
     * {@code maxCapacity} slots when the text keeps bringing new words: once a table has stored as
     * many words as it has slots, it is replaced by one twice as large (and empty: a cache may
     * forget). Text with a small working set of words seldom grows it; varied text (multilingual
     * text brings tens of thousands of distinct words) does, up to the bound. A slot costs
     * {@value #SLOT} ints plus 5 bytes of tag and count and a reference per {@value #WAYS} slots.
     */
    WordCache(int capacity, int maxCapacity) {
        firstSlots = slotCount(capacity);
        table = new Table(firstSlots);
        maxSlots = Math.max(slotCount(capacity), slotCount(maxCapacity));
    }

    private static int slotCount(int capacity) {
        return Math.max(WAYS, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
    }

    /**
     * Counts a word of hash {@code hash} stored in {@code t} (see {@link Table#puts}), and replaces
     * {@code t} by an empty table twice its size when it has stored about as many as it has slots.
     * A table that may not grow counts nothing.
     */
    private void stored(Table t, int hash) {
        if (t.tags.length >= maxSlots) return;
        int add = 1;
        if (t.samplePuts) {
            if ((hash * 0x9E3779B9) >>> 28 != 0) return; // high bits of a multiplicative hash: 1 in 16 words
            add = PUT_SAMPLE;
        }
        if ((t.puts[PUTS_AT] += add) >= t.tags.length) grow(t);
    }

    private synchronized void grow(Table full) {
        if (table == full) table = new Table(2 * full.tags.length);
    }

    /**
     * Forgets every word and starts again from the first table, so that the cache grows anew as far
     * as the text at hand needs (a reader of the old table meanwhile misses or finds a right answer).
     */
    void restart() {
        table = new Table(firstSlots);
    }

    /** Whether the current table is the largest this cache may grow to. */
    boolean largest() {
        return table.tags.length >= maxSlots;
    }

    /** Slots of the current table. */
    int capacity() {
        return table.tags.length;
    }

    /** The cached tokens of {@code word} (offsets into it), or null. */
    List<Token> get(String word, Model vocabulary) {
        int hash = word.hashCode();
        ArrayList<Token> out = new ArrayList<>(4);
        if (appendTo(out, word.toCharArray(), 0, word.length(), hash, 0, vocabulary)) return out;
        return null;
    }

    /**
     * Appends the cached tokens of the word {@code text[from, to)}, whose {@link String#hashCode} is
     * {@code hash}, to {@code out}, their offsets shifted by {@code shift}; returns false, adding
     * nothing, when the word is not cached.
     */
    boolean appendTo(List<Token> out, char[] text, int from, int to, int hash, int shift, Model vocabulary) {
        Table t = table;
        int set = t.set(hash);
        byte[] counts = t.counts;
        for (int slot = WAYS * set, end = slot + WAYS; slot < end; slot++) {
            if (t.tags[slot] == hash && readSlot(t.slots, slot, out, text, from, to, hash, shift, vocabulary)) {
                used(counts, slot);
                return true;
            }
        }
        Entry e = overflow(t, set, text, from, to);
        if (e == null) return false;
        if (shift == 0) {
            out.addAll(e.tokens);
        } else {
            for (Token k : e.tokens) out.add(new Token(k.id(), k.value(), k.start() + shift, k.end() + shift));
        }
        return true;
    }

    /**
     * Leaves the cached tokens of the word {@code text[from, to)} (hash as in {@link #appendTo}) in
     * {@code out} as ids and offsets relative to {@code from}, without token objects; returns false
     * when the word is not cached, {@code out} then unspecified.
     */
    boolean readInto(char[] text, int from, int to, int hash, WordTokens out) {
        out.setCount(0);
        return appendInto(text, from, to, hash, 0, out);
    }

    /**
     * Appends the cached tokens of the word {@code text[from, to)} (hash as in {@link #appendTo}) to
     * {@code out} as ids and offsets, shifted by {@code shift}; returns false, adding nothing, when
     * the word is not cached.
     */
    boolean appendInto(char[] text, int from, int to, int hash, int shift, WordTokens out) {
        Table t = table;
        int set = t.set(hash);
        byte[] counts = t.counts;
        for (int slot = WAYS * set, end = slot + WAYS; slot < end; slot++) {
            if (t.tags[slot] == hash && readSlot(t.slots, slot, text, from, to, hash, shift, out)) {
                used(counts, slot);
                return true;
            }
        }
        Entry e = overflow(t, set, text, from, to);
        if (e == null) return false;
        for (Token k : e.tokens) out.append(k.id(), k.start() + shift, k.end() + shift);
        return true;
    }

    /**
     * Reads the first cache line of the slot, if any, that holds each of the {@code count} words
     * whose hashes are {@code pieces[2k + 1]}, so that the lookups that follow find them near:
     * these loads do not depend on one another, so the processor waits for their cache misses
     * together (Java has no prefetch instruction). A hint only: what it reads is left in
     * {@code sink.touched}, so the reads stay.
     */
    void touch(int[] pieces, int count, WordTokens sink) {
        Table t = table;
        int[] tags = t.tags;
        int[] slots = t.slots;
        int sum = 0;
        for (int k = 0; k < count; k++) {
            int hash = pieces[2 * k + 1];
            int slot = WAYS * t.set(hash);
            // The way whose tag matches (the last one if none does: a harmless read).
            slot += tags[slot] == hash ? 0 : tags[slot + 1] == hash ? 1 : tags[slot + 2] == hash ? 2 : 3;
            // A slot spans three cache lines (the array's 16-byte header shifts it): the header and
            // short words lie in the first, longer words and their tokens reach the second.
            sum += slots[slot * SLOT + 1] + slots[slot * SLOT + 16];
        }
        sink.touched += sum;
    }

    /**
     * Records a hit on {@code slot}. The count grows about as the logarithm of the uses: from 1 to 2
     * on the first reuse, then from c to c + 1 with probability 2^-(c - 1) (at least 1/64). So a
     * frequent word soon stops raising its count, and its hits only read the counts: a write on
     * every hit would make the cache line of the counts travel between cores that share the cache.
     */
    private static void used(byte[] counts, int slot) {
        int c = counts[slot];
        if (c >= MAX_COUNT) return;
        if (c > 1 && (ThreadLocalRandom.current().nextInt() & ((1 << Math.min(c - 1, 6)) - 1)) != 0) return;
        counts[slot] = (byte) (c + 1);
    }

    /** The entry of the object table for {@code set} if it holds the word {@code text[from, to)}, else null. */
    private static Entry overflow(Table t, int set, char[] text, int from, int to) {
        Entry e = t.overflow[set];
        int n = to - from;
        if (e == null || e.word.length() != n) return null;
        for (int i = 0; i < n; i++) if (e.word.charAt(i) != text[from + i]) return null;
        return e;
    }

    /** Leaves the tokens of the word in {@code slot} in {@code out}; false if it holds another word or is being written. */
    private static boolean readSlot(int[] d, int slot, char[] text, int from, int to, int hash, int shift, WordTokens out) {
        int base = slot * SLOT;
        int version = (int) INTS.getAcquire(d, base);
        int p = match(d, base, version, text, from, to, hash);
        if (p < 0) return false;
        int count = d[base + 2] >>> 16; // at most SLOT: match checked that the tokens fit
        int at = out.count();
        int[] tokens = out.buffer(at + count);
        int offsets = p + count;
        for (int t = 0, k = 3 * at; t < count; t++, k += 3) {
            int o = d[offsets + (t >> 1)] >>> ((t & 1) << 4);
            tokens[k] = d[p + t];
            tokens[k + 1] = (o & 0xFF) + shift;
            tokens[k + 2] = (o >>> 8 & 0xFF) + shift;
        }
        VarHandle.loadLoadFence();
        if ((int) INTS.getOpaque(d, base) != version) return false;
        out.setCount(at + count);
        return true;
    }

    /** Appends the tokens of the word in {@code slot}, shifted, to {@code out}; false, adding nothing, if it holds another word or is being written. */
    private static boolean readSlot(int[] d, int slot, List<Token> out, char[] text, int from, int to, int hash, int shift,
                                    Model vocabulary) {
        int base = slot * SLOT;
        int version = (int) INTS.getAcquire(d, base);
        int p = match(d, base, version, text, from, to, hash);
        if (p < 0) return false;
        int count = d[base + 2] >>> 16;
        int size = out.size();
        int offsets = p + count;
        for (int t = 0; t < count; t++) {
            int id = d[p + t];
            int o = d[offsets + (t >> 1)] >>> ((t & 1) << 4);
            out.add(new Token(id, vocabulary.idToToken(id), (o & 0xFF) + shift, (o >>> 8 & 0xFF) + shift));
        }
        VarHandle.loadLoadFence();
        if ((int) INTS.getOpaque(d, base) == version) return true;
        out.subList(size, out.size()).clear(); // overwritten while we read
        return false;
    }

    /**
     * Where the ids start in the slot at {@code base}, read at {@code version}, if it holds the word
     * {@code text[from, to)}; else -1. The caller checks the version again after reading the tokens.
     */
    private static int match(int[] d, int base, int version, char[] text, int from, int to, int hash) {
        int n = to - from;
        if ((version & 1) != 0 || d[base + 1] != hash || (d[base + 2] & 0xFFFF) != n) return -1;
        if (!fits(n, d[base + 2] >>> 16)) return -1;
        int p = base + HEADER;
        for (int i = 0; i + 1 < n; i += 2, p++) {
            int w = d[p];
            if ((char) w != text[from + i] || (char) (w >>> 16) != text[from + i + 1]) return -1;
        }
        if ((n & 1) != 0 && (char) d[p++] != text[to - 1]) return -1;
        return p;
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
        if (!put(text, from, to, hash, count, ids, starts, ends) && to - from < MAX_WORD_LENGTH) {
            Table t = table;
            t.overflow[t.set(hash)] = new Entry(new String(text, from, to - from), List.copyOf(tokens));
        }
    }

    /**
     * Remembers the {@code count} tokens {@code ids[t]}, {@code [starts[t], ends[t])} (relative to
     * {@code from}) of the word {@code text[from, to)}, whose {@link String#hashCode} is
     * {@code hash}, if they fit a slot. Returns false when they do not fit: the caller may then
     * {@link #put(char[], int, int, int, List) put} them as a list.
     */
    boolean put(char[] text, int from, int to, int hash, int count, int[] ids, int[] starts, int[] ends) {
        int n = to - from;
        if (n >= MAX_WORD_LENGTH) return true; // not worth a place anywhere
        if (!fits(n, count)) return false;
        for (int t = 0; t < count; t++) if (starts[t] < 0 || ends[t] > 0xFF || starts[t] > ends[t]) return false;
        Table tb = table;
        byte[] counts = tb.counts;
        int first = WAYS * tb.set(hash);
        int slot = first;
        for (int w = first + 1; w < first + WAYS; w++) if (counts[w] < counts[slot]) slot = w;
        if (counts[slot] > 1) {
            // Every word here has been used since it came: age them all, so that old uses fade.
            for (int w = first; w < first + WAYS; w++) if (w != slot && counts[w] > 1) counts[w]--;
        }
        int base = slot * SLOT;
        int[] d = tb.slots;
        int version = (int) INTS.getVolatile(d, base);
        if ((version & 1) != 0 || !INTS.compareAndSet(d, base, version, version + 1)) return true; // another writer is here
        VarHandle.storeStoreFence();
        d[base + 1] = hash;
        d[base + 2] = n | count << 16;
        int p = base + HEADER;
        for (int i = 0; i < n; i += 2) {
            int lo = text[from + i];
            int hi = i + 1 < n ? text[from + i + 1] : 0;
            d[p++] = lo | hi << 16;
        }
        System.arraycopy(ids, 0, d, p, count);
        int offsets = p + count;
        for (int t = 0; t < count; t += 2) {
            int packed = starts[t] | ends[t] << 8;
            if (t + 1 < count) packed |= (starts[t + 1] | ends[t + 1] << 8) << 16;
            d[offsets + (t >> 1)] = packed;
        }
        INTS.setRelease(d, base, version + 2);
        tb.tags[slot] = hash;
        counts[slot] = 1;
        stored(tb, hash);
        return true;
    }

    /** Whether a word of {@code n} UTF-16 units and {@code count} tokens fits a slot. */
    private static boolean fits(int n, int count) {
        return HEADER + (n + 1) / 2 + count + (count + 1) / 2 <= SLOT;
    }

}
