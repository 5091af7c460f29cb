package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

import java.util.List;

/**
 * GPT-2's byte-level pre-tokenization (pre_tokenizers/byte_level.rs): optionally adds a space in
 * front of every split that does not start with one, optionally splits with the GPT-2 regex, then
 * writes every UTF-8 byte of the text as one printable character ({@link #byteToChar}). The first
 * byte of a character replaces it; the others are inserted after it and share its alignment, so
 * offsets into the original still cover whole characters. {@code trimOffsets} is only read by the
 * post-processor and decoder of the same name.
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PreTokenizer {
    /** GPT-2's split regex, compiled by the reference with Oniguruma; scanned here by hand, with the same matches. */
    static final FastRegex GPT2 = FastRegex.forSource(FastRegex.GPT2);

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        // bytes_char(): printable Latin-1 bytes stand for themselves; the others, in byte order, take 256, 257, ...
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + n++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    /** The printable character standing for byte {@code b} (0..255). */
    public static char byteToChar(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** The byte a byte-level character stands for, or -1 when {@code c} is not one. */
    public static int charToByte(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> {
            if (addPrefixSpace && !n.get().startsWith(" ")) n.prepend(" ");
            return useRegex ? n.split(GPT2, SplitDelimiterBehavior.ISOLATED) : List.of(n);
        });
        s.normalize(ByteLevel::toBytes);
    }

    private static void toBytes(NormalizedString n) {
        String t = n.get();
        NormalizedString.Changes changes = new NormalizedString.Changes();
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                changes.add(BYTE_TO_CHAR[c], 0);
            } else if (c < 0x800) {
                changes.add(BYTE_TO_CHAR[0xC0 | (c >> 6)], 0);
                changes.add(BYTE_TO_CHAR[0x80 | (c & 0x3F)], 1);
            } else if (c < 0x10000) {
                changes.add(BYTE_TO_CHAR[0xE0 | (c >> 12)], 0);
                changes.add(BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)], 1);
                changes.add(BYTE_TO_CHAR[0x80 | (c & 0x3F)], 1);
            } else {
                changes.add(BYTE_TO_CHAR[0xF0 | (c >> 18)], 0);
                changes.add(BYTE_TO_CHAR[0x80 | ((c >> 12) & 0x3F)], 1);
                changes.add(BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)], 1);
                changes.add(BYTE_TO_CHAR[0x80 | (c & 0x3F)], 1);
            }
        }
        n.transform(changes, 0);
    }
}
