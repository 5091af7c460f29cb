package dev.ferrite.tokenizers.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * {@link NormalizedString#split}: the pieces a pattern's matches cut a normalized string into, each
 * delimiter kept, dropped or merged as a {@link SplitDelimiterBehavior} says (the Rust
 * {@code NormalizedString::split} of {@code tokenizers/src/tokenizer/normalizer.rs}).
 */
final class NormalizedSplit {
    private NormalizedSplit() {
    }

    /** Splits at the matches of {@code pattern}, doing with each delimiter what {@code behavior} says. */
    static List<NormalizedString> split(NormalizedString target, Pattern pattern, SplitDelimiterBehavior behavior) {
        List<Pattern.Match> matches = pattern.findMatches(target.get());
        int count = matches.size();
        // Pieces as (start, end) pairs; merging behaviours only ever widen the last piece.
        int[] pieces = new int[2 * count];
        int k = 0;
        switch (behavior) {
            case ISOLATED -> {
                for (int i = 0; i < count; i++) {
                    Pattern.Match m = matches.get(i);
                    pieces[k++] = m.start();
                    pieces[k++] = m.end();
                }
            }
            case REMOVED -> {
                for (int i = 0; i < count; i++) {
                    Pattern.Match m = matches.get(i);
                    if (m.isMatch()) continue;
                    pieces[k++] = m.start();
                    pieces[k++] = m.end();
                }
            }
            case CONTIGUOUS -> {
                boolean previous = false;
                for (int i = 0; i < count; i++) {
                    Pattern.Match m = matches.get(i);
                    if (m.isMatch() == previous && k > 0) {
                        pieces[k - 1] = m.end();
                    } else {
                        pieces[k++] = m.start();
                        pieces[k++] = m.end();
                    }
                    previous = m.isMatch();
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previous = false;
                for (int i = 0; i < count; i++) {
                    Pattern.Match m = matches.get(i);
                    if (m.isMatch() && !previous && k > 0) {
                        pieces[k - 1] = m.end();
                    } else {
                        pieces[k++] = m.start();
                        pieces[k++] = m.end();
                    }
                    previous = m.isMatch();
                }
            }
            case MERGED_WITH_NEXT -> {
                // Built back to front, then read in reverse.
                boolean previous = false;
                for (int i = count - 1; i >= 0; i--) {
                    Pattern.Match m = matches.get(i);
                    if (m.isMatch() && !previous && k > 0) {
                        pieces[k - 2] = m.start();
                    } else {
                        pieces[k++] = m.start();
                        pieces[k++] = m.end();
                    }
                    previous = m.isMatch();
                }
                NormalizedString[] out = new NormalizedString[k / 2];
                for (int i = 0; i < out.length; i++) out[i] = target.slice(pieces[k - 2 - 2 * i], pieces[k - 1 - 2 * i]);
                return Arrays.asList(out);
            }
        }
        NormalizedString[] out = new NormalizedString[k / 2];
        for (int i = 0; i < out.length; i++) out[i] = target.slice(pieces[2 * i], pieces[2 * i + 1]);
        return Arrays.asList(out);
    }
}
