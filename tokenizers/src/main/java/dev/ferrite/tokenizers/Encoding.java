package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The result of encoding one input (or one pair of inputs): immutable, every accessor returns a
 * fresh copy (made on access: building an encoding copies nothing). Arrays are parallel, one entry per token.
 *
 * <p>Offsets are {@code [start, end)} indices into the input text the token came from (the
 * sequence or, for a pair, its second text): UTF-16 units by default, or any {@link OffsetUnit}.
 * Special and padding tokens have {@code [0, 0)}.
 */
public final class Encoding {
    /** Owned by this encoding alone (the tokenizer hands it over); never modified after construction. */
    private final RawEncoding raw;
    private final List<Encoding> overflowing;
    /** The input texts the offsets index: the sequence, and the pair or null (two fields, not an array per encode). */
    private final String text;
    private final String pair;

    Encoding(RawEncoding raw, String text, String pair) {
        if (raw.isBorrowing()) throw new IllegalStateException("the encoding is still in a thread's reusable arrays: detach it first");
        this.raw = raw;
        this.text = text;
        this.pair = pair;
        List<RawEncoding> rawOverflowing = raw.overflowing();
        if (rawOverflowing.isEmpty()) {
            this.overflowing = List.of();
        } else {
            List<Encoding> over = new ArrayList<>(rawOverflowing.size());
            for (RawEncoding o : rawOverflowing) over.add(new Encoding(o, text, pair));
            this.overflowing = Collections.unmodifiableList(over);
        }
    }

    /** Number of tokens, padding included. */
    public int length() {
        return raw.size();
    }

    public int[] ids() {
        return raw.ids();
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(Arrays.asList(raw.tokens()));
    }

    /** Segment ids: 0 for the first sequence, 1 for the pair, as the post-processor sets them. */
    public int[] typeIds() {
        return raw.typeIds();
    }

    /** 1 for real tokens, 0 for padding. */
    public int[] attentionMask() {
        return raw.attentionMask();
    }

    /** 1 for special and padding tokens, 0 for tokens of the text. */
    public int[] specialTokensMask() {
        return raw.specialTokensMask();
    }

    /** Per token, the index of the word (pre-tokenizer split) it belongs to, or -1. */
    public int[] wordIds() {
        return raw.words();
    }

    /** Per token, 0 for the first sequence, 1 for the pair, -1 for special and padding tokens. */
    public int[] sequenceIds() {
        return raw.sequenceIds();
    }

    /** Offsets in UTF-16 units: {@code offsets()[i] = {start, end}}. */
    public int[][] offsets() {
        return offsets(OffsetUnit.UTF16);
    }

    /** Offsets in the given unit: {@code offsets(unit)[i] = {start, end}}. */
    public int[][] offsets(OffsetUnit unit) {
        int n = raw.size();
        int[][] out = new int[n][];
        int[][] tables = new int[2][];
        for (int i = 0; i < n; i++) {
            int source = raw.source(i);
            if (unit == OffsetUnit.UTF16 || source < 0) {
                out[i] = new int[] {raw.start(i), raw.end(i)};
                continue;
            }
            if (tables[source] == null) tables[source] = unitTable(source == 0 ? text : pair, unit);
            int[] table = tables[source];
            out[i] = new int[] {table[Math.min(raw.start(i), table.length - 1)], table[Math.min(raw.end(i), table.length - 1)]};
        }
        return out;
    }

    /** For every UTF-16 index 0..length of {@code text}, the same position counted in {@code unit}. */
    private static int[] unitTable(String text, OffsetUnit unit) {
        int[] table = new int[text.length() + 1];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            table[i] = count;
            char c = text.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (unit == OffsetUnit.CODEPOINTS) {
                count += 1;
            } else {
                count += c < 0x80 ? 1 : c < 0x800 ? 2 : pairStart ? 4 : 3;
            }
            if (pairStart) {
                // The low surrogate is not a boundary; give it its pair's start so no offset lands mid-character.
                table[++i] = table[i - 1];
            }
        }
        table[text.length()] = count;
        return table;
    }

    /** The pieces truncation cut off, each a full encoding (with special tokens and padding). */
    public List<Encoding> overflowing() {
        return overflowing;
    }

    @Override
    public String toString() {
        return "Encoding{ids=" + Arrays.toString(raw.ids()) + ", tokens=" + Arrays.toString(raw.tokens()) + "}";
    }

}
