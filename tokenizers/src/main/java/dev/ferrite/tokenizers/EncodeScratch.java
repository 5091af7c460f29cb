package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.WordTokens;
import dev.ferrite.tokenizers.normalizers.MappedText;

/**
 * The buffers an encode call of a fast path ({@link BertFastPath}, {@link SentencePieceFastPath},
 * {@link ByteLevelFastPath}) works in and throws away — the normalized units or the text's
 * characters, the model's answer, the word being looked up — kept per thread and reused by its
 * next call. Made per call they were about half of what encoding a short
 * line allocated (Llama 2 on English: a token holder for half the line's units alone was a fifth),
 * and a JVM whose young generation grows into untouched pages pays for every byte of it.
 *
 * <p>Bounds: each buffer starts empty and grows to what the calls on its thread needed, so the first
 * call allocates about what a call without reuse did; after a call that grew a buffer past
 * {@link #KEEP} units, {@link #release} drops it, so that one very long text does not pin megabytes
 * per thread. A virtual thread (the server starts one per request) gets a fresh scratch per call
 * and none is kept: its thread-local map and entry would cost more than a request that encodes
 * once gains.
 *
 * <p>Nothing handed to the caller of an encode may alias these buffers: the fast paths copy ids and
 * offsets into the encoding they build, and strings are made from the units, never wrapped.
 */
final class EncodeScratch {
    /** Buffers grown past this many units (ints for the token holder) are dropped after the call. */
    static final int KEEP = 1 << 16;

    private static final ThreadLocal<EncodeScratch> KEPT = new ThreadLocal<>();

    /** The normalized text of the call (see {@link FusedPath#normalizeWithoutAddedTokens}). */
    final MappedText mapped = new MappedText();
    /** The call's view of its normalized text: {@link #mapped}, or a NormalizedString the normalizer ran on. */
    final NormalizedUnits units = new NormalizedUnits();
    private WordTokens tokens;
    private char[] word;
    private char[] text;
    private int[] ints;
    /** Whether a call holds this scratch: a call that finds its thread's scratch held gets its own. */
    private boolean held;

    private EncodeScratch() {
    }

    /**
     * This thread's scratch, held by the caller until {@link #release}; a fresh one on a virtual
     * thread (see above), or if the thread's is already held (fast paths do not call each other,
     * but nothing would break if one did).
     */
    static EncodeScratch acquire() {
        EncodeScratch s = null;
        if (!Thread.currentThread().isVirtual()) {
            s = KEPT.get();
            if (s == null) KEPT.set(s = new EncodeScratch());
        }
        if (s == null || s.held) s = new EncodeScratch();
        s.held = true;
        return s;
    }

    /** Ends the call: forgets its text and drops the buffers it grew past {@link #KEEP}. */
    void release() {
        mapped.clear(KEEP);
        units.clear();
        if (tokens != null) tokens.trim(KEEP);
        if (word != null && word.length > KEEP) word = null;
        if (text != null && text.length > KEEP) text = null;
        if (ints != null && ints.length > KEEP) ints = null;
        held = false;
    }

    /** The token holder, its tokens those of the last word it was given. */
    WordTokens tokens() {
        if (tokens == null) tokens = new WordTokens();
        return tokens;
    }

    /** The token holder, emptied, with room for {@code room} tokens (made with that room on first use). */
    WordTokens tokens(int room) {
        if (tokens == null) tokens = new WordTokens(room);
        else tokens.reserve(room);
        return tokens;
    }

    /** A buffer of at least {@code units} chars (at least doubled when it grows, so that it grows rarely); contents undefined. */
    char[] word(int units) {
        if (word == null || word.length < units) word = new char[word == null ? Math.max(units, 16) : Math.max(units, 2 * word.length)];
        return word;
    }

    /** The characters of {@code source}, copied into a buffer that may be longer (String.charAt checks index and coder on every call). */
    char[] text(String source) {
        int n = source.length();
        if (text == null || text.length < n) text = new char[text == null ? Math.max(n, 64) : Math.max(n, 2 * text.length)];
        source.getChars(0, n, text, 0);
        return text;
    }

    /** A buffer of at least {@code count} ints (grown as {@link #word} is); contents undefined. */
    int[] ints(int count) {
        if (ints == null || ints.length < count) ints = new int[ints == null ? Math.max(count, 64) : Math.max(count, 2 * ints.length)];
        return ints;
    }
}
