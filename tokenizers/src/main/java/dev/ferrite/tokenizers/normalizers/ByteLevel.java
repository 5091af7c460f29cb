package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

/**
 * Replaces every character by its UTF-8 bytes, each written as the printable character GPT-2's
 * byte-to-unicode table gives it (Rust {@code normalizers/byte_level.rs}). The first byte's
 * character replaces the original character, the others count as inserted, so all of them keep
 * the original character's alignment.
 */
public record ByteLevel() implements Normalizer {
    /** GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the others from U+0100 on. */
    private static final int[] BYTE_CHARS = byteChars();

    private static int[] byteChars() {
        int[] table = new int[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? b : next++;
        }
        return table;
    }

    @Override
    public void normalize(NormalizedString s) {
        if (s.isEmpty()) return;
        String text = s.get();
        Changes changes = new Changes();
        byte[] utf8 = new byte[4];
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int n = encodeUtf8(c, utf8);
            for (int k = 0; k < n; k++) changes.add(BYTE_CHARS[utf8[k] & 0xFF], k == 0 ? 0 : 1);
        }
        Transforms.transform(s, changes);
    }

    /** Writes the UTF-8 encoding of {@code c} (a lone surrogate as its three bytes) and returns its length. */
    static int encodeUtf8(int c, byte[] out) {
        if (c < 0x80) {
            out[0] = (byte) c;
            return 1;
        }
        if (c < 0x800) {
            out[0] = (byte) (0xC0 | (c >> 6));
            out[1] = (byte) (0x80 | (c & 0x3F));
            return 2;
        }
        if (c < 0x10000) {
            out[0] = (byte) (0xE0 | (c >> 12));
            out[1] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[2] = (byte) (0x80 | (c & 0x3F));
            return 3;
        }
        out[0] = (byte) (0xF0 | (c >> 18));
        out[1] = (byte) (0x80 | ((c >> 12) & 0x3F));
        out[2] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[3] = (byte) (0x80 | (c & 0x3F));
        return 4;
    }
}
