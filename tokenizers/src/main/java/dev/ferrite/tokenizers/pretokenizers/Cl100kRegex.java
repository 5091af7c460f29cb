package dev.ferrite.tokenizers.pretokenizers;

import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.L;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.N;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.RN;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.S;

/**
 * {@link FastRegex#CL100K} (Llama 3) and {@link FastRegex#QWEN2}, which differ only in how many
 * numbers one match takes: {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}
 * | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}, alternatives tried in that order.
 */
final class Cl100kRegex extends FastRegex {
    static final Cl100kRegex CL100K_INSTANCE = new Cl100kRegex(CL100K, 3);
    static final Cl100kRegex QWEN2_INSTANCE = new Cl100kRegex(QWEN2, 1);

    /** The most code points of {@code \p{N}} one match takes. */
    private final int maxDigits;

    private Cl100kRegex(String source, int maxDigits) {
        super(source);
        this.maxDigits = maxDigits;
    }

    @Override
    public int matchEnd(char[] s, int i, int len) {
        char c = s[i];
        if (c == '\'') {
            int k = contraction(s, i, len, true);
            if (k > 0) return i + k;
        }
        int b = ScanClasses.at(s, i, len);
        // [^\r\n\p{L}\p{N}]?\p{L}+ : any one character but a newline, letter or number may lead the letters.
        if ((b & (RN | L | N)) == 0) {
            int next = i + ScanClasses.width(b);
            if (next < len && (ScanClasses.at(s, next, len) & L) != 0) return runOf(s, next, len, L);
        }
        if ((b & L) != 0) return runOf(s, i, len, L);
        if ((b & N) != 0) return digits(s, i, len);
        // " ?[^\s\p{L}\p{N}]+[\r\n]*"
        if (c == ' ' && i + 1 < len && (ScanClasses.at(s, i + 1, len) & (S | L | N)) == 0) {
            return runOfNewlines(s, runOfNone(s, i + 1, len, S | L | N), len, false);
        }
        if ((b & S) == 0) return runOfNewlines(s, runOfNone(s, i, len, S | L | N), len, false);
        return whitespace(s, i, len, true);
    }

    private int digits(char[] s, int i, int len) {
        for (int n = 0; n < maxDigits && i < len; n++) {
            int b = ScanClasses.at(s, i, len);
            if ((b & N) == 0) break;
            i += ScanClasses.width(b);
        }
        return i;
    }
}
