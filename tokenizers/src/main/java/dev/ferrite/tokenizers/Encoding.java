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
 * <p>Offsets are {@code [start, end)} indices into the text of the sequence the token came from
 * (see {@link #sequenceIds()}): UTF-16 units by default, or any {@link OffsetUnit}. Special and
 * padding tokens have {@code [0, 0)}.
 */
public final class Encoding {
    /** Owned by this encoding alone (the tokenizer hands it over); never modified after construction. */
    private final RawEncoding raw;
    private final List<Encoding> overflowing;
    private final String[] texts;

    Encoding(RawEncoding raw, String[] texts) {
        this.raw = raw;
        this.texts = texts;
        List<RawEncoding> rawOverflowing = raw.overflowing();
        if (rawOverflowing.isEmpty()) {
            this.overflowing = List.of();
        } else {
            List<Encoding> over = new ArrayList<>(rawOverflowing.size());
            for (RawEncoding o : rawOverflowing) over.add(new Encoding(o, texts));
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
        int[] sequenceIds = unit == OffsetUnit.UTF16 ? null : raw.sequenceIds();
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int start = raw.start(i);
            int end = raw.end(i);
            if (sequenceIds != null) {
                String text = texts[Math.max(0, Math.min(texts.length - 1, sequenceIds[i] < 0 ? 0 : sequenceIds[i]))];
                start = convert(text, start, unit);
                end = convert(text, end, unit);
            }
            out[i] = new int[] {start, end};
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
        return "Encoding{ids=" + Arrays.toString(raw.ids()) + ", tokens=" + Arrays.toString(raw.tokens()) + "}";
    }

}
