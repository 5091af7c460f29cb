package dev.ferrite.tokenizers.normalizers;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link BertNormalizer} in one pass for text its character-for-character table does not cover
 * (CJK ideographs, which get spaces around them; control characters, which go; nonspacing marks in
 * the input, which accent stripping removes; characters decomposing into several starters, such as
 * Hangul syllables): every original character becomes zero or more units that all carry that
 * character's own alignment. That is what the four steps give whenever each character is
 * <em>reshapable</em>:
 * <ul>
 * <li>the cleaning filter keeps the alignment of what it keeps, and maps white space one for one;</li>
 * <li>the CJK padding gives both spaces and the ideograph the ideograph's alignment (the space
 * before replaces it, the ideograph and the space after are inserted after it);</li>
 * <li>NFD gives each further part of a decomposition the alignment of the part before (inserted),
 * so of the decomposed character; canonical reordering only permutes runs of marks with a non-zero
 * combining class, so when all of those are removed by the accent stripping (which keeps the
 * alignments of what stays), every kept character sits where it was, after as many replacing
 * entries of the change stream as before, and keeps its alignment;</li>
 * <li>lowercasing maps one for one except U+0130, which is not reshapable.</li>
 * </ul>
 * A character is not reshapable when, with accent stripping, its decomposition keeps a part of
 * non-zero combining class (a spacing mark such as U+1D165), when its lowercase is U+0130's two
 * characters, or when it is a lone surrogate; such text takes the four steps.
 *
 * <p>The BMP is tabulated per option set, 256 characters at a time as text meets them (the whole
 * BMP took ~25 ms, most of a Chinese line's first encode); supplementary characters are worked out
 * as they come. Thread-safe.
 */
final class BertReshape {
    /** Longest expansion of one character (a CJK ideograph's three units, a Hangul syllable's three jamo). */
    private static final int MAX_UNITS = 7;
    private static final int UNSAFE = -1;
    private static final int BLOCK_BITS = 8;
    private static final AtomicReferenceArray<BertReshape> TABLES = new AtomicReferenceArray<>(16);

    private final BertNormalizer options;
    /**
     * Per block of {@code 1 << BLOCK_BITS} BMP characters, its table once worked out, else null. Read
     * and written without a lock: a block's fields are final, so a reader that sees one sees it whole,
     * and two threads that work out the same block store equal tables.
     */
    private final Block[] blocks = new Block[0x10000 >>> BLOCK_BITS];

    /**
     * The characters of a block: per character {@link #UNSAFE}, or its units' offset in
     * {@code pool << 3 | count}.
     */
    private record Block(int[] entries, char[] pool) {
    }

    private BertReshape(BertNormalizer options) {
        this.options = options;
    }

    /** Block {@code index}'s table, worked out now if no thread has yet. */
    private Block block(int index) {
        Block b = blocks[index];
        if (b != null) return b;
        int[] entries = new int[1 << BLOCK_BITS];
        char[] pool = new char[2 << BLOCK_BITS];
        int used = 0;
        char[] units = new char[2 * MAX_UNITS];
        for (int i = 0; i < entries.length; i++) {
            int n = map(options, index << BLOCK_BITS | i, units);
            if (n < 0) {
                entries[i] = UNSAFE;
                continue;
            }
            if (used + n > pool.length) pool = Arrays.copyOf(pool, pool.length * 2);
            System.arraycopy(units, 0, pool, used, n);
            entries[i] = used << 3 | n;
            used += n;
        }
        b = new Block(entries, Arrays.copyOf(pool, used));
        blocks[index] = b;
        return b;
    }

    /** The table for {@code b}'s options, made on first use (its blocks as text needs them); published through the atomic array. */
    static BertReshape of(BertNormalizer b) {
        boolean strip = b.stripAccents() == null ? b.lowercase() : b.stripAccents();
        int key = (b.cleanText() ? 1 : 0) | (b.handleChineseChars() ? 2 : 0) | (strip ? 4 : 0) | (b.lowercase() ? 8 : 0);
        BertReshape t = TABLES.get(key);
        if (t == null) {
            t = new BertReshape(b);
            TABLES.set(key, t);
        }
        return t;
    }

    /**
     * The units {@code [0, n)} of {@code in} normalized, of which the first {@code done} are already
     * mapped one for one (and are no surrogates) and the rest are as in the input; {@code sources[j]}
     * of the result is the input unit where the character that unit j came from starts. Null when
     * some character is not reshapable (see above).
     */
    Result reshape(char[] in, int n, int done) {
        return reshape(in, n, done, null, null);
    }

    /**
     * {@link #reshape(char[], int, int)} written into {@code outBuffer} and {@code sourcesBuffer}
     * (the caller's scratch, not {@code in}; either may be null) when they have room for the usual
     * growth, else into new arrays.
     */
    Result reshape(char[] in, int n, int done, char[] outBuffer, int[] sourcesBuffer) {
        int room = n + (n >> 1) + 16;
        char[] out = outBuffer != null && outBuffer.length >= room ? outBuffer : new char[room];
        int[] sources = sourcesBuffer != null && sourcesBuffer.length >= out.length ? sourcesBuffer : new int[out.length];
        for (int j = 0; j < done; j++) sources[j] = j;
        System.arraycopy(in, 0, out, 0, done);
        int k = done;
        char[] scratch = null;
        for (int i = done; i < n; ) {
            char ch = in[i];
            int count;
            int from;
            char[] units;
            int start = i;
            if (!Character.isSurrogate(ch)) {
                Block b = blocks[ch >>> BLOCK_BITS];
                if (b == null) b = block(ch >>> BLOCK_BITS);
                int e = b.entries[ch & (1 << BLOCK_BITS) - 1];
                if (e == UNSAFE) return null;
                count = e & 7;
                from = e >>> 3;
                units = b.pool;
                i++;
            } else {
                if (!Character.isHighSurrogate(ch) || i + 1 >= n || !Character.isLowSurrogate(in[i + 1])) return null;
                if (scratch == null) scratch = new char[2 * MAX_UNITS];
                count = map(options, Character.toCodePoint(ch, in[i + 1]), scratch);
                if (count < 0) return null;
                from = 0;
                units = scratch;
                i += 2;
            }
            if (k + count > out.length) {
                int size = Math.max(k + count, out.length * 2);
                out = Arrays.copyOf(out, size);
                sources = Arrays.copyOf(sources, size);
            }
            for (int u = 0; u < count; u++) {
                out[k] = units[from + u];
                sources[k++] = start;
            }
        }
        return new Result(out, k, sources);
    }

    /** Normalized units {@code chars[0, length)}; unit j comes from the input character starting at {@code sources[j]}. */
    record Result(char[] chars, int length, int[] sources) {
    }

    /** The units {@code c} becomes, written to {@code out}; their count, or -1 when {@code c} is not reshapable. */
    private static int map(BertNormalizer o, int c, char[] out) {
        if (c < 0x10000 && Character.isSurrogate((char) c)) return -1;
        int n = 0;
        int m = c;
        if (o.cleanText()) {
            if (BertNormalizer.isRemoved(m)) return 0;
            if (BertNormalizer.isBertWhitespace(m)) m = ' ';
        }
        boolean pad = o.handleChineseChars() && BertNormalizer.isChineseChar(m);
        if (pad) out[n++] = ' ';
        boolean strip = o.stripAccents() == null ? o.lowercase() : o.stripAccents();
        if (strip) {
            UnicodeTables.IntBuffer parts = new UnicodeTables.IntBuffer();
            UnicodeTables.decompose(m, false, parts);
            for (int k = 0; k < parts.size; k++) {
                int p = parts.data[k];
                if (UnicodeTables.isNonspacingMark8(p)) continue;
                if (UnicodeTables.combiningClass(p) != 0) return -1;
                n = lower(o, p, out, n);
                if (n < 0) return -1;
            }
        } else {
            n = lower(o, m, out, n);
            if (n < 0) return -1;
        }
        if (pad) out[n++] = ' ';
        return n > MAX_UNITS ? -1 : n;
    }

    private static int lower(BertNormalizer o, int p, char[] out, int n) {
        if (o.lowercase()) {
            if (p == 0x130) return -1;
            p = UnicodeTables.lowercase(p);
        }
        if (n + Character.charCount(p) > MAX_UNITS) return -1;
        return n + Character.toChars(p, out, n);
    }
}
