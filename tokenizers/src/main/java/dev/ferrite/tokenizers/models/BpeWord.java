package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One word being merged: a doubly linked list of symbols kept in arrays, as in Rust
 * {@code models/bpe/word.rs}. Each symbol has a token id and a length in UTF-8 bytes — the unit
 * Rust counts in, kept here so that the quirky cases (byte-fallback tokens, characters dropped for
 * want of an unk token) give the very offsets Rust gives; {@link #toTokens} turns them into UTF-16
 * offsets at the end. A symbol of length 0 has been merged into its left neighbour.
 *
 * <p>Not thread-safe: one instance per call, or one per thread reused from word to word through
 * {@link #reset} (its arrays then keep the longest word's room; see {@link WordTokens#word}).
 */
final class BpeWord {
    private int[] ids;
    private int[] lens;
    /** Offsets of the tokens, set by {@link #finish}. */
    private int[] starts;
    private int[] ends;
    private int[] prev;
    private int[] next;
    /** Scratch of {@link #mergeByScan}: the rank of each adjacent pair's rule. */
    private int[] pairs;
    private int size;

    /** Pending merges, each packed as {@code rank << 32 | position}: a min-heap on (rank, position). */
    private long[] heap;
    private int heapSize;

    BpeWord(int capacity) {
        capacity = Math.max(capacity, 4);
        ids = new int[capacity];
        lens = new int[capacity];
    }

    /** Empties this word for the next one, with room for {@code capacity} symbols (the arrays kept when they have it). */
    BpeWord reset(int capacity) {
        if (ids.length < capacity) {
            int n = Math.max(capacity, 2 * ids.length); // doubled, so that a run of longer words grows it rarely
            ids = new int[n];
            lens = new int[n];
        }
        size = 0;
        heapSize = 0;
        return this;
    }

    /** The most symbols this word has room for without growing: what a reused word holds on to. */
    int room() {
        return ids.length;
    }

    int size() {
        return size;
    }

    /** Appends a symbol of {@code byteLen} UTF-8 bytes (Rust {@code Word::add}). */
    void add(int id, int byteLen) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            lens = Arrays.copyOf(lens, n);
        }
        ids[size] = id;
        lens[size] = byteLen;
        size++;
    }

    /**
     * The merges of {@link #mergeAll} without dropout, found by scanning instead of through a
     * priority queue; only for rule sets where every merged token is the concatenation of two
     * non-empty tokens and no two tokens share an id (see {@link Bpe}). Quadratic in the word's
     * length, and faster than the queue on the short words that make up nearly all text.
     *
     * <p>Why the result is Rust's: its queue holds an entry (rank, position) for every adjacent pair
     * that has a rule, pushed when the pair came to be, and pops the lowest; an entry whose pair has
     * changed since is skipped when the pair now there does not merge into the same token. A pair
     * only changes by one of its symbols growing, and then its merged token is a longer string,
     * so a different token; so exactly the stale entries are skipped, and each merge done is the
     * lowest (rank, position) among the current pairs — which is what this loop picks (the leftmost
     * of equal ranks, as in the queue).
     */
    void mergeByScan(MergeTable merges) {
        int n = size;
        if (n < 2) return;
        int[] id = ids;
        int[] len = lens;
        if (this.pairs == null || this.pairs.length < n - 1) this.pairs = new int[Math.max(n - 1, 8)];
        int[] pairs = this.pairs; // pairs[i]: the rank of the rule for symbols i and i + 1, or NO_RULE
        for (int i = 0; i < n - 1; i++) pairs[i] = rankOf(merges, id[i], id[i + 1]);
        while (n > 1) {
            int best = NO_RULE;
            int at = -1;
            for (int i = 0; i < n - 1; i++) {
                if (pairs[i] < best) {
                    best = pairs[i];
                    at = i;
                }
            }
            if (at < 0) break;
            id[at] = merges.newId(best);
            len[at] += len[at + 1];
            int tail = n - at - 2; // symbols after the one merged away
            System.arraycopy(id, at + 2, id, at + 1, tail);
            System.arraycopy(len, at + 2, len, at + 1, tail);
            System.arraycopy(pairs, at + 1, pairs, at, tail);
            n--;
            if (at > 0) pairs[at - 1] = rankOf(merges, id[at - 1], id[at]);
            if (at < n - 1) pairs[at] = rankOf(merges, id[at], id[at + 1]);
        }
        size = n;
    }

    /** Stands for "no rule" among ranks: above every rank, so the lowest rank wins. */
    private static final int NO_RULE = Integer.MAX_VALUE;

    private static int rankOf(MergeTable merges, int left, int right) {
        int r = merges.rank(left, right);
        return r < 0 ? NO_RULE : r;
    }

    /**
     * Applies the merges, lowest rank first and, among equal ranks, leftmost first (Rust
     * {@code Word::merge_all}). With {@code dropout > 0} each candidate merge is skipped with that
     * probability; skipped candidates come back once a merge is done.
     */
    void mergeAll(MergeTable merges, float dropout) {
        if (prev == null || prev.length < size) {
            prev = new int[size];
            next = new int[size];
        }
        for (int i = 0; i < size; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < size ? i + 1 : -1;
        }
        if (heap == null || heap.length < size) heap = new long[Math.max(size, 4)];
        heapSize = 0;
        for (int i = 0; i + 1 < size; i++) {
            int rank = merges.rank(ids[i], ids[i + 1]);
            if (rank >= 0) push(rank, i);
        }
        long[] skipped = null;
        int skippedCount = 0;
        ThreadLocalRandom random = dropout > 0 ? ThreadLocalRandom.current() : null;
        while (heapSize > 0) {
            long top = pop();
            if (random != null && random.nextFloat() < dropout) {
                if (skipped == null) skipped = new long[4];
                else if (skippedCount == skipped.length) skipped = Arrays.copyOf(skipped, skippedCount * 2);
                skipped[skippedCount++] = top;
                continue;
            }
            for (int i = 0; i < skippedCount; i++) push(skipped[i]);
            skippedCount = 0;

            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (lens[pos] == 0) continue; // merged away since it was queued
            int right = next[pos];
            if (right == -1) continue;
            // Skip a stale entry, with Rust's test: the pair now here must merge into the same id.
            // (Not the same rank: two pairs that make the same token count as the same merge.)
            int newId = merges.newId(rank);
            int current = merges.rank(ids[pos], ids[right]);
            if (current < 0 || merges.newId(current) != newId) continue;

            ids[pos] = newId;
            lens[pos] += lens[right];
            int afterRight = next[right];
            next[pos] = afterRight;
            lens[right] = 0;
            if (afterRight > -1 && afterRight < size) prev[afterRight] = pos;

            int before = prev[pos];
            if (before >= 0) {
                int r = merges.rank(ids[before], newId);
                if (r >= 0) push(r, before);
            }
            if (afterRight > -1 && afterRight < size) {
                int r = merges.rank(newId, ids[afterRight]);
                if (r >= 0) push(r, pos);
            }
        }
    }

    /**
     * The surviving symbols as tokens, with UTF-16 offsets relative to {@code from}, where this word
     * was built from {@code text[from, to)}. A symbol's byte range maps to the characters that contain
     * its first and last byte (so each byte-fallback token of a character carries that whole
     * character's offsets). A symbol that Rust counts past the end of the word — possible only when
     * byte fallback spells out a continuing_subword_prefix or end_of_word_suffix, whose bytes Rust
     * counts as if they were in the text — keeps Rust's raw byte offsets: Rust's pipeline cannot map
     * those either and hands them on unchanged. Its end is then past {@code to - from}.
     */
    List<Token> toTokens(char[] text, int from, int to, Bpe vocabulary) {
        int count = finish(text, from, to);
        // An ArrayList, like the lists of cache hits: the pipeline's loops over tokens then see one list class.
        List<Token> tokens = new ArrayList<>(count);
        for (int t = 0; t < count; t++) tokens.add(new Token(ids[t], vocabulary.idToToken(ids[t]), starts[t], ends[t]));
        return tokens;
    }

    /**
     * Ends the merging: keeps the surviving symbols only, in order, and computes their offsets as
     * {@link #toTokens} gives them; then {@code ids()[t]}, {@code starts()[t]} and {@code ends()[t]}
     * describe token {@code t}. Returns the number of tokens.
     */
    int finish(char[] text, int from, int to) {
        if (starts == null || starts.length < size) {
            starts = new int[size];
            ends = new int[size];
        }
        int n = to;
        int charIndex = from;     // UTF-16 index of the current character
        int charByte = 0;         // byte offset where it starts, from the start of the word
        int charBytes = n > from ? utf8Length(text, from, n) : 0;
        int charUnits = n > from ? Character.charCount(Character.codePointAt(text, from, n)) : 0;
        int pos = 0;
        int t = 0;
        for (int i = 0; i < size; i++) {
            int len = lens[i];
            if (len == 0) continue;
            int startByte = pos;
            int lastByte = pos + len - 1;
            pos += len;
            // Advance to the character containing startByte.
            while (charIndex < n && charByte + charBytes <= startByte) {
                charByte += charBytes;
                charIndex += charUnits;
                if (charIndex < n) {
                    charBytes = utf8Length(text, charIndex, n);
                    charUnits = Character.charCount(Character.codePointAt(text, charIndex, n));
                }
            }
            int start = charIndex;
            // Advance to the character containing lastByte.
            while (charIndex < n && charByte + charBytes <= lastByte) {
                charByte += charBytes;
                charIndex += charUnits;
                if (charIndex < n) {
                    charBytes = utf8Length(text, charIndex, n);
                    charUnits = Character.charCount(Character.codePointAt(text, charIndex, n));
                }
            }
            ids[t] = ids[i];
            lens[t] = len;
            if (charIndex < n) {
                starts[t] = start - from;
                ends[t] = charIndex + charUnits - from;
            } else {
                starts[t] = startByte;
                ends[t] = lastByte + 1;
            }
            t++;
        }
        size = t;
        return t;
    }

    /** After {@link #finish}: the id, start and end of each token. */
    int[] ids() {
        return ids;
    }

    int[] starts() {
        return starts;
    }

    int[] ends() {
        return ends;
    }

    /** UTF-8 length of the character at {@code i} (before {@code limit}); a lone surrogate counts as U+FFFD, 3 bytes. */
    private static int utf8Length(char[] text, int i, int limit) {
        int cp = Character.codePointAt(text, i, limit);
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private void push(int rank, int pos) {
        push(((long) rank << 32) | pos);
    }

    private void push(long entry) {
        if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2);
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = heap[parent];
            if (p <= entry) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = entry;
    }

    private long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = heap[child];
            int rightChild = child + 1;
            if (rightChild < heapSize && heap[rightChild] < c) {
                child = rightChild;
                c = heap[child];
            }
            if (last <= c) break;
            heap[i] = c;
            i = child;
        }
        if (heapSize > 0) heap[i] = last;
        return top;
    }
}
