package dev.ferrite.tokenizers.pipeline;

import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The edits of a {@link NormalizedString} that the Rust library builds on its {@code transform}
 * ({@code tokenizers/src/tokenizer/normalizer.rs}): the transform itself (new characters with their
 * changes, turned into units and alignments) and {@code prepend}, {@code append}, {@code filter},
 * {@code map}, {@code lstrip}/{@code rstrip} and {@code replace} expressed through it. Kept apart
 * from the string's representation (texts, alignment views, slicing), which they reach only through
 * its methods. {@link NormalizedString}'s methods of the same names delegate here.
 */
final class NormalizedEdits {
    private NormalizedEdits() {
    }

    /**
     * Replaces the normalized range {@code [start, end)} with the characters of {@code dest}, each
     * tagged with its change: 1 for an inserted character, 0 for one that replaces the next old
     * character, -N for one that replaces the next old character and removes the N after it.
     * {@code initialOffset} old characters are removed before the first one of {@code dest}.
     */
    static void transformRange(NormalizedString target, int start, int end, Changes dest, int initialOffset) {
        int p = start;
        for (int k = 0; k < initialOffset && p < end; k++) p += target.charCountAt(p);
        int offset = p;
        int count = dest.size();
        int units = count;
        for (int j = 0; j < count; j++) if (dest.codePoint(j) >= Character.MIN_SUPPLEMENTARY_CODE_POINT) units++;
        char[] out = new char[units];
        int[] ns = new int[units];
        int[] ne = new int[units];
        int n = 0;
        for (int j = 0; j < count; j++) {
            int c = dest.codePoint(j);
            int change = dest.change(j);
            int as;
            int ae;
            if (change > 0) {
                if (offset < 1) {
                    as = 0;
                    ae = 0;
                } else {
                    as = target.alignStart(offset - 1);
                    ae = target.alignEnd(offset - 1);
                }
            } else if (offset < target.length()) {
                as = target.alignStart(offset);
                ae = target.alignEnd(offset);
            } else {
                // Only reachable with inconsistent changes; the Rust library would panic here.
                as = target.length() == 0 ? 0 : target.alignEnd(target.length() - 1);
                ae = as;
            }
            if (change <= 0 && p < end) {
                int l = target.charCountAt(p);
                p += l;
                offset += l;
            }
            if (change < 0) {
                for (int k = 0; k < -change && p < end; k++) {
                    int l = target.charCountAt(p);
                    p += l;
                    offset += l;
                }
            }
            if (c >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                out[n] = Character.highSurrogate(c);
                out[n + 1] = Character.lowSurrogate(c);
                ns[n] = as;
                ne[n] = ae;
                ns[n + 1] = as;
                ne[n + 1] = ae;
                n += 2;
            } else {
                out[n] = (char) c;
                ns[n] = as;
                ne[n] = ae;
                n++;
            }
        }
        target.splice(start, end, out, ns, ne, n);
    }

