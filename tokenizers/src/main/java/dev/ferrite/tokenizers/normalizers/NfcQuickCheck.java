package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.normalizers.UnicodeTables.IntBuffer;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

/**
 * Finds, in one pass and without allocating, text on which NFC (as the Rust crate computes it,
 * alignment changes included) changes nothing: then Qwen-style tokenizers pay one pass for
 * already-composed text, the usual case, instead of a decomposition and a recomposition.
 *
 * <p>Unicode's NFC_Quick_Check says when the text stays the same, but the alignments also depend on
 * how the crate regroups the pieces; so the test here is narrower and proved on the crate's
 * algorithm ({@link UnicodeNormalization}). Each character is one of:
 * <ul>
 * <li>a <em>plain starter</em>: no decomposition, combining class 0, and not the second character
 * of any composition (Unicode 9.0.0, Hangul jamo included);</li>
 * <li>a <em>plain mark</em>: the same with a non-zero combining class;</li>
 * <li>a <em>composed</em> character: its canonical decomposition starts with a starter that is not
 * the second of any composition, and the crate recomposes that decomposition, alone, to the
 * character itself with change 0 (é, й, Hangul syllables...).</li>
 * </ul>
 * A text qualifies when all its characters do, the combining classes of consecutive plain marks do
 * not decrease, and no plain mark follows a composed character. Then: the decomposition is the text
 * with each composed character spelled out, and canonical ordering moves nothing (runs of marks
 * are either inside one composed character, already ordered, or plain marks in order after a plain
 * starter or mark). In the composition no starter joins what precedes it (none is a second), plain
 * marks never join anything (none is a second) and are emitted in order, and each composed
 * character's pieces, bounded by starters, recompose as they do alone: to the character, change 0.
 * So every output character is the input one with change 0, and the transform would be a no-op.
 */
final class NfcQuickCheck {
    private static final int OTHER = 0;
    private static final int STARTER = 1;
    private static final int COMPOSED = 2;
    /** {@code MARK + ccc} for a plain mark. */
    private static final int MARK = 3;

    private NfcQuickCheck() {
    }

    /** Whether NFC leaves {@code text} and every alignment as they are (false when it cannot tell). */
    static boolean unchanged(String text) {
        short[] kinds = Table.KINDS;
        int lastClass = 0;          // combining class of the plain mark before, 0 after a starter
        boolean afterComposed = false;
        for (int i = 0, n = text.length(); i < n; ) {
            char ch = text.charAt(i);
            int kind;
            if (Character.isSurrogate(ch)) {
                if (!Character.isHighSurrogate(ch) || i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) return false;
                kind = classify(Character.toCodePoint(ch, text.charAt(i + 1)));
                i += 2;
            } else {
                kind = kinds[ch];
                i++;
            }
            if (kind == STARTER) {
                lastClass = 0;
                afterComposed = false;
            } else if (kind == COMPOSED) {
                lastClass = 0;
                afterComposed = true;
            } else if (kind >= MARK) {
                int cls = kind - MARK;
                if (afterComposed || cls < lastClass) return false;
                lastClass = cls;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The kind the table holds for a BMP character (for tests: it must be what {@link #classify} says). */
    static int tableKind(char c) {
        return Table.KINDS[c];
    }

    /** The kind of a character: OTHER, STARTER, COMPOSED, or MARK plus its combining class. */
    static int classify(int c) {
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) return OTHER;
        IntBuffer parts = new IntBuffer();
        UnicodeTables.decompose(c, false, parts);
        if (parts.size == 1 && parts.data[0] == c) {
            if (UnicodeTables.isCompositionSecond(c)) return OTHER;
            int cls = UnicodeTables.combiningClass(c);
            return cls == 0 ? STARTER : MARK + cls;
        }
        int first = parts.data[0];
        if (UnicodeTables.combiningClass(first) != 0 || UnicodeTables.isCompositionSecond(first)) return OTHER;
        Changes alone = UnicodeNormalization.nfc(new String(Character.toChars(c)));
        return alone.size() == 1 && alone.codePoint(0) == c && alone.change(0) == 0 ? COMPOSED : OTHER;
    }

    /**
     * The kind of every BMP character, built on first use from the Unicode data rather than by
     * classifying 65,536 characters one at a time: what {@link #classify} gives, lone surrogates
     * OTHER.
     */
    private static final class Table {
        static final short[] KINDS = new short[0x10000];

        static {
            java.util.Arrays.fill(KINDS, (short) STARTER);
            int[] ranges = UnicodeTables.combiningClassRanges();
            int[] classes = UnicodeTables.combiningClassValues();
            for (int r = 0; r < classes.length; r++) {
                if (classes[r] == 0) continue;
                for (int c = ranges[2 * r]; c <= ranges[2 * r + 1] && c < 0x10000; c++) KINDS[c] = (short) (MARK + classes[r]);
            }
            for (int c : UnicodeTables.compositionSeconds()) if (c < 0x10000) KINDS[c] = OTHER;
            for (int c = 0xD800; c <= 0xDFFF; c++) KINDS[c] = OTHER;
            for (int c : UnicodeTables.canonicalDecompositionKeys()) if (c < 0x10000) KINDS[c] = (short) classify(c);
            // Hangul: the jamo that compose with what precedes them are seconds; every syllable
            // starts with a leading jamo (a starter, never a second) and composes back to itself.
            for (int c = 0x1100; c < 0x1200; c++) if (UnicodeTables.isCompositionSecond(c)) KINDS[c] = OTHER;
            for (int c = 0xAC00; c < 0x10000 && UnicodeTables.isHangulSyllable(c); c++) KINDS[c] = COMPOSED;
        }
    }
}
