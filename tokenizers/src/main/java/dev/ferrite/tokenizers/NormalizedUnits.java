package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.normalizers.MappedText;
import dev.ferrite.tokenizers.pipeline.NormalizedString;

/**
 * The normalized text a fused pass works on, as units, with the original range each unit came
 * from (UTF-16 offsets into the whole input): a {@link MappedText} when the normalizer maps the
 * text unit for unit (the usual case, with alignments by arithmetic), else a
 * {@link NormalizedString} the normalizer ran on.
 */
final class NormalizedUnits {
    private char[] chars;
    private int length;
    private MappedText mapped;
    private NormalizedString normalized;
    private String text;

    /** Empty until {@link #set}: one instance is reused by the calls of a thread (see {@link EncodeScratch}). */
    NormalizedUnits() {
    }

    /** These units made those of {@code mapped} (its buffer, not a copy); returns this. */
    NormalizedUnits set(MappedText mapped) {
        this.chars = mapped.chars();
        this.length = mapped.length();
        this.mapped = mapped;
        this.normalized = null;
        this.text = null;
        return this;
    }

    /** These units made those of {@code normalized}; returns this. */
    NormalizedUnits set(NormalizedString normalized) {
        this.text = normalized.get();
        this.chars = text.toCharArray();
        this.length = chars.length;
        this.mapped = null;
        this.normalized = normalized;
        return this;
    }

    /** Forgets the text (so that a kept instance does not hold on to it). */
    void clear() {
        chars = null;
        length = 0;
        mapped = null;
        normalized = null;
        text = null;
    }

    /** The units; those from {@link #length()} on are not part of the text. */
    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** The normalized text as a string (made on first use). */
    String text() {
        if (text == null) text = new String(chars, 0, length);
        return text;
    }

    /**
     * Whether each unit {@code i} came from original unit {@code max(i - shift(), 0)} alone (no
     * reshaping, no surrogate pair): {@code alignStart(i) = max(i - shift(), 0)} and
     * {@code alignEnd(i) = alignStart(i) + 1}, arithmetic a caller may do itself.
     */
    boolean unitForUnit() {
        return mapped != null && mapped.unitForUnit();
    }

    /** The units put before the text (see {@link #unitForUnit}). */
    int shift() {
        return mapped.prefix();
    }

    /** Start of the original range unit {@code i} came from. */
    int alignStart(int i) {
        return mapped != null ? mapped.alignStart(i) : normalized.originalShift() + normalized.alignStart(i);
    }

    /** End of the original range unit {@code i} came from. */
    int alignEnd(int i) {
        return mapped != null ? mapped.alignEnd(i) : normalized.originalShift() + normalized.alignEnd(i);
    }
}
