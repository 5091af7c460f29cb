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
}