    /** Inserts {@code s} before the first character (nothing happens on an empty string). */
    static void prepend(NormalizedString target, String s) {
        if (target.length() == 0) return;
        int next = target.codePointAt(0);
        Changes changes = new Changes();
        boolean first = true;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            changes.add(c, first ? 0 : 1);
            first = false;
            i += Character.charCount(c);
        }
        changes.add(next, 1);
        transformRange(target, 0, Character.charCount(next), changes, 0);
    }

    /** Appends {@code s} after the last character (nothing happens on an empty string). */
    static void append(NormalizedString target, String s) {
        if (target.length() == 0) return;
        String t = target.get();
        int last = t.codePointBefore(target.length());
        int b = target.length() - Character.charCount(last);
        Changes changes = new Changes();
        changes.add(last, 0);
        s.codePoints().forEach(c -> changes.add(c, 1));
        transformRange(target, b, target.length(), changes, 0);
    }

    /** Keeps the characters {@code keep} accepts and removes the others, as the Rust {@code filter}. */
    static void filter(NormalizedString target, IntPredicate keep) {
        Changes changes = new Changes();
        int removed = 0;
        int removedStart = 0;
        int lastC = -1;
        for (int i = 0; i < target.length(); ) {
            int c = target.codePointAt(i);
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
        target.transform(changes, removedStart);
    }

    /** Maps every character one to one. */
    static void map(NormalizedString target, IntUnaryOperator f) {
        Changes changes = new Changes();
        for (int i = 0; i < target.length(); ) {
            int c = target.codePointAt(i);
            i += Character.charCount(c);
            changes.add(f.applyAsInt(c), 0);
        }
        target.transform(changes, 0);
    }

    /** Removes leading and/or trailing white space (Unicode White_Space, as Rust's {@code char::is_whitespace}). */
    static void strip(NormalizedString target, boolean left, boolean right) {
        int[] cps = target.get().codePoints().toArray();
        int leading = 0;
        if (left) while (leading < cps.length && CharClasses.isWhitespace(cps[leading])) leading++;
        int trailing = 0;
        if (right) while (trailing < cps.length - leading && CharClasses.isWhitespace(cps[cps.length - 1 - trailing])) trailing++;
        if (leading == 0 && trailing == 0) return;
        Changes changes = new Changes();
        int count = cps.length;
        for (int i = 0; i < count; i++) {
            if (i < leading || i >= count - trailing) continue;
            changes.add(cps[i], i == count - trailing - 1 ? -trailing : 0);
        }
        target.transform(changes, leading);
    }

    /** Replaces every match of {@code pattern} by {@code content}, as the Rust {@code replace}. */
    static void replace(NormalizedString target, Pattern pattern, String content) {
        String t = target.get();
        StringBuilder out = new StringBuilder(target.length());
        int cap = target.length() + 16;
        int[] ns = new int[cap];
        int[] ne = new int[cap];
        int n = 0;
        int lastEnd = 0;
        for (Pattern.Match m : pattern.findMatches(t)) {
            if (!m.isMatch()) continue;
            int start = m.start();
            int end = m.end();
            int need = n + (start - lastEnd) + content.length() * 2;
            if (need > ns.length) {
                ns = Arrays.copyOf(ns, Math.max(need, ns.length * 2));
                ne = Arrays.copyOf(ne, ns.length);
            }
            out.append(t, lastEnd, start);
            target.copyAlignments(lastEnd, start, ns, ne, n);
            n += start - lastEnd;
            // Every character of the content counts as inserted after the whole match: it takes
            // the alignment of the match's last character.
            int as = end < 1 ? 0 : target.alignStart(end - 1);
            int ae = end < 1 ? 0 : target.alignEnd(end - 1);
            for (int i = 0; i < content.length(); i++) {
                ns[n] = as;
                ne[n] = ae;
                n++;
            }
            out.append(content);
            lastEnd = end;
        }
        int rest = target.length() - lastEnd;
        if (n + rest > ns.length) {
            ns = Arrays.copyOf(ns, n + rest);
            ne = Arrays.copyOf(ne, n + rest);
        }
        out.append(t, lastEnd, target.length());
        target.copyAlignments(lastEnd, target.length(), ns, ne, n);
        n += rest;
        target.setAll(out.toString(), ns, ne);
    }

    /** {@link NormalizedString#replaceFrom}, which says what the arguments mean. */
    static void replaceFrom(NormalizedString target, char[] chars, int n, int[] sources) {
        int[] range = target.wholeOriginalRange();
        if (range == null) return;
        if (range[0] != 0 || range[1] != target.length()) {
            // The Rust quirk described at transform(): let the general path apply it.
            target.transform(toChanges(chars, n, sources), 0);
            return;
        }
        if (sources == null) {
            target.replaceSameLength(new String(chars, 0, n));
            return;
        }
        int[] s = new int[n];
        int[] e = new int[n];
        for (int j = 0; j < n; j++) {
            int src = sources[j];
            if (src < 0) src = ~src;
            s[j] = target.alignStart(src);
            e[j] = target.alignEnd(src);
        }
        target.setAll(new String(chars, 0, n), s, e);
    }

    private static Changes toChanges(char[] chars, int n, int[] sources) {
        Changes c = new Changes();
        for (int j = 0; j < n; j++) c.add(chars[j], sources == null || sources[j] >= 0 ? 0 : 1);
        return c;
    }
}
