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
 * <p>Offsets are {@code [start, end)} indices into the text of the sequence the token came from
 * (see {@link #sequenceIds()}): UTF-16 units by default, or any {@link OffsetUnit}. Special and
 * padding tokens have {@code [0, 0)}.
 */
public final class Encoding {
    private final int[] ids;
    private final String[] tokens;
    private final int[] typeIds;
    private final int[] starts;
    private final int[] ends;
    private final int[] wordIds;
    private final int[] sequenceIds;
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
        for (int i = 0; i < ids.length; i++) {
            String text = texts[Math.max(0, Math.min(texts.length - 1, sequenceIds[i] < 0 ? 0 : sequenceIds[i]))];
            out[i] = new int[] {convert(text, starts[i], unit), convert(text, ends[i], unit)};
        }
        return out;
    }

    private static int convert(String text, int utf16, OffsetUnit unit) {
        if (unit == OffsetUnit.UTF16 || utf16 == 0) return utf16;
        int end = Math.min(utf16, text.length());
        return switch (unit) {
            case CODEPOINTS -> text.codePointCount(0, end);
            case BYTES -> utf8Length(text, end);
            case UTF16 -> utf16;
        };
    }

    private static int utf8Length(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
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
