package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece decoder (BERT): every token but the first is joined to the previous one if it starts
 * with {@code prefix} (which is removed) and after a space otherwise; with {@code cleanup}, the
 * tokenization artifacts listed in {@link #cleanup} are undone in each token. Port of
 * {@code decoders/wordpiece.rs}.
 */
public record WordPiece(String prefix, boolean cleanup) implements Decoder {
    /** The replacements of {@code wordpiece::cleanup}, applied in this order. */
    private static final String[][] CLEANUP = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"}, {" 'm", "'m"},
        {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
    };

    public WordPiece {
        java.util.Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                // Rust's replacen(prefix, "", 1) on a token that starts with prefix removes that prefix.
                token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
            }
            out.add(cleanup ? cleanup(token) : token);
        }
        return out;
    }

    /** Undoes the spacing WordPiece puts around punctuation and English contractions. */
    static String cleanup(String dirty) {
        String s = dirty;
        for (String[] r : CLEANUP) s = s.replace(r[0], r[1]);
        return s;
    }
}
