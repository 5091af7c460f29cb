package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the matches of {@code \w+|[^\w\s]+} and drops the rest (pre_tokenizers/whitespace.rs).
 * The reference runs that regex with the {@code regex} crate, whose {@code \w} is Alphabetic, Mark,
 * Decimal_Number, Connector_Punctuation and Join_Control and whose {@code \s} is White_Space; the
 * matches are then exactly the maximal runs of word characters and the maximal runs of other
 * non-space characters, which is what this class cuts, without a regex.
 */
public record Whitespace() implements PreTokenizer {
    private static final int SPACE = 0;
    private static final int WORD = 1;
    private static final int OTHER = 2;

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> runs(n));
    }

    private static List<NormalizedString> runs(NormalizedString n) {
        String t = n.get();
        List<NormalizedString> out = new ArrayList<>();
        int start = 0;
        int kind = SPACE;
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            int k = kind(c);
            if (k != kind) {
                if (kind != SPACE) out.add(n.slice(start, i));
                start = i;
                kind = k;
            }
            i += Character.charCount(c);
        }
        if (kind != SPACE) out.add(n.slice(start, t.length()));
        return out;
    }

    private static int kind(int c) {
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') return WORD;
            return CharClasses.isWhitespace(c) ? SPACE : OTHER;
        }
        if (isWord(c)) return WORD;
        return CharClasses.isWhitespace(c) ? SPACE : OTHER;
    }

    /** The {@code regex} crate's Unicode {@code \w}. */
    static boolean isWord(int c) {
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) return true;
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION;
    }
}
