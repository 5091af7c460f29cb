package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optimised {@link NormalizedString} (implicit alignments, views into shared arrays, one-pass
 * rewrites) against {@link ReferenceNormalizedString}, the first plain implementation: random
 * texts (surrogate pairs, lone surrogates, combining marks, white space) go through random
 * sequences of every operation on both, and the texts, originals, shifts, every alignment and the
 * range conversions must stay equal after each step.
 */
class NormalizedStringEquivalenceTest {
    private static final int[] ALPHABET = {'a', 'b', ' ', '\t', 'x', 'é', '\u0301', '野', 0x1F600, 0x10400, 0xD800, 0xDC00, '\u3000', 'Z'};

    private static String randomText(SplittableRandom r, int maxLen) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(maxLen + 1);
        for (int i = 0; i < n; i++) b.appendCodePoint(ALPHABET[r.nextInt(ALPHABET.length)]);
        return b.toString();
    }

    private static int randomCodePoint(SplittableRandom r) {
        return ALPHABET[r.nextInt(ALPHABET.length)];
    }

    /** Consistent changes over the code points of {@code t[start, end)}: replacements, insertions, removals. */
    private static NormalizedString.Changes randomChanges(SplittableRandom r, String t, int start, int end, int skip) {
        NormalizedString.Changes c = new NormalizedString.Changes();
        int[] cps = t.substring(start, end).codePoints().skip(skip).toArray();
        int i = 0;
        if (r.nextInt(4) == 0) c.add(randomCodePoint(r), 1);
        while (i < cps.length) {
            int removed = 0;
            if (r.nextInt(5) == 0) {
                removed = Math.min(r.nextInt(3), cps.length - i - 1);
            }
            c.add(r.nextBoolean() ? cps[i] : randomCodePoint(r), -removed);
            i += 1 + removed;
            while (r.nextInt(4) == 0) c.add(randomCodePoint(r), 1);
        }
        return c;
    }

    private static Pattern charPattern(char target) {
        return NormalizedStringTest.charPattern(target);
    }

    private static void assertSame(NormalizedString a, ReferenceNormalizedString b, SplittableRandom r, String step) {
        assertThat(escape(a.get())).as(step + ": text").isEqualTo(escape(b.get()));
        assertThat(a.length()).as(step + ": length").isEqualTo(b.length());
        assertThat(a.original()).as(step + ": original").isEqualTo(b.original());
        assertThat(a.originalShift()).as(step + ": shift").isEqualTo(b.originalShift());
        for (int i = 0; i < a.length(); i++) {
            assertThat(a.charAt(i)).isEqualTo(b.get().charAt(i));
            assertThat(a.alignStart(i)).as(step + ": alignStart(" + i + ")").isEqualTo(b.alignStart(i));
            assertThat(a.alignEnd(i)).as(step + ": alignEnd(" + i + ")").isEqualTo(b.alignEnd(i));
        }
        for (int k = 0; k < 6; k++) {
            int s = r.nextInt(-1, a.length() + 2);
            int e = r.nextInt(-1, a.length() + 2);
            assertThat(a.normalizedToOriginal(s, e)).as(step + ": n2o " + s + ".." + e).isEqualTo(b.normalizedToOriginal(s, e));
            int os = r.nextInt(-1, a.original().length() + 2);
            int oe = r.nextInt(-1, a.original().length() + 2);
            assertThat(a.originalToNormalized(os, oe)).as(step + ": o2n " + os + ".." + oe).isEqualTo(b.originalToNormalized(os, oe));
        }
    }

    @Test
    void randomOperationSequencesMatchTheReference() {
        SplittableRandom r = new SplittableRandom(20240611);
        for (int round = 0; round < 4000; round++) {
            String input = randomText(r, 12);
            NormalizedString a = new NormalizedString(input);
            ReferenceNormalizedString b = new ReferenceNormalizedString(input);
            List<String> steps = new ArrayList<>();
            assertSame(a, b, r, "new " + escape(input));
            for (int step = 0; step < 8; step++) {
                String t = a.get();
                int op = r.nextInt(12);
                String name;
                switch (op) {
                    case 0 -> {
                        int[] range = codePointRange(r, t);
                        int skip = r.nextInt(3) == 0 ? r.nextInt(2) : 0;
                        NormalizedString.Changes c = randomChanges(r, t, range[0], range[1], skip);
                        name = "transformRange(" + range[0] + ", " + range[1] + ", skip " + skip + ")";
                        a.transformRange(range[0], range[1], c, skip);
                        b.transformRange(range[0], range[1], c, skip);
                    }
                    case 1 -> {
                        String p = randomText(r, 2);
                        name = "prepend " + escape(p);
                        a.prepend(p);
                        b.prepend(p);
                    }
                    case 2 -> {
                        String p = randomText(r, 2);
                        name = "append " + escape(p);
                        a.append(p);
                        b.append(p);
                    }
                    case 3 -> {
                        name = "filter";
                        a.filter(c -> c != 'a' && c != 0x1F600);
                        b.filter(c -> c != 'a' && c != 0x1F600);
                    }
                    case 4 -> {
                        name = "map";
                        a.map(c -> c == 'b' ? 0x10400 : c == 0x1F600 ? 'q' : c);
                        b.map(c -> c == 'b' ? 0x10400 : c == 0x1F600 ? 'q' : c);
                    }
                    case 5 -> {
                        boolean left = r.nextBoolean();
                        boolean right = r.nextBoolean();
                        name = "strip " + left + " " + right;
                        a.strip(left, right);
                        b.strip(left, right);
                    }
                    case 6 -> {
                        char target = r.nextBoolean() ? ' ' : 'x';
                        String content = randomText(r, 3);
                        name = "replace '" + target + "' by " + escape(content);
                        a.replace(charPattern(target), content);
                        b.replace(charPattern(target), content);
                    }
                    case 7 -> {
                        name = "replaceSameLength";
                        String upper = t.replace('a', 'A').replace('x', 'X');
                        a.replaceSameLength(upper);
                        b.replaceSameLength(upper);
                    }
                    case 8 -> {
                        int s = t.isEmpty() ? 0 : r.nextInt(t.length() + 1);
                        int e = s + r.nextInt(t.length() - s + 1);
                        name = "slice " + s + ".." + e;
                        a = a.slice(s, e);
                        b = b.slice(s, e);
                    }
                    case 9 -> {
                        SplitDelimiterBehavior behavior = SplitDelimiterBehavior.values()[r.nextInt(SplitDelimiterBehavior.values().length)];
                        char target = r.nextBoolean() ? ' ' : 'b';
                        List<NormalizedString> pa = a.split(charPattern(target), behavior);
                        List<ReferenceNormalizedString> pb = b.split(charPattern(target), behavior);
                        assertThat(pa).hasSameSizeAs(pb);
                        for (int i = 0; i < pa.size(); i++) assertSame(pa.get(i), pb.get(i), r, "split piece " + i);
                        if (pa.isEmpty()) continue;
                        int pick = r.nextInt(pa.size());
                        name = "split '" + target + "' " + behavior + " piece " + pick;
                        a = pa.get(pick);
                        b = pb.get(pick);
                    }
                    case 10 -> {
                        // The one-pass rewrite against the transform it stands for: every old
                        // character becomes one to three new ones.
                        int[] cps = t.codePoints().toArray();
                        NormalizedString.Changes c = new NormalizedString.Changes();
                        char[] chars = new char[t.length() * 3 + 1];
                        int[] sources = new int[chars.length];
                        int n = 0;
                        int unit = 0;
                        for (int cp : cps) {
                            int k = 1 + r.nextInt(3);
                            for (int j = 0; j < k; j++) {
                                char out = (char) ('A' + r.nextInt(26));
                                c.add(out, j == 0 ? 0 : 1);
                                chars[n] = out;
                                sources[n] = j == 0 ? unit : ~(unit + Character.charCount(cp) - 1);
                                n++;
                            }
                            unit += Character.charCount(cp);
                        }
                        boolean noSurrogates = t.chars().noneMatch(ch -> Character.isSurrogate((char) ch));
                        boolean oneForOne = noSurrogates && c.size() == t.length();
                        name = "replaceFrom" + (oneForOne ? " one for one" : "");
                        a.replaceFrom(chars, n, oneForOne && r.nextBoolean() ? null : sources);
                        b.transform(c, 0);
                    }
                    default -> {
                        int[] range = codePointRange(r, t);
                        NormalizedString.Changes c = new NormalizedString.Changes();
                        int k = r.nextInt(4);
                        for (int j = 0; j < k; j++) c.add(randomCodePoint(r), r.nextInt(-2, 2));
                        name = "arbitrary transformRange(" + range[0] + ", " + range[1] + ")";
                        RuntimeException fa = null;
                        RuntimeException fb = null;
                        try {
                            a.transformRange(range[0], range[1], c, 0);
                        } catch (RuntimeException e) {
                            fa = e;
                        }
                        try {
                            b.transformRange(range[0], range[1], c, 0);
                        } catch (RuntimeException e) {
                            fb = e;
                        }
                        assertThat(fa == null).as(name + " fails alike: " + fa + " / " + fb).isEqualTo(fb == null);
                        if (fa != null) {
                            a = new NormalizedString(input);
                            b = new ReferenceNormalizedString(input);
                        }
                    }
                }
                steps.add(name);
                assertSame(a, b, r, escape(input) + " " + steps);
            }
        }
    }

    /** A range of {@code t} on code point boundaries. */
    private static int[] codePointRange(SplittableRandom r, String t) {
        List<Integer> bounds = new ArrayList<>();
        for (int i = 0; i <= t.length(); ) {
            bounds.add(i);
            if (i == t.length()) break;
            i += Character.charCount(t.codePointAt(i));
        }
        int a = bounds.get(r.nextInt(bounds.size()));
        int b = bounds.get(r.nextInt(bounds.size()));
        return new int[] {Math.min(a, b), Math.max(a, b)};
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) b.append(c);
            else b.append(String.format("\\u%04X", (int) c));
        }
        return b.append('"').toString();
    }
}
