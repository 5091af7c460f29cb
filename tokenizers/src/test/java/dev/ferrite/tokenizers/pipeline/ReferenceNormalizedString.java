package dev.ferrite.tokenizers.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first, plain implementation of {@link NormalizedString} (full alignment arrays, copied on
 * every slice and transform), kept as the oracle that the optimised one is checked against.
 *
 * A string being normalized, which remembers for every one of its characters the range of the
 * original text it came from, so that token offsets can always be given in the original.
 *
 * <p>Offsets are UTF-16 indices. Every UTF-16 unit of the normalized text carries an alignment
 * {@code [alignStart, alignEnd)} into {@link #original()}; both units of a surrogate pair carry the
 * same one. This is the Rust library's byte-level alignment restated per character: the two agree
 * on every boundary because the Rust code, too, gives all bytes of a character one alignment.
 *
 * <p>Not thread-safe: one instance lives inside one encode call.
 */
final class ReferenceNormalizedString {
    private final String original;
    private final int originalShift;
    private String normalized;
    private int[] alignStart;
    private int[] alignEnd;

    /** A fresh string whose normalized form is the original itself. */
    public ReferenceNormalizedString(String original) {
        this(original, 0);
    }

    ReferenceNormalizedString(String original, int originalShift) {
        this.original = original;
        this.originalShift = originalShift;
        this.normalized = original;
        int n = original.length();
        this.alignStart = new int[n];
        this.alignEnd = new int[n];
        for (int i = 0; i < n; ) {
            int len = Character.charCount(original.codePointAt(i));
            for (int k = 0; k < len && i + k < n; k++) {
                alignStart[i + k] = i;
                alignEnd[i + k] = i + len;
            }
            i += len;
        }
    }

    private ReferenceNormalizedString(String original, int originalShift, String normalized, int[] alignStart, int[] alignEnd) {
        this.original = original;
        this.originalShift = originalShift;
        this.normalized = normalized;
        this.alignStart = alignStart;
        this.alignEnd = alignEnd;
    }

    /** The normalized text. */
    public String get() {
        return normalized;
    }

    /** The original text this (slice of a) string covers. */
    public String original() {
        return original;
    }

    /** Where {@link #original()} starts in the whole input the encode call was given. */
    public int originalShift() {
        return originalShift;
    }

    public int length() {
        return normalized.length();
    }

    public boolean isEmpty() {
        return normalized.isEmpty();
    }

    /** Start of the original range that normalized unit {@code i} came from, relative to {@link #original()}. */
    public int alignStart(int i) {
        return alignStart[i];
    }

    /** End of the original range that normalized unit {@code i} came from, relative to {@link #original()}. */
    public int alignEnd(int i) {
        return alignEnd[i];
    }

    /**
     * Maps a normalized range to the original range it covers, relative to {@link #original()}.
     * An empty range maps to itself, as in the Rust library; returns null when out of bounds.
     */
    public int[] normalizedToOriginal(int start, int end) {
        if (start == end) return new int[] {start, end};
        if (start > end) return null;
        if (normalized.isEmpty() && start == 0 && end == 0) return new int[] {0, original.length()};
        if (start < 0 || end > normalized.length()) return null;
        return new int[] {alignStart[start], alignEnd[end - 1]};
    }

    /**
     * Maps an original range (relative to {@link #original()}) to the normalized range that came
     * from it; null when nothing does.
     */
    public int[] originalToNormalized(int start, int end) {
        if (start == end) return new int[] {start, end};
        if (start > end) return null;
        if (original.isEmpty() && start == 0 && end == 0) return new int[] {0, normalized.length()};
        int s = -1;
        int e = -1;
        for (int i = 0; i < alignStart.length && end >= alignEnd[i]; i++) {
            if (s < 0 && start <= alignStart[i] && alignStart[i] != alignEnd[i]) s = i;
            e = i + 1;
        }
        if (s >= 0 && e >= 0) return new int[] {s, e};
        if (s >= 0) return new int[] {s, s};
        if (e >= 0) return new int[] {e, e};
        return null;
    }

    /** A slice of this string over the normalized range {@code [start, end)}, keeping its alignments. */
    public ReferenceNormalizedString slice(int start, int end) {
        int[] orig = normalizedToOriginal(start, end);
        if (orig == null) throw new IllegalArgumentException("bad slice " + start + ".." + end + " of " + normalized.length());
        int shift = orig[0];
        int[] s = Arrays.copyOfRange(alignStart, start, end);
        int[] e = Arrays.copyOfRange(alignEnd, start, end);
        for (int i = 0; i < s.length; i++) {
            s[i] -= shift;
            e[i] -= shift;
        }
        String o = orig[0] <= orig[1] && orig[1] <= original.length() ? original.substring(orig[0], orig[1]) : "";
        return new ReferenceNormalizedString(o, originalShift + shift, normalized.substring(start, end), s, e);
    }

    /**
     * Replaces the normalized range {@code [start, end)} with the characters of {@code dest}, each
     * tagged with its change: 1 for an inserted character, 0 for one that replaces the next old
     * character, -N for one that replaces the next old character and removes the N after it.
     * {@code initialOffset} old characters are removed before the first one of {@code dest}.
     */
    public void transformRange(int start, int end, NormalizedString.Changes dest, int initialOffset) {
        int p = start;
        for (int k = 0; k < initialOffset && p < end; k++) p += Character.charCount(normalized.codePointAt(p));
        int offset = p;
        StringBuilder out = new StringBuilder(dest.size() + 4);
        int[] ns = new int[dest.size() * 2];
        int[] ne = new int[dest.size() * 2];
        int n = 0;
        for (int j = 0; j < dest.size(); j++) {
            int c = dest.codePoint(j);
            int change = dest.change(j);
            int as;
            int ae;
            if (change > 0) {
                if (offset < 1) {
                    as = 0;
                    ae = 0;
                } else {
                    as = alignStart[offset - 1];
                    ae = alignEnd[offset - 1];
                }
            } else if (offset < alignStart.length) {
                as = alignStart[offset];
                ae = alignEnd[offset];
            } else {
                // Only reachable with inconsistent changes; the Rust library would panic here.
                as = alignStart.length == 0 ? 0 : alignEnd[alignStart.length - 1];
                ae = as;
            }
            if (change <= 0 && p < end) {
                int len = Character.charCount(normalized.codePointAt(p));
                p += len;
                offset += len;
            }
            if (change < 0) {
                for (int k = 0; k < -change && p < end; k++) {
                    int len = Character.charCount(normalized.codePointAt(p));
                    p += len;
                    offset += len;
                }
            }
            int units = Character.charCount(c);
            if (n + units > ns.length) {
                ns = Arrays.copyOf(ns, ns.length * 2 + 2);
                ne = Arrays.copyOf(ne, ne.length * 2 + 2);
            }
            for (int k = 0; k < units; k++) {
                ns[n] = as;
                ne[n] = ae;
                n++;
            }
            out.appendCodePoint(c);
        }
        splice(start, end, out.toString(), ns, ne, n);
    }

    /**
     * {@link #transformRange} over the normalized range that the whole original maps to, as the
     * Rust {@code transform} (which works on {@code Range::Original(..)}). That range is the whole
     * normalized string except when it starts with characters of empty alignment (inserted before
     * everything, e.g. by a regex replace matching the empty string at 0): those stay in front,
     * untouched, even though {@code dest} was computed from them too — a Rust quirk kept on purpose.
     */
    public void transform(NormalizedString.Changes dest, int initialOffset) {
        int[] range = originalToNormalized(0, original.length());
        if (range == null) return;
        transformRange(range[0], range[1], dest, initialOffset);
    }

    private void splice(int start, int end, String replacement, int[] ns, int[] ne, int n) {
        int oldLen = normalized.length();
        int newLen = oldLen - (end - start) + n;
        int[] s = new int[newLen];
        int[] e = new int[newLen];
        System.arraycopy(alignStart, 0, s, 0, start);
        System.arraycopy(alignEnd, 0, e, 0, start);
        System.arraycopy(ns, 0, s, start, n);
        System.arraycopy(ne, 0, e, start, n);
        System.arraycopy(alignStart, end, s, start + n, oldLen - end);
        System.arraycopy(alignEnd, end, e, start + n, oldLen - end);
        alignStart = s;
        alignEnd = e;
        normalized = normalized.substring(0, start) + replacement + normalized.substring(end);
    }

    /**
     * Replaces the whole normalized text by {@code text} where every UTF-16 unit keeps the
     * alignment of the unit at the same index. For normalizers that change characters one for one
     * (same UTF-16 length), such as a case mapping that keeps lengths.
     */
    public void replaceSameLength(String text) {
        if (text.length() != normalized.length()) throw new IllegalArgumentException("length changed");
        normalized = text;
    }

    /** Inserts {@code s} before the first character (nothing happens on an empty string). */
    public void prepend(String s) {
        if (normalized.isEmpty()) return;
        int next = normalized.codePointAt(0);
        NormalizedString.Changes changes = new NormalizedString.Changes();
        boolean first = true;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            changes.add(c, first ? 0 : 1);
            first = false;
            i += Character.charCount(c);
        }
        changes.add(next, 1);
        transformRange(0, Character.charCount(next), changes, 0);
    }

    /** Appends {@code s} after the last character (nothing happens on an empty string). */
    public void append(String s) {
        if (normalized.isEmpty()) return;
        int last = normalized.codePointBefore(normalized.length());
        int b = normalized.length() - Character.charCount(last);
        NormalizedString.Changes changes = new NormalizedString.Changes();
        changes.add(last, 0);
        s.codePoints().forEach(c -> changes.add(c, 1));
        transformRange(b, normalized.length(), changes, 0);
    }

    /** Keeps the characters {@code keep} accepts and removes the others, as the Rust {@code filter}. */
    public void filter(java.util.function.IntPredicate keep) {
        NormalizedString.Changes changes = new NormalizedString.Changes();
        int removed = 0;
        int removedStart = 0;
        int lastC = -1;
        for (int i = 0; i < normalized.length(); ) {
            int c = normalized.codePointAt(i);
            i += Character.charCount(c);
            if (keep.test(c)) {
                if (lastC >= 0) {
                    changes.add(lastC, -removed);
                } else {
                    removedStart = removed;
                }
                lastC = c;
                removed = 0;
            } else {
                removed++;
            }
        }
        if (lastC >= 0) changes.add(lastC, -removed);
        transform(changes, removedStart);
    }

    /** Maps every character one to one. */
    public void map(java.util.function.IntUnaryOperator f) {
        NormalizedString.Changes changes = new NormalizedString.Changes();
        for (int i = 0; i < normalized.length(); ) {
            int c = normalized.codePointAt(i);
            i += Character.charCount(c);
            changes.add(f.applyAsInt(c), 0);
        }
        transform(changes, 0);
    }

    /** Removes leading and/or trailing white space (Unicode White_Space, as Rust's {@code char::is_whitespace}). */
    public void strip(boolean left, boolean right) {
        int[] cps = normalized.codePoints().toArray();
        int leading = 0;
        if (left) while (leading < cps.length && CharClasses.isWhitespace(cps[leading])) leading++;
        int trailing = 0;
        if (right) while (trailing < cps.length - leading && CharClasses.isWhitespace(cps[cps.length - 1 - trailing])) trailing++;
        if (leading == 0 && trailing == 0) return;
        NormalizedString.Changes changes = new NormalizedString.Changes();
        int count = cps.length;
        for (int i = 0; i < count; i++) {
            if (i < leading || i >= count - trailing) continue;
            changes.add(cps[i], i == count - trailing - 1 ? -trailing : 0);
        }
        transform(changes, leading);
    }

    /** Replaces every match of {@code pattern} by {@code content}, as the Rust {@code replace}. */
    public void replace(Pattern pattern, String content) {
        StringBuilder out = new StringBuilder(normalized.length());
        int cap = normalized.length() + 16;
        int[] ns = new int[cap];
        int[] ne = new int[cap];
        int n = 0;
        int lastEnd = 0;
        for (Pattern.Match m : pattern.findMatches(normalized)) {
            if (!m.isMatch()) continue;
            int start = m.start();
            int end = m.end();
            int need = n + (start - lastEnd) + content.length() * 2;
            if (need > ns.length) {
                ns = Arrays.copyOf(ns, Math.max(need, ns.length * 2));
                ne = Arrays.copyOf(ne, ns.length);
            }
            out.append(normalized, lastEnd, start);
            System.arraycopy(alignStart, lastEnd, ns, n, start - lastEnd);
            System.arraycopy(alignEnd, lastEnd, ne, n, start - lastEnd);
            n += start - lastEnd;
            // Every character of the content counts as inserted after the whole match: it takes
            // the alignment of the match's last character.
            int as = end < 1 ? 0 : alignStart[end - 1];
            int ae = end < 1 ? 0 : alignEnd[end - 1];
            for (int i = 0; i < content.length(); i++) {
                ns[n] = as;
                ne[n] = ae;
                n++;
            }
            out.append(content);
            lastEnd = end;
        }
        int rest = normalized.length() - lastEnd;
        if (n + rest > ns.length) {
            ns = Arrays.copyOf(ns, n + rest);
            ne = Arrays.copyOf(ne, n + rest);
        }
        out.append(normalized, lastEnd, normalized.length());
        System.arraycopy(alignStart, lastEnd, ns, n, rest);
        System.arraycopy(alignEnd, lastEnd, ne, n, rest);
        n += rest;
        normalized = out.toString();
        alignStart = Arrays.copyOf(ns, n);
        alignEnd = Arrays.copyOf(ne, n);
    }

    /** Splits at the matches of {@code pattern}, doing with each delimiter what {@code behavior} says. */
    public List<ReferenceNormalizedString> split(Pattern pattern, SplitDelimiterBehavior behavior) {
        List<Pattern.Match> matches = pattern.findMatches(normalized);
        List<int[]> splits = new ArrayList<>(matches.size());
        switch (behavior) {
            case ISOLATED -> {
                for (Pattern.Match m : matches) splits.add(new int[] {m.start(), m.end()});
            }
            case REMOVED -> {
                for (Pattern.Match m : matches) if (!m.isMatch()) splits.add(new int[] {m.start(), m.end()});
            }
            case CONTIGUOUS -> {
                boolean previous = false;
                for (Pattern.Match m : matches) {
                    if (m.isMatch() == previous && !splits.isEmpty()) {
                        splits.get(splits.size() - 1)[1] = m.end();
                    } else {
                        splits.add(new int[] {m.start(), m.end()});
                    }
                    previous = m.isMatch();
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previous = false;
                for (Pattern.Match m : matches) {
                    if (m.isMatch() && !previous && !splits.isEmpty()) {
                        splits.get(splits.size() - 1)[1] = m.end();
                    } else {
                        splits.add(new int[] {m.start(), m.end()});
                    }
                    previous = m.isMatch();
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previous = false;
                for (int i = matches.size() - 1; i >= 0; i--) {
                    Pattern.Match m = matches.get(i);
                    if (m.isMatch() && !previous && !splits.isEmpty()) {
                        splits.get(splits.size() - 1)[0] = m.start();
                    } else {
                        splits.add(new int[] {m.start(), m.end()});
                    }
                    previous = m.isMatch();
                }
                java.util.Collections.reverse(splits);
            }
        }
        List<ReferenceNormalizedString> out = new ArrayList<>(splits.size());
        for (int[] s : splits) out.add(slice(s[0], s[1]));
        return out;
    }

    @Override
    public String toString() {
        return "ReferenceNormalizedString{" + original + " -> " + normalized + "}";
    }
}
