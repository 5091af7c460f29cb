package dev.ferrite.tokenizers.pretokenizers;

import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.L;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.N;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.RN;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.S;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.U;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.W;

/**
 * {@link FastRegex#O200K} (GPT-4o). With P = {@code [^\r\n\p{L}\p{N}]}, U =
 * {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}, W = {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]} and C the
 * case-insensitive contractions, the alternatives are {@code P?U*W+C?}, {@code P?U+W*C?},
 * {@code \p{N}{1,3}}, {@code  ?[^\s\p{L}\p{N}]+[\r\n/]*}, {@code \s*[\r\n]+}, {@code \s+(?!\S)}
 * and {@code \s+}. Oniguruma backtracks through them in a fixed order: the first alternative with
 * its optional P taken, then without it (P also holds marks, which U and W hold too), then the
 * second alternative the same way, and so on.
 */
final class O200kRegex extends FastRegex {
    static final O200kRegex INSTANCE = new O200kRegex();

    private O200kRegex() {
        super(O200K);
    }

    @Override
    public int matchEnd(char[] s, int i, int len) {
        int b = ScanClasses.at(s, i, len);
        int next = i + ScanClasses.width(b);
        // The class of the character after a possible leading P; both word alternatives need a U or W there.
        int after = (b & (RN | L | N)) == 0 && next < len ? ScanClasses.at(s, next, len) : 0;
        int e;
        if ((after & (U | W)) != 0 && (e = lowerWord(s, next, len)) >= 0) return e;
        if ((b & (U | W)) != 0 && (e = lowerWord(s, i, len)) >= 0) return e;
        if ((after & U) != 0) return upperWord(s, next, len);
        if ((b & U) != 0) return upperWord(s, i, len);
        if ((b & N) != 0) {
            for (int n = 0; n < 3 && i < len; n++) {
                int d = ScanClasses.at(s, i, len);
                if ((d & N) == 0) break;
                i += ScanClasses.width(d);
            }
            return i;
        }
        if (s[i] == ' ' && next < len && (after & (S | L | N)) == 0) { // " ?[^\s\p{L}\p{N}]+"; a space is a P
            return runOfNewlines(s, runOfNone(s, next, len, S | L | N), len, true);
        }
        if ((b & S) == 0) return runOfNewlines(s, runOfNone(s, i, len, S | L | N), len, true);
        return whitespace(s, i, len, true);
    }

    /**
     * {@code U*W+C?} from {@code i}, or -1. U* first takes its whole run; when no W follows it
     * gives characters back until one it gave back is a W (Lm, Lo or a mark), and W+ then ends
     * right after that one, since the U characters after it are not W.
     */
    private static int lowerWord(char[] s, int i, int len) {
        int lastW = -1; // end of the last W character inside the U run
        int j = i;
        while (j < len) {
            int b = ScanClasses.at(s, j, len);
            if ((b & U) == 0) {
                if ((b & W) != 0) return contraction(runOf(s, j, len, W), s, len);
                break;
            }
            j += ScanClasses.width(b);
            if ((b & W) != 0) lastW = j;
        }
        return lastW < 0 ? -1 : contraction(lastW, s, len);
    }

    /** {@code U+W*C?} from {@code i}, or -1. */
    private static int upperWord(char[] s, int i, int len) {
        int j = runOf(s, i, len, U);
        if (j == i) return -1;
        return contraction(runOf(s, j, len, W), s, len);
    }

    private static int contraction(int e, char[] s, int len) {
        return e + contraction(s, e, len, true);
    }
}
