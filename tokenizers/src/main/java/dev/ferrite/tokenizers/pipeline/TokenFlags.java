package dev.ferrite.tokenizers.pipeline;

/**
 * The byte {@link RawEncoding} keeps per token: its special-token mask (bit 0), its attention mask
 * (bit 1) and which input text its offsets refer to plus one (bits 2-3: 0 for special and padding
 * tokens, 1 for the sequence, 2 for the pair). One small array where three int arrays were, as
 * every encode allocates, grows and moves each of them.
 */
final class TokenFlags {
    static final byte SPECIAL = 1;
    static final byte ATTENTION = 2;
    /** The bits of both masks. */
    static final int MASKS = SPECIAL | ATTENTION;
    private static final int SOURCE_SHIFT = 2;

    private TokenFlags() {
    }

    /** The flags of a token with these masks (each 0 or 1) and no source. */
    static byte of(int special, int attention) {
        if ((special | attention) >>> 1 != 0) {
            throw new IllegalArgumentException("masks are 0 or 1, got special " + special + ", attention " + attention);
        }
        return (byte) (special | attention << 1);
    }

    static int special(byte flags) {
        return flags & SPECIAL;
    }

    static int attention(byte flags) {
        return (flags & ATTENTION) >> 1;
    }

    /** The input text of the token (0 = sequence, 1 = pair), or -1. */
    static int source(byte flags) {
        return (flags >> SOURCE_SHIFT) - 1;
    }

    /** The bits that say that a token came from input text {@code source} (-1, 0 = sequence, 1 = pair). */
    static int sourceBits(int source) {
        if (source < -1 || source > 1) throw new IllegalArgumentException("source is -1, 0 or 1, got " + source);
        return (source + 1) << SOURCE_SHIFT;
    }

    /** {@link #special} of each of {@code flags[0, size)}. */
    static int[] specialMasks(byte[] flags, int size) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = special(flags[i]);
        return out;
    }

    /** {@link #attention} of each of {@code flags[0, size)}. */
    static int[] attentionMasks(byte[] flags, int size) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = attention(flags[i]);
        return out;
    }

    /** {@link #source} of each of {@code flags[0, size)}. */
    static int[] sources(byte[] flags, int size) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = source(flags[i]);
        return out;
    }
}
