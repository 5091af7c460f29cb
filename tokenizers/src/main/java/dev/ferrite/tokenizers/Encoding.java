package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The result of encoding one input (or one pair of inputs): immutable, every accessor returns a
 * fresh copy. Arrays are parallel, one entry per token.
 *
 * <p>Offsets are {@code [start, end)} indices into the input text the token came from (the
 * sequence or, for a pair, its second text): UTF-16 units by default, or any {@link OffsetUnit}.
 * Special and padding tokens have {@code [0, 0)}.
 */
public final class Encoding {
    private final int[] ids;
    private final String[] tokens;
    private final int[] typeIds;
    private final int[] starts;
    private final int[] ends;
    private final int[] wordIds;
    private final int[] sequenceIds;
    private final int[] sources;
    private final int[] specialTokensMask;
    private final int[] attentionMask;
    private final List<Encoding> overflowing;
    private final String[] texts;

    Encoding(RawEncoding raw, String[] texts) {
        this.ids = raw.ids();
        this.tokens = raw.tokens();
        this.typeIds = raw.typeIds();
        this.starts = raw.starts();
        this.ends = raw.ends();
        this.wordIds = raw.words();
        this.sequenceIds = raw.sequenceIds();
        this.sources = raw.sources();
        this.specialTokensMask = raw.specialTokensMask();
        this.attentionMask = raw.attentionMask();
        this.texts = texts;
        List<Encoding> over = new ArrayList<>(raw.overflowing().size());
        for (RawEncoding o : raw.overflowing()) over.add(new Encoding(o, texts));
        this.overflowing = Collections.unmodifiableList(over);
    }

    /** Number of tokens, padding included. */
    public int length() {
        return ids.length;
    }

    public int[] ids() {
        return ids.clone();
    }

    public List<String> tokens() {
        return List.of(tokens);
    }

    /** Segment ids: 0 for the first sequence, 1 for the pair, as the post-processor sets them. */
    public int[] typeIds() {
        return typeIds.clone();
    }

    /** 1 for real tokens, 0 for padding. */
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    /** 1 for special and padding tokens, 0 for tokens of the text. */
    public int[] specialTokensMask() {
        return specialTokensMask.clone();
    }

    /** Per token, the index of the word (pre-tokenizer split) it belongs to, or -1. */
    public int[] wordIds() {
        return wordIds.clone();
    }

    /** Per token, 0 for the first sequence, 1 for the pair, -1 for special and padding tokens. */
    public int[] sequenceIds() {
        return sequenceIds.clone();
    }

    /** Offsets in UTF-16 units: {@code offsets()[i] = {start, end}}. */
    public int[][] offsets() {
        return offsets(OffsetUnit.UTF16);
    }

    /** Offsets in the given unit: {@code offsets(unit)[i] = {start, end}}. */
    public int[][] offsets(OffsetUnit unit) {
        int[][] out = new int[ids.length][];
        int[][] tables = new int[texts.length][];
        for (int i = 0; i < ids.length; i++) {
            if (unit == OffsetUnit.UTF16 || sources[i] < 0) {
                out[i] = new int[] {starts[i], ends[i]};
                continue;
            }
            int source = sources[i];
            if (tables[source] == null) tables[source] = unitTable(texts[source], unit);
            int[] table = tables[source];
            out[i] = new int[] {table[Math.min(starts[i], table.length - 1)], table[Math.min(ends[i], table.length - 1)]};
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
        return "Encoding{ids=" + Arrays.toString(ids) + ", tokens=" + Arrays.toString(tokens) + "}";
    }

}
