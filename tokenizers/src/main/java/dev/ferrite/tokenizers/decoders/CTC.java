package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Decoder of CTC outputs (speech models such as Wav2Vec2): repeated consecutive tokens collapse to
 * one, {@code padToken} is removed, and with {@code cleanup} the WordPiece cleanup runs and
 * {@code wordDelimiterToken} becomes a space; tokens left empty are dropped. Port of
 * {@code decoders/ctc.rs}.
 */
public record CTC(String padToken, String wordDelimiterToken, boolean cleanup) implements Decoder {
    public CTC {
        java.util.Objects.requireNonNull(padToken, "padToken");
        java.util.Objects.requireNonNull(wordDelimiterToken, "wordDelimiterToken");
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        String previous = null;
        for (String token : tokens) {
            // itertools' dedup: drop a token equal to the one just before it (before any replacement).
            if (token.equals(previous)) continue;
            previous = token;
            String s = Texts.replace(token, padToken, "");
            if (cleanup) s = Texts.replace(WordPiece.cleanup(s), wordDelimiterToken, " ");
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
