package dev.ferrite.tokenizers.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A string being normalized, which remembers for every one of its characters the range of the
 * original text it came from, so that token offsets can always be given in the original.
 *
 * <p>Offsets are UTF-16 indices. Every UTF-16 unit of the normalized text carries an alignment
 * {@code [alignStart, alignEnd)} into {@link #original()}; both units of a surrogate pair carry the
 * same one. This is the Rust library's byte-level alignment restated per character: the two agree
 * on every boundary because the Rust code, too, gives all bytes of a character one alignment.
 *
 * <p>Representation (invisible to callers, chosen for speed): the texts are views into shared
 * strings, materialized on first {@link #get()} / {@link #original()}; the alignments are either
 * <em>implicit</em> — each unit aligned to the character of the original at the same index, as a
 * fresh string is, with no arrays at all — or a view ({@code offset}, {@code delta}) into arrays
 * that slices share with their parent. Arrays are never written after they are built (every
 * transformation makes new ones), so sharing is safe; slicing copies nothing.
 *
 * <p>Not thread-safe: one instance lives inside one encode call.
 */
public final class NormalizedString {
    /** The original text is {@code origText[origOff, origOff + origLen)}. */
    private String origText;
    private int origOff;
    private final int origLen;
    private final int originalShift;
    /** The normalized text is {@code text[textOff, textOff + len)}. */
    private String text;
    private int textOff;
    private int len;
    /**
     * Alignment of unit i: {@code alignStarts[alignOff + i] - alignDelta} (likewise the end), or,
     * when {@code alignStarts} is null, the range of the original character at index i.
     */
    private int[] alignStarts;
    private int[] alignEnds;
    private int alignOff;
    private int alignDelta;

    /** A fresh string whose normalized form is the original itself. */
    public NormalizedString(String original) {
        this(original, 0);
    }

    NormalizedString(String original, int originalShift) {
        this.origText = original;
        this.origLen = original.length();
        this.originalShift = originalShift;
        this.text = original;
        this.len = original.length();
    }

    private NormalizedString(String origText, int origOff, int origLen, int originalShift, String text, int textOff, int len) {
        this.origText = origText;
        this.origOff = origOff;
        this.origLen = origLen;
        this.originalShift = originalShift;
        this.text = text;
        this.textOff = textOff;
        this.len = len;
    }

    /** The normalized text. */
    public String get() {
        if (textOff != 0 || len != text.length()) {
            text = text.substring(textOff, textOff + len);
            textOff = 0;
        }
        return text;
    }

    /** UTF-16 unit {@code i} of the normalized text (same as {@code get().charAt(i)}, without building the string). */
    public char charAt(int i) {
        Objects.checkIndex(i, len);
        return text.charAt(textOff + i);
    }

    /** The original text this (slice of a) string covers. */
    public String original() {
        if (origOff != 0 || origLen != origText.length()) {
            origText = origText.substring(origOff, origOff + origLen);
            origOff = 0;
        }
        return origText;
    }

    /** Where {@link #original()} starts in the whole input the encode call was given. */
    public int originalShift() {
        return originalShift;
    }

    public int length() {
        return len;
    }

    public boolean isEmpty() {
        return len == 0;
    }

    /** Start of the original range that normalized unit {@code i} came from, relative to {@link #original()}. */
    public int alignStart(int i) {
        Objects.checkIndex(i, len);
        if (alignStarts != null) return alignStarts[alignOff + i] - alignDelta;
        // Implicit: the original character at i (a low surrogate belongs to the pair before it).
        if (i > 0 && Character.isLowSurrogate(origText.charAt(origOff + i))
                && Character.isHighSurrogate(origText.charAt(origOff + i - 1))) {
            return i - 1;
        }
        return i;
    }

    /** End of the original range that normalized unit {@code i} came from, relative to {@link #original()}. */
    public int alignEnd(int i) {
        Objects.checkIndex(i, len);
        if (alignStarts != null) return alignEnds[alignOff + i] - alignDelta;
        if (i + 1 < len && Character.isHighSurrogate(origText.charAt(origOff + i))
                && Character.isLowSurrogate(origText.charAt(origOff + i + 1))) {
            return i + 2;
        }
        return i + 1;
    }

    /** Whether every unit is aligned to the original character at the same index (nothing changed its shape). */
    public boolean hasImplicitAlignments() {
        return alignStarts == null;
    }

    /**
     * Maps a normalized range to the original range it covers, relative to {@link #original()}.
     * An empty range maps to itself, as in the Rust library; returns null when out of bounds.
     */
    public int[] normalizedToOriginal(int start, int end) {
        if (start == end) return new int[] {start, end};
        if (start > end) return null;
        if (start < 0 || end > len) return null;
        return new int[] {alignStart(start), alignEnd(end - 1)};
    }

    /**
     * Maps an original range (relative to {@link #original()}) to the normalized range that came
     * from it; null when nothing does.
     */
    public int[] originalToNormalized(int start, int end) {
        if (start == end) return new int[] {start, end};
        if (start > end) return null;
        if (origLen == 0 && start == 0 && end == 0) return new int[] {0, len};
        int s = -1;
        int e = -1;
        for (int i = 0; i < len && end >= alignEnd(i); i++) {
            int as = alignStart(i);
            if (s < 0 && start <= as && as != alignEnd(i)) s = i;
            e = i + 1;
        }
        if (s >= 0 && e >= 0) return new int[] {s, e};
        if (s >= 0) return new int[] {s, s};
        if (e >= 0) return new int[] {e, e};
        return null;
    }

    /** A slice of this string over the normalized range {@code [start, end)}, keeping its alignments. Copies nothing. */
    public NormalizedString slice(int start, int end) {
        int os;
        int oe;
        if (start == end) {
            os = start;
            oe = end;
        } else if (start > end || start < 0 || end > len) {
            throw new IllegalArgumentException("bad slice " + start + ".." + end + " of " + len);
        } else {
            os = alignStart(start);
            oe = alignEnd(end - 1);
        }
        if (start < 0 || end > len) throw new IllegalArgumentException("bad slice " + start + ".." + end + " of " + len);
        boolean wholeOriginal = os <= oe && oe <= origLen;
        NormalizedString s = new NormalizedString(origText, wholeOriginal ? origOff + os : origOff, wholeOriginal ? oe - os : 0,
                originalShift + os, text, textOff + start, end - start);
        if (alignStarts != null) {
            s.alignStarts = alignStarts;
            s.alignEnds = alignEnds;
            s.alignOff = alignOff + start;
            s.alignDelta = alignDelta + os;
        } else if (os != start || oe != end) {
            // The slice cuts a surrogate pair of the original: spell its alignments out.
            int n = end - start;
            int[] as = new int[n];
            int[] ae = new int[n];
            copyAlignments(start, end, as, ae, 0);
            for (int i = 0; i < n; i++) {
                as[i] -= os;
                ae[i] -= os;
            }
            s.alignStarts = as;
            s.alignEnds = ae;
        }
        return s;
    }

    /** Writes the alignments of units {@code [from, to)} into {@code starts} and {@code ends} at {@code at}. */
    void copyAlignments(int from, int to, int[] starts, int[] ends, int at) {
        int n = to - from;
        if (alignStarts != null) {
            System.arraycopy(alignStarts, alignOff + from, starts, at, n);
            System.arraycopy(alignEnds, alignOff + from, ends, at, n);
            if (alignDelta != 0) {
                for (int i = at; i < at + n; i++) {
                    starts[i] -= alignDelta;
                    ends[i] -= alignDelta;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                starts[at + i] = alignStart(from + i);
                ends[at + i] = alignEnd(from + i);
            }
        }
    }

    /** The code point at normalized index {@code i}, as {@code get().codePointAt(i)}. */
    int codePointAt(int i) {
        char c = text.charAt(textOff + i);
        if (Character.isHighSurrogate(c) && i + 1 < len) {
            char d = text.charAt(textOff + i + 1);
            if (Character.isLowSurrogate(d)) return Character.toCodePoint(c, d);
        }
        return c;
    }

    int charCountAt(int i) {
        return Character.charCount(codePointAt(i));
    }

    /**
     * Replaces the normalized range {@code [start, end)} with the characters of {@code dest}, each
     * tagged with its change: 1 for an inserted character, 0 for one that replaces the next old
     * character, -N for one that replaces the next old character and removes the N after it.
     * {@code initialOffset} old characters are removed before the first one of {@code dest}.
     */
    public void transformRange(int start, int end, Changes dest, int initialOffset) {
        NormalizedEdits.transformRange(this, start, end, dest, initialOffset);
    }

    /**
     * {@link #transformRange} over the normalized range that the whole original maps to, as the
     * Rust {@code transform} (which works on {@code Range::Original(..)}). That range is the whole
     * normalized string except when it starts with characters of empty alignment (inserted before
     * everything, e.g. by a regex replace matching the empty string at 0): those stay in front,
     * untouched, even though {@code dest} was computed from them too — a Rust quirk kept on purpose.
     */
    public void transform(Changes dest, int initialOffset) {
        int[] range = wholeOriginalRange();
        if (range == null) return;
        transformRange(range[0], range[1], dest, initialOffset);
    }

    /** Replaces units {@code [start, end)} by {@code replacement[0, n)} with the given alignments. */
    void splice(int start, int end, char[] replacement, int[] ns, int[] ne, int n) {
        if (start == 0 && end == len) {
            setAll(new String(replacement, 0, n), ns, ne);
            return;
        }
        int newLen = len - (end - start) + n;
        int[] s = new int[newLen];
        int[] e = new int[newLen];
        copyAlignments(0, start, s, e, 0);
        System.arraycopy(ns, 0, s, start, n);
        System.arraycopy(ne, 0, e, start, n);
        copyAlignments(end, len, s, e, start + n);
        char[] chars = new char[newLen];
        text.getChars(textOff, textOff + start, chars, 0);
        System.arraycopy(replacement, 0, chars, start, n);
        text.getChars(textOff + end, textOff + len, chars, start + n);
        text = new String(chars);
        textOff = 0;
        len = newLen;
        setAlignments(s, e);
    }

    /** Makes {@code text} the normalized text, unit i aligned to {@code [starts[i], ends[i])} (arrays at least as long, kept). */
    void setAll(String text, int[] starts, int[] ends) {
        this.text = text;
        textOff = 0;
        len = text.length();
        setAlignments(starts, ends);
    }

    private void setAlignments(int[] starts, int[] ends) {
        alignStarts = starts;
        alignEnds = ends;
        alignOff = 0;
        alignDelta = 0;
    }

    /**
     * Replaces the whole normalized text by {@code text} where every UTF-16 unit keeps the
     * alignment of the unit at the same index. For normalizers that change characters one for one
     * (same UTF-16 length), such as a case mapping that keeps lengths.
     */
    public void replaceSameLength(String text) {
        if (text.length() != len) throw new IllegalArgumentException("length changed");
        this.text = text;
        this.textOff = 0;
    }

    /**
     * {@code transform(changes, 0)} for changes that replace every old character by one or more
     * new ones, given as the new units {@code chars[0, n)} and, for each, where its alignment
     * comes from: {@code sources[j] = i >= 0} when unit j replaces the old character that starts
     * at unit i (change 0; i runs over the old characters in order), or
     * {@code sources[j] = ~i} when unit j is inserted (change 1) after old unit i, the last unit
     * of the character replaced just before. Old characters may be left out (removed) only while
     * the text still covers its whole original one for one, as a fresh string does (BertReshape
     * relies on it): every kept unit then takes its own character's alignment, which is what the
     * removals of the general transform give. On any other string none may be left out: it goes
     * through the general transform, and these arguments cannot express a removal to it. A null {@code sources} means one new unit for each
     * old unit, valid only when the old text has no surrogates. Does in one pass what the
     * general transform does (the byte-level pre-tokenizer's rewrite, for one). New units must
     * not be surrogates.
     */
    public void replaceFrom(char[] chars, int n, int[] sources) {
        NormalizedEdits.replaceFrom(this, chars, n, sources);
    }

    /** {@code originalToNormalized(0, original().length())}, the range {@link #transform} works on. */
    int[] wholeOriginalRange() {
        if (alignStarts == null) return new int[] {0, len};
        return originalToNormalized(0, origLen);
    }

    /** Inserts {@code s} before the first character (nothing happens on an empty string). */
    public void prepend(String s) {
        NormalizedEdits.prepend(this, s);
    }

    /** Appends {@code s} after the last character (nothing happens on an empty string). */
    public void append(String s) {
        NormalizedEdits.append(this, s);
    }

    /** Keeps the characters {@code keep} accepts and removes the others, as the Rust {@code filter}. */
    public void filter(IntPredicate keep) {
        NormalizedEdits.filter(this, keep);
    }

    /** Maps every character one to one. */
    public void map(IntUnaryOperator f) {
        NormalizedEdits.map(this, f);
    }

    /** Removes leading and/or trailing white space (Unicode White_Space, as Rust's {@code char::is_whitespace}). */
    public void strip(boolean left, boolean right) {
        NormalizedEdits.strip(this, left, right);
    }

    /** Replaces every match of {@code pattern} by {@code content}, as the Rust {@code replace}. */
    public void replace(Pattern pattern, String content) {
        NormalizedEdits.replace(this, pattern, content);
    }

    /** Splits at the matches of {@code pattern}, doing with each delimiter what {@code behavior} says. */
    public List<NormalizedString> split(Pattern pattern, SplitDelimiterBehavior behavior) {
        return NormalizedSplit.split(this, pattern, behavior);
    }

    @Override
    public String toString() {
        return "NormalizedString{" + original() + " -> " + get() + "}";
    }

    /** The characters a transformation produces, each with its change (see {@link #transformRange}). */
    public static final class Changes {
        private int[] codePoints = new int[16];
        private int[] changes = new int[16];
        private int size;

        public void add(int codePoint, int change) {
            if (size == codePoints.length) {
                codePoints = Arrays.copyOf(codePoints, size * 2);
                changes = Arrays.copyOf(changes, size * 2);
            }
            codePoints[size] = codePoint;
            changes[size] = change;
            size++;
        }

        public int size() {
            return size;
        }

        public int codePoint(int i) {
            return codePoints[i];
        }

        public int change(int i) {
            return changes[i];
        }
    }
}
