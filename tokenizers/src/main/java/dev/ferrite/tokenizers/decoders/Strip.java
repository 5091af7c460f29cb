package dev.ferrite.tokenizers.decoders;

import dev.ferrite.tokenizers.TokenizerException;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes up to {@code start} leading and up to {@code stop} trailing occurrences of the code point
 * {@code content} from every token (Llama 2 strips the space its Metaspace decoding leaves in front).
 * Port of {@code decoders/strip.rs}, counting in characters (code points).
 *
 * <p>Where the Rust library panics — {@code stop} larger than a token made only of {@code content},
 * or both ends cut past each other — this throws {@link TokenizerException}.
 */
public record Strip(int content, int start, int stop) implements Decoder {
    public Strip {
        if (!Character.isValidCodePoint(content)) throw new IllegalArgumentException("content is not a code point: " + content);
        if (start < 0 || stop < 0) throw new IllegalArgumentException("start and stop must not be negative");
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) out.add(strip(token));
        return out;
    }

    private String strip(String token) {
        int[] chars = token.codePoints().toArray();
        int startCut = 0;
        for (int i = 0; i < Math.min(start, chars.length); i++) {
            if (chars[i] != content) break;
            startCut = i + 1;
        }
        int stopCut = chars.length;
        for (int i = 0; i < stop; i++) {
            int index = chars.length - i - 1;
            if (index < 0) {
                throw new TokenizerException("Strip decoder: token \"" + token + "\" has fewer than stop=" + stop
                        + " characters, all equal to the content to strip (the Rust library panics here)");
            }
            if (chars[index] != content) break;
            stopCut = index;
        }
        if (startCut > stopCut) {
            throw new TokenizerException("Strip decoder: on token \"" + token + "\" the start and stop cuts overlap"
                    + " (the Rust library panics here)");
        }
        if (startCut == 0 && stopCut == chars.length) return token;
        return new String(chars, startCut, stopCut - startCut);
    }
}
