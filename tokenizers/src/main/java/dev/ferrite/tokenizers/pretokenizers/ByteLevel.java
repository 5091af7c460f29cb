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

    /**
     * Rewrites every character as the byte-level characters of its UTF-8 bytes: the first byte
     * replaces the character, the others are inserted after it (Rust's {@code transform} with
     * changes 0, 1, 1...), built in one pass. A lone surrogate is written as the three bytes of its
     * own value, as the code point loop always did.
     */
    private static void toBytes(NormalizedString n) {
        int len = n.length();
        int i = 0;
        while (i < len && n.charAt(i) < 0x80) i++;
        if (i == len) {
            // ASCII: one byte character per character, alignments unchanged.
            char[] out = new char[len];
            for (int k = 0; k < len; k++) out[k] = BYTE_TO_CHAR[n.charAt(k)];
            n.replaceFrom(out, len, null);
            return;
        }
        // At most 3 bytes per UTF-16 unit (a surrogate pair, 2 units, is 4 bytes).
        char[] out = new char[len * 3];
        int[] sources = new int[len * 3];
        int k = 0;
        for (i = 0; i < len; ) {
            int c = n.charAt(i);
            int units = 1;
            if (Character.isHighSurrogate((char) c) && i + 1 < len && Character.isLowSurrogate(n.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, n.charAt(i + 1));
                units = 2;
            }
            // Inserted bytes take the alignment of the character's last unit, as Rust's transform gives them.
            int inserted = ~(i + units - 1);
            if (c < 0x80) {
                out[k] = BYTE_TO_CHAR[c];
                sources[k++] = i;
            } else if (c < 0x800) {
                out[k] = BYTE_TO_CHAR[0xC0 | (c >> 6)];
                sources[k++] = i;
                out[k] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                sources[k++] = inserted;
            } else if (c < 0x10000) {
                out[k] = BYTE_TO_CHAR[0xE0 | (c >> 12)];
                sources[k++] = i;
                out[k] = BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)];
                sources[k++] = inserted;
                out[k] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                sources[k++] = inserted;
            } else {
                out[k] = BYTE_TO_CHAR[0xF0 | (c >> 18)];
                sources[k++] = i;
                out[k] = BYTE_TO_CHAR[0x80 | ((c >> 12) & 0x3F)];
                sources[k++] = inserted;
                out[k] = BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)];
                sources[k++] = inserted;
                out[k] = BYTE_TO_CHAR[0x80 | (c & 0x3F)];
                sources[k++] = inserted;
            }
            i += units;
        }
        n.replaceFrom(out, k, sources);
    }
}
