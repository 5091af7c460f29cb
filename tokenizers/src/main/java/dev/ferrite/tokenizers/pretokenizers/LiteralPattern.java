package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.List;

/**
 * A literal string to look for, as the reference compiles a {@code {"String": ...}} pattern: an
 * escaped Oniguruma regex, so matches are leftmost and non-overlapping, and the empty string
 * matches (emptily) before every character and at the end. Offsets are UTF-16 indices.
 */
public record LiteralPattern(String literal) implements Pattern {
    public LiteralPattern {
        java.util.Objects.requireNonNull(literal, "literal");
    }

    /** Reports every match in {@code text}, in order. */
    public void forEachMatch(String text, OnigRegex.MatchSink sink) {
        if (literal.isEmpty()) {
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) sink.match(i, i);
            sink.match(text.length(), text.length());
            return;
        }
        for (int from = 0, i; (i = text.indexOf(literal, from)) >= 0; from = i + literal.length()) {
            sink.match(i, i + literal.length());
        }
    }

    @Override
    public List<Match> findMatches(String inside) {
        return OnigRegex.segments(inside, this::forEachMatch);
    }
}
