package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Another pattern with its match flags flipped, as the reference's {@code Invert}: useful when a
 * regex describes the words to keep rather than the delimiters.
 */
public record Invert(Pattern pattern) implements Pattern {
    @Override
    public List<Match> findMatches(String inside) {
        List<Match> in = pattern.findMatches(inside);
        List<Match> out = new ArrayList<>(in.size());
        for (Match m : in) out.add(new Match(m.start(), m.end(), !m.isMatch()));
        return out;
    }
}
