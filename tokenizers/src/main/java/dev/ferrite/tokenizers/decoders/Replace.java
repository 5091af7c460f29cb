package dev.ferrite.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * Replaces, in every token, each match of a pattern by {@code content} (taken literally, no group
 * references). The pattern is either a literal string or a regular expression. Port of
 * {@code impl Decoder for Replace} in {@code normalizers/replace.rs}.
 *
 * <p>Regex matches are enumerated as the Oniguruma binding of the Rust library enumerates them: an
 * empty match directly after the previous match is skipped (Java's {@link Matcher#find()} would
 * report it). The expression itself is compiled by {@link java.util.regex}; its syntax is close to
 * Oniguruma's for the patterns tokenizer.json files use.
 */
public record Replace(String literal, java.util.regex.Pattern regex, String content) implements Decoder {
    public Replace {
        Objects.requireNonNull(content, "content");
        if ((literal == null) == (regex == null)) throw new IllegalArgumentException("exactly one of literal and regex must be given");
    }

    /** Replaces occurrences of {@code literal}. */
    public static Replace ofLiteral(String literal, String content) {
        return new Replace(Objects.requireNonNull(literal, "literal"), null, content);
    }

    /** Replaces matches of {@code regex}. */
    public static Replace ofRegex(java.util.regex.Pattern regex, String content) {
        return new Replace(null, Objects.requireNonNull(regex, "regex"), content);
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) out.add(literal != null ? Texts.replace(token, literal, content) : replaceRegex(token));
        return out;
    }

    private String replaceRegex(String token) {
        if (token.isEmpty()) return token;
        Matcher m = regex.matcher(token);
        StringBuilder out = new StringBuilder(token.length());
        int copied = 0;
        int from = 0;
        int lastMatchEnd = -1;
        while (from <= token.length() && m.find(from)) {
            int s = m.start();
            int e = m.end();
            if (s == e && e == lastMatchEnd) {
                // onig's FindMatches: no empty match right after the previous one; step one character.
                from += from < token.length() ? Character.charCount(token.codePointAt(from)) : 1;
                continue;
            }
            out.append(token, copied, s).append(content);
            copied = e;
            lastMatchEnd = e;
            from = e;
        }
        return out.append(token, copied, token.length()).toString();
    }
}
