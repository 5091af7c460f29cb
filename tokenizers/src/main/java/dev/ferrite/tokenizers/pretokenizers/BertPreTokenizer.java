package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BERT's basic tokenization (pre_tokenizers/bert.rs): drops white space (Rust
 * {@code char::is_whitespace}), then isolates every punctuation character (ASCII punctuation or a
 * punctuation category of the {@code unicode_categories} crate, see {@link RustPunctuation}).
 *
 * <p>Rust splits twice (white space removed, then punctuation isolated in each piece); both splits
 * cut at single characters, so one pass that cuts at both gives the same pieces, each sliced once
 * from the string instead of twice. Characters are classified through a table over the BMP.
 */
public record BertPreTokenizer() implements PreTokenizer {
    static final CharPattern WHITESPACE = new CharPattern(CharClasses::isWhitespace);
    static final CharPattern PUNCTUATION = new CharPattern(RustPunctuation::isBertPunctuation);

    /** {@link #charClass} of a character that belongs to a word. */
    public static final byte OTHER = 0;
    /** {@link #charClass} of white space, which is dropped. */
    public static final byte SPACE = 1;
    /** {@link #charClass} of punctuation, each one a piece of its own. */
    public static final byte PUNCT = 2;

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> split(n));
    }

    /** The pieces of {@code n}: runs of characters that are neither white space nor punctuation, and each punctuation character. */
    private static List<NormalizedString> split(NormalizedString n) {
        String text = n.get();
        int len = text.length();
        List<NormalizedString> out = new ArrayList<>(len / 4 + 2);
        int start = -1; // start of the current run, or -1
        for (int i = 0; i < len; ) {
            char ch = text.charAt(i);
            int units = 1;
            byte cls;
            if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, text.charAt(i + 1));
                units = 2;
                cls = classify(cp);
            } else {
                cls = charClass(ch);
            }
            if (cls == OTHER) {
                if (start < 0) start = i;
            } else {
                if (start >= 0) out.add(n.slice(start, i));
                start = -1;
                if (cls == PUNCT) out.add(n.slice(i, i + units));
            }
            i += units;
        }
        if (start >= 0) out.add(n.slice(start, len));
        return out;
    }

    /**
     * The class of {@code codePoint} ({@link #OTHER}, {@link #SPACE} or {@link #PUNCT}), for encoders
     * that cut text into the same pieces without slicing it.
     */
    public static byte charClass(int codePoint) {
        if (codePoint >= Classes.TABLE.length) return classify(codePoint);
        byte cls = Classes.TABLE[codePoint];
        return cls != Classes.UNKNOWN ? cls : Classes.learn(codePoint);
    }

    private static byte classify(int c) {
        if (CharClasses.isWhitespace(c)) return SPACE;
        return RustPunctuation.isBertPunctuation(c) ? PUNCT : OTHER;
    }

    /**
     * The class of each BMP character, filled in as text first meets it: the whole table took a fresh JVM's
     * first encode 15-20 ms (interpreted code, and the punctuation ranges loaded for characters no text had
     * shown yet). A lone surrogate is neither space nor punctuation.
     */
    private static final class Classes {
        /** An entry not filled in yet. */
        static final byte UNKNOWN = -1;
        /**
         * Read and written without a lock: an entry only ever changes from UNKNOWN to its one value, and a
         * byte is written whole, so a reader sees UNKNOWN (and works it out itself) or that value.
         */
        static final byte[] TABLE = new byte[0x10000];

        static {
            Arrays.fill(TABLE, UNKNOWN);
        }

        static byte learn(int c) {
            byte cls = classify(c);
            TABLE[c] = cls;
            return cls;
        }
    }
}
