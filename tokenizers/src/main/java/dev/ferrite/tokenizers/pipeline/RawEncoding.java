package dev.ferrite.tokenizers.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The mutable encoding the pipeline builds: a port of the Rust library's {@code Encoding}, with
 * its truncation and merge rules ({@link OverflowingPieces}) and its padding. Offsets are UTF-16 indices into the text of the
 * sequence each token came from; a word id of -1 means "no word". The tokens are stored by {@link TokenColumns}.
 */
public final class RawEncoding extends TokenColumns {
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
        super(capacity, names);
    }

    private RawEncoding(EncodingScratch scratch, IntFunction<String> names, int typeId) {
        super(scratch, names, typeId);
    }

    /**
     * An empty encoding of input {@code sequence} (0, or 1 for the pair; its tokens' usual type id)
     * built in this thread's reusable arrays, its model tokens named by {@code names} (may be null):
     * {@link #detach} must copy it out before it leaves the thread or the pipeline borrows the same
     * arrays again (the next encoding of that input on this thread).
     */
    public static RawEncoding borrowing(int sequence, IntFunction<String> names) {
        return new RawEncoding(EncodingScratch.of(sequence), names, sequence);
    }

    /**
     * Makes this encoding (and its overflowing pieces) own its arrays: an encoding built in
     * {@link #borrowing borrowed} arrays gets arrays of exactly its size, and type ids stored
     * while they differ. Call it once the encoding is complete (it may still be padded, which
     * grows it to the exact target).
     */
    public void detach() {
        // Indexed: an iterator per encode over the (nearly always empty) list is garbage too.
        for (int i = 0, n = overflowing.size(); i < n; i++) overflowing.get(i).detach();
        detachColumns();
    }

    public static RawEncoding empty() {
        return new RawEncoding(0);
    }

    /** Appends one token. */
    public void add(int id, String token, int start, int end, int word, int typeId, int special, int attention) {
        ensure(1);
        size++;
        set(size - 1, id, token, start, end, word, typeId, special, attention);
    }

    /**
     * Opens {@code count} token slots at the front, moving every token and every sequence range
     * {@code count} places on; the caller fills the slots with {@link #set}. A post-processor puts
     * special tokens before a sequence this way, in place, instead of merging copies.
     */
    public void insertFront(int count) {
        if (count == 0) return;
        ensure(count);
        copyTokens(this, 0, this, count, size);
        size += count;
        range0 = SequenceRanges.shift(range0, count);
        range1 = SequenceRanges.shift(range1, count);
    }

    public List<RawEncoding> overflowing() {
        return overflowing;
    }

    public void setOverflowing(List<RawEncoding> overflowing) {
        this.overflowing = overflowing;
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
            takeColumns(kept);
            size = kept.size;
        }
        range0 = range1 = SequenceRanges.NONE;
        this.overflowing = overflowing;
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
        int shift = growingOffsets && size > 0 ? end(size - 1) : 0;
        int n = pair.size;
        ensure(n);
        copyTokens(pair, 0, this, size, n);
        if (shift != 0) {
            for (int i = size; i < size + n; i++) {
                setOffsets(i, start(i) + shift, end(i) + shift);
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
        // Exactly the target: a batch pads encodings already copied out at their size.
        if (targetLength > capacity()) growTo(targetLength);
        if (left) insertFront(padLength);
        int to = from + padLength;
        // As in set: a pad token that is the name of its id is not stored.
        String text = textToStore(padId, padToken);
        if (text != null || tokens != null) Arrays.fill(texts(), from, to, text);
        for (int i = from; i < to; i++) put(i, padId, -1, 0, 0);
        fillTypeIds(from, to, padTypeId);
        Arrays.fill(flags, from, to, TokenFlags.SPECIAL);
        size = targetLength;
    }
}
