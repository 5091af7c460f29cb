package dev.ferrite.tokenizers.pretokenizers;

import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.L;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.N;
import static dev.ferrite.tokenizers.pretokenizers.ScanClasses.S;

/**
 * {@link FastRegex#GPT2}: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+},
 * alternatives tried in that order at each position, the first that matches winning.
 */
final class Gpt2Regex extends FastRegex {
    static final Gpt2Regex INSTANCE = new Gpt2Regex();

    private Gpt2Regex() {
        super(GPT2);
    }

    @Override
    public int matchEnd(char[] s, int i, int len) {
        char c = s[i];
        if (c == '\'') {
            int k = contraction(s, i, len, false);
            if (k > 0) return i + k;
        }
        int start = i;
        int b = ScanClasses.at(s, i, len);
        if (c == ' ' && i + 1 < len) {
            // " ?" is greedy: a space sticks to the run of letters, numbers or others after it.
            int next = ScanClasses.at(s, i + 1, len);
            if ((next & S) == 0) {
                start = i + 1;
                b = next;
            }
        }
        if ((b & L) != 0) return runOf(s, start, len, L);
        if ((b & N) != 0) return runOf(s, start, len, N);
        if ((b & S) == 0) return runOfNone(s, start, len, S | L | N);
        return whitespace(s, i, len, false);
    }
}
