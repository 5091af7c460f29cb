package dev.ferrite.tokenizers.decoders;

/**
 * The byte-level alphabet of GPT-2 style tokenizers ({@code bytes_to_unicode}): every byte value is
 * shown as one printable character, so that byte sequences can live in a text vocabulary. Printable
 * Latin-1 bytes ({@code '!'..'~'}, {@code 0xA1..0xAC}, {@code 0xAE..0xFF}) stand for themselves; the
 * 68 others take the code points U+0100.. in byte order (the space 0x20 becomes {@code 'Ġ'} U+0120,
 * the newline 0x0A becomes {@code 'Ċ'} U+010A).
 *
 * <p>Port of {@code bytes_char} in the Rust library's {@code pre_tokenizers/byte_level.rs}; used by
 * the ByteLevel decoder, post-processor and pre-tokenizer. Every character of the alphabet is in the
 * Basic Multilingual Plane, so it is one UTF-16 unit.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by character (all below U+0144); -1 where the character is not in the alphabet. */
    private static final short[] CHAR_TO_BYTE;
    private static final int LIMIT;

    static {
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            BYTE_TO_CHAR[b] = (char) (printable ? b : next++);
        }
        LIMIT = next;
        CHAR_TO_BYTE = new short[LIMIT];
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        for (int b = 0; b < 256; b++) CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = (short) b;
    }

    private ByteLevelAlphabet() {
    }

    /** The character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte (0..255) that code point {@code c} stands for, or -1 if {@code c} is not in the alphabet. */
    public static int byteOf(int c) {
        if (c < 0 || c >= LIMIT) return -1;
        return CHAR_TO_BYTE[c];
    }
}
