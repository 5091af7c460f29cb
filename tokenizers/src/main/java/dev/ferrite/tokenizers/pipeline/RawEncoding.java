package dev.ferrite.tokenizers.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The mutable encoding the pipeline builds: a port of the Rust library's {@code Encoding}, with
 * its truncation and merge rules ({@link OverflowingPieces}) and its padding. Offsets are UTF-16 indices into the text of the
 * sequence each token came from; a word id of -1 means "no word".
 */
public final class RawEncoding {
    private int size;
    private int[] ids;
    private int[] typeIds;
    /**
     * Each token's text; null where it is {@code names.apply(id)} (see {@link #addModelToken}). The
     * array is null while every text is ({@link #texts} makes it): encodings of model tokens alone
     * need none.
     */
    private String[] tokens;
    /**
     * The model's names of ids, for the tokens whose text is left null, or null when every text is
     * in {@link #tokens}. Looking the name up per token (an array of a quarter million entries for
     * Gemma) was a measurable share of an encode whose tokens nobody may read.
     */
    private IntFunction<String> names;
    private int[] words;
    private int[] starts;
    private int[] ends;
    /** Per token, its masks and source (see {@link TokenFlags}). */
    private byte[] flags;
    /** Immutable and empty until truncation or a merge puts pieces here (most encodings have none). */
    private List<RawEncoding> overflowing = List.of();
    /** The token ranges of sequence 0 and of sequence 1 (the pair), see {@link SequenceRanges}. */
    private long range0 = SequenceRanges.NONE;
    private long range1 = SequenceRanges.NONE;

    public RawEncoding(int capacity) {
        this(capacity, null);
    }

    /** An encoding whose {@link #addModelToken model tokens} are named by {@code names} (id -> text) when read. */
    public RawEncoding(int capacity, IntFunction<String> names) {
        this.names = names;
        int c = Math.max(capacity, 4);
        ids = new int[c];
        typeIds = new int[c];
        words = new int[c];
        starts = new int[c];
        ends = new int[c];
        flags = new byte[c];
    }

