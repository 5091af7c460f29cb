package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Characters accepted by a predicate, each one a match of its own, as the reference's
 * {@code Pattern for Fn(char) -> bool} (and for a single {@code char}) finds them: the runs of
 * other characters between them are non-match segments. The predicate sees code points; offsets
 * are UTF-16 indices.
 */
public record CharPattern(IntPredicate accept) implements Pattern {
    /** Matches one given code point. */
    public static CharPattern of(int codePoint) {
        return new CharPattern(c -> c == codePoint);
    }

    @Override
    public List<Match> findMatches(String inside) {
        if (inside.isEmpty()) return List.of(new Match(0, 0, false));
        List<Match> out = new ArrayList<>();
        int lastOffset = 0;
        int lastSeen = 0;
        for (int i = 0; i < inside.length(); ) {
            int c = inside.codePointAt(i);
            int end = i + Character.charCount(c);
            lastSeen = end;
            if (accept.test(c)) {
                if (lastOffset < i) out.add(new Match(lastOffset, i, false));
                out.add(new Match(i, end, true));
                lastOffset = end;
            }
            i = end;
        }
        if (lastSeen > lastOffset) out.add(new Match(lastOffset, lastSeen, false));
        return out;
    }
}
