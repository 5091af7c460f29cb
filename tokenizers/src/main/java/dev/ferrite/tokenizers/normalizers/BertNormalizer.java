package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntPredicate;

/**
 * BERT's text cleaning (Rust {@code normalizers/bert.rs}), in this order:
 * <ol>
 * <li>{@code cleanText}: removes U+0000, U+FFFD and control characters (General_Category Cc, Cf or
 * Co in Unicode 8.0.0, except tab, line feed and carriage return), then maps every white space
 * (those three included) to a plain space;</li>
 * <li>{@code handleChineseChars}: puts a space before and after every CJK ideograph (the spaces
 * count as inserted: the one before takes the ideograph's alignment);</li>
 * <li>accent stripping, when {@code stripAccents} is true, or when it is null and
 * {@code lowercase} is true: NFD, then removal of General_Category Mn (Unicode 8.0.0);</li>
 * <li>{@code lowercase}: as {@link Lowercase}.</li>
 * </ol>
 *
 * @param stripAccents true, false, or null to follow {@code lowercase}
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
        implements Normalizer {

    /**
     * The four steps, done in one pass when every character maps to one unit ({@link #mapSimple})
     * or, on a fresh string, to units that all keep its alignment ({@link BertReshape}), else one
     * after the other.
     */
    @Override
    public void normalize(NormalizedString s) {
        if (s.isEmpty()) return;
        if (Transforms.coversAll(s)) {
            char[] chars = s.get().toCharArray();
            int done = mapSimplePrefix(chars, chars.length);
            if (done == chars.length) {
                s.replaceSameLength(new String(chars));
                return;
            }
            if (s.hasImplicitAlignments()) {
                // Sources index the units of the text, which are those of the original here.
                BertReshape.Result r = BertReshape.of(this).reshape(chars, chars.length, done);
                if (r != null) {
                    s.replaceFrom(r.chars(), r.length(), r.sources());
                    return;
                }
            }
        }
        normalizeInSteps(s);
    }

    /** The four steps one after the other, for any text (package-private: tests check the fast path against it). */
    void normalizeInSteps(NormalizedString s) {
        if (cleanText) {
            if (!Transforms.coversAll(s) || anyMatch(s.get(), BertNormalizer::isRemoved)) {
                s.filter(c -> !isRemoved(c));
            }
            // Every white space is one UTF-16 unit, like the space replacing it.
            if (Transforms.coversAll(s)) {
                s.replaceSameLength(mapWhitespace(s.get()));
            } else {
                s.map(c -> isBertWhitespace(c) ? ' ' : c);
            }
        }
        if (handleChineseChars) padChineseChars(s);
        if (stripAccents == null ? lowercase : stripAccents) {
            UnicodeNormalization.apply(s, false, false);
            if (!Transforms.coversAll(s) || anyMatch(s.get(), UnicodeTables::isNonspacingMark8)) {
                s.filter(c -> !UnicodeTables.isNonspacingMark8(c));
            }
        }
        if (lowercase) Transforms.lowercase(s);
    }

    /**
     * The fast path for text (the usual case in Latin, Cyrillic, Greek... scripts) where the steps
     * together map each character to one BMP character: nothing to remove, no CJK ideograph, no
     * lowercase that grows, and with accent stripping every character either unchanged by NFD or
     * decomposing into one starter followed by marks that are all stripped. Then each UTF-16 unit
     * keeps its alignment and only the text changes, to what {@link Simple} says for each
     * character: NFD only inserts marks after their base (with the base's alignment), canonical
     * ordering only moves marks, and the marks are all removed again, the base keeping its own
     * alignment. Returns false, changing nothing, if some character is not simple. Only valid when
     * {@link Transforms#coversAll}.
     */
    boolean mapSimple(NormalizedString s) {
        char[] chars = s.get().toCharArray();
        if (!mapSimple(chars, chars.length)) return false;
        s.replaceSameLength(new String(chars));
        return true;
    }

    /**
     * {@link #mapSimple(NormalizedString)} on the units {@code chars[0, n)}, in place (for
     * {@link MappedText}); false when some character is not simple, the units then partly mapped.
     */
    boolean mapSimple(char[] chars, int n) {
        return mapSimplePrefix(chars, n) == n;
    }

    /**
     * {@link #mapSimple(char[], int)} up to the first character that is not simple: returns its
     * index ({@code n} when there is none); the units before it are mapped, it and those after
     * are untouched.
     */
    int mapSimplePrefix(char[] chars, int n) {
        Simple simple = Simple.of(this);
        char[] map = simple.map;
        for (int i = 0; i < n; i++) {
            char m = map[chars[i]];
            if (m == Simple.NOT_SIMPLE && (m = simple.workedOut(chars[i])) == Simple.NOT_SIMPLE) return i;
            chars[i] = m;
        }
        return n;
    }

    /**
     * What the whole normalizer makes of each BMP character when it is simple (see
     * {@link #mapSimple}), one table per option set. Each test looks at the character as the step
     * before left it, in the order of {@link #normalize}. The table is worked out a block of 64
     * characters at a time, as text first meets them: all of it took a fresh JVM 20-30 ms of
     * interpreted code and the loading of the Unicode 9.0.0 decompositions (another 15), where the
     * ASCII that most text is made of needs two blocks and no decomposition.
     */
    private static final class Simple {
        /** Marks a character that is not simple, or whose block is not worked out yet; U+FFFF itself is taken as not simple. */
        static final char NOT_SIMPLE = '\uFFFF';
        private static final int BLOCK_BITS = 6;
        /** By option set; published through the atomic array. */
        private static final AtomicReferenceArray<Simple> TABLES = new AtomicReferenceArray<>(16);

        /**
         * What each character maps to, {@link #NOT_SIMPLE} where it is not simple or not worked out. Read
         * without a lock: an entry only ever changes from NOT_SIMPLE to its one final value, and a reader that
         * meets NOT_SIMPLE asks {@link #workedOut}, which reads it again after the block's flag.
         */
        final char[] map = new char[0x10000];
        /** Per block of {@code 1 << BLOCK_BITS} characters: 1 once its entries are written (set after them). */
        private final AtomicIntegerArray worked = new AtomicIntegerArray(0x10000 >>> BLOCK_BITS);
        private final BertNormalizer options;

        private Simple(BertNormalizer options) {
            this.options = options;
            Arrays.fill(map, NOT_SIMPLE);
        }

        static Simple of(BertNormalizer o) {
            boolean strip = o.stripAccents == null ? o.lowercase : o.stripAccents;
            int key = (o.cleanText ? 1 : 0) | (o.handleChineseChars ? 2 : 0) | (strip ? 4 : 0) | (o.lowercase ? 8 : 0);
            Simple t = TABLES.get(key);
            if (t != null) return t;
            Simple made = new Simple(o);
            t = TABLES.compareAndExchange(key, null, made);
            return t != null ? t : made;
        }

        /** The entry of {@code c} once its block is worked out: what it maps to, or NOT_SIMPLE. */
        char workedOut(char c) {
            int block = c >>> BLOCK_BITS;
            if (worked.get(block) == 0) {
                synchronized (this) {
                    if (worked.get(block) == 0) {
                        UnicodeTables.IntBuffer parts = new UnicodeTables.IntBuffer();
                        for (int d = block << BLOCK_BITS, end = d + (1 << BLOCK_BITS); d < end; d++) {
                            map[d] = entry(options, d, parts);
                        }
                        worked.set(block, 1);
                    }
                }
            }
            return map[c];
        }

        private static char entry(BertNormalizer o, int c, UnicodeTables.IntBuffer parts) {
            boolean strip = o.stripAccents == null ? o.lowercase : o.stripAccents;
            int m = c;
            boolean simple = c != NOT_SIMPLE && !Character.isSurrogate((char) c);
            if (simple && o.cleanText) {
                if (isRemoved(m)) simple = false;
                else if (isBertWhitespace(m)) m = ' ';
            }
            if (simple && o.handleChineseChars && isChineseChar(m)) simple = false;
            if (simple && strip) {
                // NFD, then accents removed: the character must come out as one starter that
                // stays, followed by marks that all go (é -> e, й -> и).
                parts.size = 0;
                UnicodeTables.decompose(m, false, parts);
                int base = parts.data[0];
                simple = base < 0x10000 && UnicodeTables.combiningClass(base) == 0 && !UnicodeTables.isNonspacingMark8(base);
                for (int k = 1; simple && k < parts.size; k++) simple = UnicodeTables.isNonspacingMark8(parts.data[k]);
                m = base;
            }
            if (simple && o.lowercase) {
                if (m == 0x130) {
                    simple = false;
                } else {
                    m = UnicodeTables.lowercase(m);
                    simple = m < 0x10000 && !Character.isSurrogate((char) m);
                }
            }
            return simple ? (char) m : NOT_SIMPLE;
        }
    }

    private static boolean anyMatch(String text, IntPredicate p) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (p.test(c)) return true;
            i += Character.charCount(c);
        }
        return false;
    }

    static boolean isRemoved(int c) {
        return c == 0 || c == 0xFFFD || isControl(c);
    }

    /** bert.rs {@code is_whitespace}: tab, line feed, carriage return and Unicode White_Space. */
    static boolean isBertWhitespace(int c) {
        return c == '\t' || c == '\n' || c == '\r' || CharClasses.isWhitespace(c);
    }

    private static String mapWhitespace(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && isBertWhitespace(c)) {
                if (chars == null) chars = text.toCharArray();
                chars[i] = ' ';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** bert.rs {@code is_control}: Cc, Cf or Co (Unicode 8.0.0), except tab, line feed and carriage return. */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        return UnicodeTables.isOther8(c);
    }

    /** bert.rs {@code is_chinese_char}: the CJK ideograph blocks. */
    static boolean isChineseChar(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    private static void padChineseChars(NormalizedString s) {
        String text = s.get();
        Changes changes = new Changes();
        boolean any = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isChineseChar(c)) {
                changes.add(' ', 0);
                changes.add(c, 1);
                changes.add(' ', 1);
                any = true;
            } else {
                changes.add(c, 0);
            }
        }
        if (any) s.transform(changes, 0);
        else Transforms.transform(s, changes);
    }
}
