package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.normalizers.UnicodeTables.IntBuffer;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

import java.util.Arrays;

/**
 * Unicode normalization forms with the alignment changes the Rust library derives from them. The
 * Rust side runs the crate {@code unicode-normalization-alignments} 0.1.12 (Unicode 9.0.0), whose
 * iterators yield every output character with a change: when a character decomposes, its first
 * part gets 0 (it replaces the character) and every further part 1 (inserted); canonical
 * reordering carries the changes along with the characters; when two characters compose, the
 * composite's change is {@code first + second - 1}. {@link NormalizedString#transform} then turns
 * that stream into alignments. This class reproduces the same stream from the same data.
 */
final class UnicodeNormalization {
    private UnicodeNormalization() {
    }

    /** Applies NFD, NFKD, NFC or NFKC to {@code s}, as the Rust {@code nfd()}, {@code nfkc()}... */
    static void apply(NormalizedString s, boolean compatibility, boolean compose) {
        String text = s.get();
        if (isAsciiOnly(text) && Transforms.coversAll(s)) {
            // ASCII is invariant under every form, and an all-zero change stream over the whole
            // string would only rebuild the same alignments.
            return;
        }
        if (compose && !compatibility && Transforms.coversAll(s) && NfcQuickCheck.unchanged(text)) return;
        Decomposed d = decompose(text, compatibility);
        Transforms.transform(s, compose ? recompose(d) : d.toChanges());
    }

    /** The NFC change stream of {@code text} (each output character with its change), as the crate yields it. */
    static Changes nfc(String text) {
        return recompose(decompose(text, false));
    }

    private static boolean isAsciiOnly(String text) {
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x80) return false;
        return true;
    }

    /** Decomposed text in canonical order: code points, their combining classes and changes. */
    private static final class Decomposed {
        int[] cps;
        int[] classes;
        int[] changes;
        int size;

        Decomposed(int capacity) {
            cps = new int[capacity];
            classes = new int[capacity];
            changes = new int[capacity];
        }

        void add(int cp, int cls, int change) {
            if (size == cps.length) {
                int n = size * 2 + 4;
                cps = Arrays.copyOf(cps, n);
                classes = Arrays.copyOf(classes, n);
                changes = Arrays.copyOf(changes, n);
            }
            cps[size] = cp;
            classes[size] = cls;
            changes[size] = change;
            size++;
        }

        Changes toChanges() {
            Changes out = new Changes();
            for (int i = 0; i < size; i++) out.add(cps[i], changes[i]);
            return out;
        }
    }

    private static Decomposed decompose(String text, boolean compatibility) {
        Decomposed out = new Decomposed(text.length() + 8);
        IntBuffer parts = new IntBuffer();
        int runStart = -1; // first index of the current run of non-starters
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            parts.size = 0;
            UnicodeTables.decompose(c, compatibility, parts);
            for (int k = 0; k < parts.size; k++) {
                int d = parts.data[k];
                int cls = UnicodeTables.combiningClass(d);
                if (cls == 0) {
                    if (runStart >= 0) sortRun(out, runStart, out.size);
                    runStart = -1;
                } else if (runStart < 0) {
                    runStart = out.size;
                }
                out.add(d, cls, k == 0 ? 0 : 1);
            }
        }
        if (runStart >= 0) sortRun(out, runStart, out.size);
        return out;
    }

    /** Canonical ordering: a stable sort of a run of non-starters by combining class. */
    private static void sortRun(Decomposed d, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int cp = d.cps[i];
            int cls = d.classes[i];
            int ch = d.changes[i];
            int j = i - 1;
            while (j >= from && d.classes[j] > cls) {
                d.cps[j + 1] = d.cps[j];
                d.classes[j + 1] = d.classes[j];
                d.changes[j + 1] = d.changes[j];
                j--;
            }
            d.cps[j + 1] = cp;
            d.classes[j + 1] = cls;
            d.changes[j + 1] = ch;
        }
    }

    /**
     * Canonical composition over the decomposed stream, written as the crate's state machine
     * (composee, buffer of blocked marks, last combining class) so that the output order and the
     * changes are the same, including the crate's order of emission.
     */
    private static Changes recompose(Decomposed d) {
        Changes out = new Changes();
        boolean hasComposee = false;
        int composee = 0;
        int composeeChange = 0;
        int lastClass = -1; // -1: no blocked mark since the composee
        int[] buffer = new int[8];
        int[] bufferChanges = new int[8];
        int buffered = 0;
        for (int i = 0; i < d.size; i++) {
            int ch = d.cps[i];
            int change = d.changes[i];
            int cls = d.classes[i];
            if (!hasComposee) {
                if (cls != 0) {
                    out.add(ch, change);
                    continue;
                }
                hasComposee = true;
                composee = ch;
                composeeChange = change;
                continue;
            }
            if (lastClass < 0) {
                int r = UnicodeTables.compose(composee, ch);
                if (r >= 0) {
                    composee = r;
                    composeeChange = composeeChange + change - 1;
                    continue;
                }
                if (cls == 0) {
                    out.add(composee, composeeChange);
                    composee = ch;
                    composeeChange = change;
                    continue;
                }
            } else {
                if (lastClass >= cls) {
                    if (cls == 0) {
                        // A starter blocked from the composee: emit it, then the marks held back.
                        out.add(composee, composeeChange);
                        for (int b = 0; b < buffered; b++) out.add(buffer[b], bufferChanges[b]);
                        buffered = 0;
                        composee = ch;
                        composeeChange = change;
                        lastClass = -1;
                        continue;
                    }
                } else {
                    int r = UnicodeTables.compose(composee, ch);
                    if (r >= 0) {
                        composee = r;
                        composeeChange = composeeChange + change - 1;
                        continue;
                    }
                }
            }
            if (buffered == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffered * 2);
                bufferChanges = Arrays.copyOf(bufferChanges, buffered * 2);
            }
            buffer[buffered] = ch;
            bufferChanges[buffered] = change;
            buffered++;
            lastClass = cls;
        }
        if (hasComposee) out.add(composee, composeeChange);
        for (int b = 0; b < buffered; b++) out.add(buffer[b], bufferChanges[b]);
        return out;
    }
}
