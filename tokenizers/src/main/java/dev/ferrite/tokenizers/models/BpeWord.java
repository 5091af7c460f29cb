package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;

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
 * <p>Not thread-safe: one instance per call.
 */
final class BpeWord {
    private int[] ids;
    private int[] lens;
    private int[] prev;
    private int[] next;
    private int size;

    /** Pending merges, each packed as {@code rank << 32 | position}: a min-heap on (rank, position). */
    private long[] heap;
    private int heapSize;

    BpeWord(int capacity) {
        capacity = Math.max(capacity, 4);
        ids = new int[capacity];
        lens = new int[capacity];
        prev = new int[capacity];
        next = new int[capacity];
    }

    /** Appends a symbol of {@code byteLen} UTF-8 bytes (Rust {@code Word::add}). */
    void add(int id, int byteLen) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            lens = Arrays.copyOf(lens, n);
            prev = Arrays.copyOf(prev, n);
            next = Arrays.copyOf(next, n);
        }
        if (size > 0) next[size - 1] = size;
        ids[size] = id;
        lens[size] = byteLen;
        prev[size] = size - 1;
        next[size] = -1;
        size++;
    }

    /**
     * Applies the merges, lowest rank first and, among equal ranks, leftmost first (Rust
     * {@code Word::merge_all}). With {@code dropout > 0} each candidate merge is skipped with that
     * probability; skipped candidates come back once a merge is done.
     */
    void mergeAll(MergeTable merges, float dropout) {
        heap = new long[Math.max(size, 4)];
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
        heap = null;
    }

    /**
     * The surviving symbols as tokens, with UTF-16 offsets into {@code word}, the string this word
     * was built from. A symbol's byte range maps to the characters that contain its first and last
     * byte (so each byte-fallback token of a character carries that whole character's offsets).
     * A symbol that Rust counts past the end of the word — possible only when byte fallback spells
     * out a continuing_subword_prefix or end_of_word_suffix, whose bytes Rust counts as if they were
     * in the text — keeps Rust's raw byte offsets: Rust's pipeline cannot map those either and hands
     * them on unchanged. Its end is then past {@code word.length()}.
     */
    List<Token> toTokens(String word, Bpe vocabulary) {
        int count = 0;
        for (int i = 0; i < size; i++) if (lens[i] != 0) count++;
        Token[] tokens = new Token[count];
        int n = word.length();
        int charIndex = 0;        // UTF-16 index of the current character
        int charByte = 0;         // byte offset where it starts
        int charBytes = n > 0 ? Bpe.utf8Length(word, 0) : 0;
        int charUnits = n > 0 ? Character.charCount(word.codePointAt(0)) : 0;
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
                    charBytes = Bpe.utf8Length(word, charIndex);
                    charUnits = Character.charCount(word.codePointAt(charIndex));
                }
            }
            int start = charIndex;
            // Advance to the character containing lastByte.
            while (charIndex < n && charByte + charBytes <= lastByte) {
                charByte += charBytes;
                charIndex += charUnits;
                if (charIndex < n) {
                    charBytes = Bpe.utf8Length(word, charIndex);
                    charUnits = Character.charCount(word.codePointAt(charIndex));
                }
            }
            String value = vocabulary.idToToken(ids[i]);
            tokens[t++] = charIndex < n
                    ? new Token(ids[i], value, start, charIndex + charUnits)
                    : new Token(ids[i], value, startByte, lastByte + 1);
        }
        return List.of(tokens);
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
