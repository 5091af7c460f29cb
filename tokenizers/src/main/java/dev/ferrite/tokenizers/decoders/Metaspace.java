package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Metaspace decoder (SentencePiece models): the {@code replacement} character (usually
 * {@code '▁'} U+2581) becomes a space. In the first token, unless the prepend scheme is
 * {@link PrependScheme#NEVER}, every replacement character is dropped instead — all of them, not
 * only the leading one, exactly as the Rust library does. {@code split} only matters to the
 * pre-tokenizer. Port of {@code impl Decoder for Metaspace} in {@code pre_tokenizers/metaspace.rs}.
 *
 * @param replacement a code point
 */
public record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements Decoder {
    /** When the pre-tokenizer prepends the replacement to a split (tokenizer.json: "always", "first", "never"). */
    public enum PrependScheme {
        ALWAYS, FIRST, NEVER
    }

    public Metaspace {
        java.util.Objects.requireNonNull(prependScheme, "prependScheme");
        if (!Character.isValidCodePoint(replacement)) throw new IllegalArgumentException("replacement is not a code point: " + replacement);
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean drop = i == 0 && prependScheme != PrependScheme.NEVER;
            if (token.indexOf(Character.toString(replacement)) < 0) {
                out.add(token);
                continue;
            }
            StringBuilder sb = new StringBuilder(token.length());
            for (int k = 0; k < token.length(); ) {
                int c = token.codePointAt(k);
                k += Character.charCount(c);
                if (c != replacement) {
                    sb.appendCodePoint(c);
                } else if (!drop) {
                    sb.append(' ');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
