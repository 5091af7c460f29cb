package dev.ferrite.tokenizers.pipeline;

import java.util.List;

/**
 * Something to look for in a normalized string: a literal, a regex or a character predicate.
 * {@link #findMatches} returns segments that cover {@code inside} from 0 to its length, end to end,
 * each flagged as a match or as the text between matches. An empty input gives one segment
 * {@code (0, 0, false)}.
 */
public interface Pattern {
    List<Match> findMatches(String inside);

    /** A segment {@code [start, end)} (UTF-16 units) of the searched string. */
    record Match(int start, int end, boolean isMatch) {
    }

    /**
     * A pattern whose matches cover any text end to end: every character starts a match, no match
     * is empty, so each one starts where the previous one ended and {@link #findMatches} yields
     * matches only (the split regexes of GPT-style tokenizers are such, see {@code FastRegex}). Lets a caller walk the
     * matches one by one without a list.
     */
    interface Contiguous extends Pattern {
        /**
         * The end of the match that starts at {@code start} in the text {@code text[0, len)}
         * ({@code 0 <= start < len}): greater than {@code start}, at most {@code len}. The array
         * is only read; it may be a reused buffer.
         */
        int matchEnd(char[] text, int start, int len);
    }
}