    public static RawEncoding empty() {
        return new RawEncoding(0);
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need <= ids.length) return;
        int c = Math.max(need, ids.length * 2);
        ids = Arrays.copyOf(ids, c);
        typeIds = Arrays.copyOf(typeIds, c);
        if (tokens != null) tokens = Arrays.copyOf(tokens, c);
        words = Arrays.copyOf(words, c);
        starts = Arrays.copyOf(starts, c);
        ends = Arrays.copyOf(ends, c);
        flags = Arrays.copyOf(flags, c);
    }

    /** Appends one token. */
    public void add(int id, String token, int start, int end, int word, int typeId, int special, int attention) {
        ensure(1);
        size++;
        set(size - 1, id, token, start, end, word, typeId, special, attention);
    }

    /**
     * Appends a token of the text whose text is the name of its id (special mask 0, attention 1),
     * looked up only when read: this encoding must have been made with its names.
     */
    public void addModelToken(int id, int start, int end, int word, int typeId) {
        ensure(1);
        int i = size++;
        ids[i] = id;
        if (tokens != null) tokens[i] = null;
        starts[i] = start;
        ends[i] = end;
        words[i] = word;
        typeIds[i] = typeId;
        flags[i] = TokenFlags.ATTENTION;
    }

    /** Overwrites token {@code i} (its source becomes -1, as for a token {@link #add added}). */
    public void set(int i, int id, String token, int start, int end, int word, int typeId, int special, int attention) {
        ids[i] = id;
        if (token != null || tokens != null) texts()[i] = token;
        starts[i] = start;
        ends[i] = end;
        words[i] = word;
        typeIds[i] = typeId;
        flags[i] = TokenFlags.of(special, attention);
    }

    /**
     * Opens {@code count} token slots at the front, moving every token and every sequence range
     * {@code count} places on; the caller fills the slots with {@link #set}. A post-processor puts
     * special tokens before a sequence this way, in place, instead of merging copies.
     */
    public void insertFront(int count) {
        if (count == 0) return;
        RawEncoding target = size + count <= ids.length ? this : new RawEncoding(Math.max(size + count, 2 * ids.length));
        copyTokens(this, 0, target, count, size);
        if (target != this) takeArrays(target);
        size += count;
        range0 = SequenceRanges.shift(range0, count);
        range1 = SequenceRanges.shift(range1, count);
    }

    /** Copies tokens {@code [from, from + n)} of {@code src} to {@code [to, to + n)} of {@code dst} (which may be {@code src}), every array. */
    private static void copyTokens(RawEncoding src, int from, RawEncoding dst, int to, int n) {
        System.arraycopy(src.ids, from, dst.ids, to, n);
        System.arraycopy(src.typeIds, from, dst.typeIds, to, n);
        if (src.tokens != null) {
            System.arraycopy(src.tokens, from, dst.texts(), to, n);
        } else if (dst.tokens != null) {
            Arrays.fill(dst.tokens, to, to + n, null);
        }
        if (src.names != null && src.names != dst.names) {
            // dst names every token it holds itself, or by other names: it takes src's names, or
            // the texts of the copied tokens.
            if (dst.names == null) {
                dst.names = src.names;
            } else {
                String[] texts = dst.texts();
                for (int i = to; i < to + n; i++) if (texts[i] == null) texts[i] = src.names.apply(dst.ids[i]);
            }
        }
        System.arraycopy(src.words, from, dst.words, to, n);
        System.arraycopy(src.starts, from, dst.starts, to, n);
        System.arraycopy(src.ends, from, dst.ends, to, n);
        System.arraycopy(src.flags, from, dst.flags, to, n);
    }

    /** The array of texts, made (all null) on first use. */
    private String[] texts() {
        if (tokens == null) tokens = new String[ids.length];
        return tokens;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public String token(int i) {
        String t = tokens == null ? null : tokens[i];
        return t != null || names == null ? t : names.apply(ids[i]);
    }

    public int typeId(int i) {
        return typeIds[i];
    }

    public int word(int i) {
        return words[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public int specialTokensMask(int i) {
        return TokenFlags.special(flags[i]);
    }

    public int attentionMask(int i) {
        return TokenFlags.attention(flags[i]);
    }

    public void setOffsets(int i, int start, int end) {
        starts[i] = start;
        ends[i] = end;
    }

    public List<RawEncoding> overflowing() {
        return overflowing;
    }

    public void setOverflowing(List<RawEncoding> overflowing) {
        this.overflowing = overflowing;
    }

    /** Sets every type id to {@code typeId}. */
    public void setTypeIds(int typeId) {
        Arrays.fill(typeIds, 0, size, typeId);
    }

    /** Marks the whole encoding as sequence {@code sequenceId} (0, or 1 for the pair). */
    public void setSequenceId(int sequenceId) {
        setSequenceRange(sequenceId, 0, size);
    }

    /** Records that tokens {@code [start, end)} are sequence {@code sequenceId} (0, or 1 for the pair). */
    public void setSequenceRange(int sequenceId, int start, int end) {
        long range = SequenceRanges.of(start, end);
        switch (sequenceId) {
            case 0 -> range0 = range;
            case 1 -> range1 = range;
            default -> throw new IllegalArgumentException("sequence ids are 0 and 1 (a sequence and its pair), got " + sequenceId);
        }
    }

    /** Per token, the sequence it belongs to, or -1 (special tokens, padding): see {@link SequenceRanges#ids}. */
    public int[] sequenceIds() {
        return SequenceRanges.ids(size, range0, range1);
    }

    /** The sequence ranges recorded, sequence id -> {start, end} (a new map). */
    public Map<Integer, int[]> sequenceRanges() {
        return SequenceRanges.asMap(range0, range1);
    }

    public RawEncoding copy() {
        RawEncoding c = copyRange(0, size);
        c.range0 = range0;
        c.range1 = range1;
        if (!overflowing.isEmpty()) {
            List<RawEncoding> o = new ArrayList<>(overflowing.size());
            for (RawEncoding x : overflowing) o.add(x.copy());
            c.overflowing = o;
        }
        return c;
    }

    /** A copy of tokens {@code [from, to)}, without sequence ranges or overflowing pieces. */
    RawEncoding copyRange(int from, int to) {
        RawEncoding c = new RawEncoding(to - from);
        int n = to - from;
        copyTokens(this, from, c, 0, n);
        c.size = n;
        return c;
    }

    /**
     * Keeps at most {@code maxLength} tokens; what is cut goes to {@link #overflowing()} in pieces
     * of {@code maxLength} that each repeat {@code stride} tokens of the previous one.
     */
    public void truncate(int maxLength, int stride, boolean fromLeft) {
        OverflowingPieces.truncate(this, maxLength, stride, fromLeft);
    }

    /**
     * Becomes the tokens of {@code kept} (taking its arrays; none when null), without sequence
     * ranges, with {@code overflowing} as its overflowing pieces: the end of a truncation.
     */
    void reset(RawEncoding kept, List<RawEncoding> overflowing) {
        if (kept == null) {
            size = 0;
        } else {
            takeArrays(kept);
            size = kept.size;
        }
        range0 = range1 = SequenceRanges.NONE;
        this.overflowing = overflowing;
    }

    /** Takes over the token arrays of {@code o} (its size is not taken). */
    private void takeArrays(RawEncoding o) {
        if (o.names != null) names = o.names;
        ids = o.ids;
        typeIds = o.typeIds;
        tokens = o.tokens;
        words = o.words;
        starts = o.starts;
        ends = o.ends;
        flags = o.flags;
    }

    /**
     * Concatenates encodings in order, combining their overflowing pieces as the reference does.
     * The result may be the sole input itself (when there is one, without overflowing pieces).
     */
    public static RawEncoding merge(List<RawEncoding> encodings, boolean growingOffsets) {
        return OverflowingPieces.merge(encodings, growingOffsets);
    }

    /** Appends {@code pair} to this encoding; overflowing pieces of both are combined pairwise. */
    public void mergeWith(RawEncoding pair, boolean growingOffsets) {
        OverflowingPieces.mergeWith(this, pair, growingOffsets);
    }

    /**
     * Appends the tokens and sequence ranges of {@code pair} (not its overflowing pieces), its
     * offsets shifted past this encoding's last end when {@code growingOffsets}.
     */
    void append(RawEncoding pair, boolean growingOffsets) {
        if (pair.range0 != SequenceRanges.NONE) range0 = SequenceRanges.shift(pair.range0, size);
        if (pair.range1 != SequenceRanges.NONE) range1 = SequenceRanges.shift(pair.range1, size);
        int shift = growingOffsets && size > 0 ? ends[size - 1] : 0;
        int n = pair.size;
        ensure(n);
        copyTokens(pair, 0, this, size, n);
        if (shift != 0) {
            for (int i = size; i < size + n; i++) {
                starts[i] += shift;
                ends[i] += shift;
            }
        }
        size += n;
    }

    /**
     * Pads (and pads every overflowing piece) to {@code targetLength} tokens, in place: a fixed
     * padding (MiniLM's 128) makes most of an encoding padding, and building a padded copy token by
     * token cost more than encoding the text.
     */
    public void pad(int targetLength, int padId, int padTypeId, String padToken, boolean left) {
        for (RawEncoding o : overflowing) o.pad(targetLength, padId, padTypeId, padToken, left);
        if (size >= targetLength) return;
        int padLength = targetLength - size;
        int from = left ? 0 : size;
        if (left) {
            insertFront(padLength);
        } else {
            ensure(padLength);
        }
        int to = from + padLength;
        Arrays.fill(ids, from, to, padId);
        Arrays.fill(texts(), from, to, padToken);
        Arrays.fill(starts, from, to, 0);
        Arrays.fill(ends, from, to, 0);
        Arrays.fill(words, from, to, -1);
        Arrays.fill(typeIds, from, to, padTypeId);
        Arrays.fill(flags, from, to, TokenFlags.SPECIAL);
        size = targetLength;
    }

    public int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    public int[] typeIds() {
        return Arrays.copyOf(typeIds, size);
    }

    public String[] tokens() {
        String[] out = tokens == null ? new String[size] : Arrays.copyOf(tokens, size);
        if (names != null) for (int i = 0; i < size; i++) if (out[i] == null) out[i] = names.apply(ids[i]);
        return out;
    }

    /** Records that every token so far came from input text {@code source} (0 = sequence, 1 = pair). */
    public void setSource(int source) {
        int bits = TokenFlags.sourceBits(source);
        for (int i = 0; i < size; i++) flags[i] = (byte) (flags[i] & TokenFlags.MASKS | bits);
    }

    /** The input text token {@code i} came from (0 = sequence, 1 = pair), or -1. */
    public int source(int i) {
        return TokenFlags.source(flags[i]);
    }

    /** Records that token {@code i} came from input text {@code source} (0 = sequence, 1 = pair). */
    public void setSource(int i, int source) {
        flags[i] = (byte) (flags[i] & TokenFlags.MASKS | TokenFlags.sourceBits(source));
    }

    /** Per token, the input text its offsets index (0 = sequence, 1 = pair), or -1 for special and padding tokens. */
    public int[] sources() {
        return TokenFlags.sources(flags, size);
    }

    public int[] words() {
        return Arrays.copyOf(words, size);
    }

    public int[] starts() {
        return Arrays.copyOf(starts, size);
    }

    public int[] ends() {
        return Arrays.copyOf(ends, size);
    }

    public int[] specialTokensMask() {
        return TokenFlags.specialMasks(flags, size);
    }

    public int[] attentionMask() {
        return TokenFlags.attentionMasks(flags, size);
    }
}
