package dev.ferrite.tokenizers.decoders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level decoder (GPT-2, Llama 3, Qwen): maps each character of the {@link ByteLevelAlphabet}
 * back to its byte and decodes all the bytes as UTF-8, invalid sequences becoming U+FFFD as Rust's
 * {@code String::from_utf8_lossy} makes them. A token with any character outside the alphabet (an
 * added token such as {@code <|endoftext|>}, usually) contributes its own UTF-8 bytes unchanged.
 * Returns a single string. Port of {@code impl Decoder for ByteLevel} in
 * {@code pre_tokenizers/byte_level.rs}; the pre-tokenizer's options do not affect decoding.
 */
public record ByteLevel() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        byte[] bytes = new byte[64];
        int n = 0;
        for (String token : tokens) {
            if (n + token.length() > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + token.length()));
            int start = n;
            boolean inAlphabet = true;
            for (int i = 0; i < token.length(); i++) {
                // Alphabet characters are all single UTF-16 units; a surrogate is never one of them.
                int b = ByteLevelAlphabet.byteOf(token.charAt(i));
                if (b < 0) {
                    inAlphabet = false;
                    break;
                }
                bytes[n++] = (byte) b;
            }
            if (!inAlphabet) {
                n = start;
                byte[] raw = token.getBytes(StandardCharsets.UTF_8);
                if (n + raw.length > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + raw.length));
                System.arraycopy(raw, 0, bytes, n, raw.length);
                n += raw.length;
            }
        }
        return List.of(Utf8.decodeLossy(bytes, n));
    }
}
