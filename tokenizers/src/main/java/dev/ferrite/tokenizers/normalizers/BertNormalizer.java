package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

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

    @Override
    public void normalize(NormalizedString s) {
        if (cleanText) {
            if (!Transforms.coversAll(s) || s.get().codePoints().anyMatch(BertNormalizer::isRemoved)) {
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
            if (!Transforms.coversAll(s) || s.get().codePoints().anyMatch(UnicodeTables::isNonspacingMark8)) {
                s.filter(c -> !UnicodeTables.isNonspacingMark8(c));
            }
        }
        if (lowercase) Transforms.lowercase(s);
    }

    private static boolean isRemoved(int c) {
        return c == 0 || c == 0xFFFD || isControl(c);
    }

    /** bert.rs {@code is_whitespace}: tab, line feed, carriage return and Unicode White_Space. */
    private static boolean isBertWhitespace(int c) {
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
