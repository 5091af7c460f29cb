package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns byte-fallback tokens ({@code <0x41>}: exactly six bytes, a two-digit hexadecimal byte)
 * back into text: each run of consecutive byte tokens is decoded as UTF-8 and becomes one token;
 * a run that is not valid UTF-8 becomes one U+FFFD per byte. Other tokens pass through. Port of
 * {@code decoders/byte_fallback.rs}.
 */
public record ByteFallback() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        byte[] run = new byte[16];
        int n = 0;
        for (String token : tokens) {
            int b = byteOf(token);
            if (b >= 0) {
                if (n == run.length) run = java.util.Arrays.copyOf(run, n * 2);
                run[n++] = (byte) b;
            } else {
                flush(run, n, out);
                n = 0;
                out.add(token);
            }
        }
        flush(run, n, out);
        return out;
    }

    private static void flush(byte[] run, int n, List<String> out) {
        if (n == 0) return;
        String s = Utf8.decodeStrict(run, n);
        if (s != null) {
            out.add(s);
        } else {
            for (int i = 0; i < n; i++) out.add("\uFFFD");
        }
    }

    /**
     * The byte a {@code <0xHH>} token stands for, or -1. The two characters are read as Rust's
     * {@code u8::from_str_radix(_, 16)} reads them, which also accepts a {@code '+'} sign before
     * a single digit ({@code <0x+A>} is byte 10).
     */
    static int byteOf(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') return -1;
        int hi = token.charAt(3);
        int lo = Character.digit(token.charAt(4), 16);
        if (lo < 0 || token.charAt(4) > 'f') return -1;
        if (hi == '+') return lo;
        int h = Character.digit(hi, 16);
        if (h < 0 || hi > 'f') return -1;
        return h * 16 + lo;
    }
}
