package dev.ferrite.runtime.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Finds where a block of a raw deflate stream (RFC 1951) may start, searching forward from a byte:
 * the place a second inflater can start from while a first one inflates what comes before
 * ({@link SplitInflater}). Nothing in the stream marks where blocks start, so a candidate is a byte
 * whose bits, from its lowest, read as the header of a non-final block with dynamic Huffman codes that
 * zlib would accept: its three code-length, literal/length and distance codes
 * well formed (neither over-subscribed nor incomplete, but where zlib allows), an end-of-block code
 * present, and the code lengths decoding to exactly the count the header states. Random bits pass
 * all of that very rarely; the caller still treats a candidate as a guess and checks the result.
 *
 * <p>Not thread-safe: it keeps its scratch arrays between candidates.
 */
final class DeflateBlockFinder {
    /** The order the header lists the code-length code's lengths in (RFC 1951, 3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final int MAX_BITS = 15;
    private static final int END_OF_BLOCK = 256;

    private final ByteBuffer data;
    private final long bitCount;
    private final int[] codeLengthLengths = new int[19];
    private final int[] lengths = new int[286 + 30];
    private final int[] count = new int[MAX_BITS + 1];
    private final int[] offsets = new int[MAX_BITS + 2];
    private final int[] symbols = new int[19];
    /** The bit the code-length decoder reads next. */
    private long at;

    /** Over {@code data}, position 0 to its limit (its position is ignored). */
    DeflateBlockFinder(ByteBuffer data) {
        this.data = data;
        this.bitCount = (long) data.limit() * 8;
    }

    /**
     * The first byte in {@code [from, to)} where such a block header starts at the byte's lowest bit,
     * or -1. Only byte-aligned starts are looked for, so that an inflater can be handed the stream from
     * there as it is (about one block in eight starts so; blocks are some tens of KB).
     */
    int find(int from, int to) {
        int end = Math.min(to, data.limit());
        for (int at = from; at < end; at++) {
            // BFINAL 0 and BTYPE 10 (dynamic), read least significant bit first: 1 in 8 bytes pass.
            if ((data.get(at) & 7) == 0b100 && dynamicHeader(at * 8L)) return at;
        }
        return -1;
    }

    private boolean dynamicHeader(long bit) {
        if (bit + 17 + 19 * 3 > bitCount) return false;
        int header = (int) bits(bit + 3, 14);
        int literalCodes = 257 + (header & 31);
        int distanceCodes = 1 + (header >>> 5 & 31);
        int codeLengthCodes = 4 + (header >>> 10);
        if (literalCodes > 286 || distanceCodes > 30) return false;
        Arrays.fill(codeLengthLengths, 0);
        for (int i = 0; i < codeLengthCodes; i++) {
            codeLengthLengths[CODE_LENGTH_ORDER[i]] = (int) bits(bit + 17 + 3L * i, 3);
        }
        // zlib wants the code-length code complete.
        if (check(codeLengthLengths, 0, 19) != 0) return false;
        at = bit + 17 + 3L * codeLengthCodes;
        int total = literalCodes + distanceCodes;
        if (!readLengths(total)) return false;
        if (lengths[END_OF_BLOCK] == 0) return false;
        return codeAccepted(0, literalCodes) && codeAccepted(literalCodes, distanceCodes);
    }

    /** Decodes {@code total} code lengths with the code-length code (its canonical code set up by {@link #check}). */
    private boolean readLengths(int total) {
        int i = 0;
        while (i < total) {
            int symbol = decode();
            if (symbol < 0) return false;
            if (symbol < 16) {
                lengths[i++] = symbol;
                continue;
            }
            int repeat;
            int value = 0;
            if (symbol == 16) {
                if (i == 0) return false;
                value = lengths[i - 1];
                repeat = 3 + (int) take(2);
            } else if (symbol == 17) {
                repeat = 3 + (int) take(3);
            } else {
                repeat = 11 + (int) take(7);
            }
            if (at > bitCount || i + repeat > total) return false;
            Arrays.fill(lengths, i, i + repeat, value);
            i += repeat;
        }
        return at <= bitCount;
    }

    /** A literal/length or distance code as zlib accepts it: complete, or incomplete with only one-bit codes, or empty (distances). */
    private boolean codeAccepted(int from, int n) {
        int left = check(lengths, from, n);
        if (left < 0) return false;
        int longest = 0;
        for (int len = MAX_BITS; len > 0; len--) {
            if (count[len] > 0) {
                longest = len;
                break;
            }
        }
        return left == 0 || longest <= 1;
    }

    /**
     * Counts the code lengths {@code lens[from, from + n)} and sets up the canonical code's symbol
     * table; returns how many codes of the longest length are left unused (0: complete), -1 when the
     * lengths are over-subscribed, or 1 for no codes at all.
     */
    private int check(int[] lens, int from, int n) {
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) count[lens[from + i]]++;
        if (count[0] == n) return 1;
        int left = 1;
        for (int len = 1; len <= MAX_BITS; len++) {
            left <<= 1;
            left -= count[len];
            if (left < 0) return -1;
        }
        if (lens == codeLengthLengths) {
            offsets[1] = 0;
            for (int len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len] + count[len];
            for (int s = 0; s < n; s++) {
                if (lens[s] != 0) symbols[offsets[lens[s]]++] = s;
            }
        }
        return left;
    }

    /** One symbol of the code-length code, read a bit at a time (codes are sent most significant bit first); -1 past the data. */
    private int decode() {
        int code = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len <= 7; len++) {
            if (at >= bitCount) return -1;
            code |= (int) take(1);
            int n = count[len];
            if (code - n < first) return symbols[index + code - first];
            index += n;
            first = (first + n) << 1;
            code <<= 1;
        }
        return -1;
    }

    private long take(int n) {
        long v = bits(at, n);
        at += n;
        return v;
    }

    /** {@code n} (at most 57) bits from bit {@code bit} on, the first in the lowest place; zeros past the data. */
    private long bits(long bit, int n) {
        int first = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int bytes = Math.min((shift + n + 7) >>> 3, data.limit() - first);
        long word = 0;
        for (int i = 0; i < bytes; i++) {
            word |= (data.get(first + i) & 0xffL) << (8 * i);
        }
        return word >>> shift & ((1L << n) - 1);
    }
}
