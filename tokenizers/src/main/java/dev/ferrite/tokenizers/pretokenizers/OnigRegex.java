package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * A regex with the meaning Oniguruma gives it, as the reference library compiles the regexes of
 * {@code Split}, {@code Replace} and {@code ByteLevel} ({@code utils/onig.rs}): Oniguruma 6.9.10,
 * default syntax, UTF-8. The pattern is translated once into java.util.regex (see
 * {@link #javaPattern()}) and matches are found as the {@code onig} crate's {@code find_iter} finds
 * them: leftmost, non-overlapping, and an empty match right where the previous match ended is
 * skipped by moving one character on.
 *
 * <p>All offsets are UTF-16 indices into the searched string; a match never starts or ends inside
 * a surrogate pair. Instances are immutable and thread-safe.
 */
public final class OnigRegex implements Pattern {
    /**
     * Appended to every translated pattern: a comment holding a supplementary character, which
     * makes java.util.regex use its surrogate-aware search start and look-behind nodes (it picks
     * them only when the pattern text contains such a character). Without it a look-behind could
     * test the low half of a surrogate pair as if it were a character.
     */
    private static final String SURROGATE_AWARE = "(?x:#\uD800\uDC00\n)";

    private final String source;
    private final java.util.regex.Pattern compiled;

    private OnigRegex(String source, java.util.regex.Pattern compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /**
     * Compiles an Oniguruma pattern.
     *
     * @throws IllegalArgumentException when the pattern is invalid for Oniguruma or uses a
     *         construct java.util.regex cannot express; the message says which and where
     */
    public static OnigRegex compile(String onigPattern) {
        String translated = OnigTranslator.translate(onigPattern);
        try {
            return new OnigRegex(onigPattern, java.util.regex.Pattern.compile(translated + SURROGATE_AWARE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("cannot express the pattern in java.util.regex: " + e.getDescription(), e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("pattern too deeply nested", e);
        }
    }

    /** The Oniguruma pattern this regex was compiled from. */
    public String source() {
        return source;
    }

    /** The java.util.regex pattern actually run (without the trailing no-op comment). */
    public String javaPattern() {
        String p = compiled.pattern();
        return p.substring(0, p.length() - SURROGATE_AWARE.length());
    }

    /** Receives the matches of {@link #forEachMatch}, as UTF-16 offsets {@code [start, end)}. */
    @FunctionalInterface
    public interface MatchSink {
        void match(int start, int end);
    }

    /** Reports every match in {@code text}, in order, as Oniguruma's {@code find_iter} yields them. */
    public void forEachMatch(String text, MatchSink sink) {
        int len = text.length();
        Matcher m = compiled.matcher(text);
        int lastEnd = 0;
        int lastMatchEnd = -1;
        while (lastEnd <= len && m.find(lastEnd)) {
            int s = m.start();
            int e = m.end();
            if (s > 0 && s < len && Character.isLowSurrogate(text.charAt(s)) && Character.isHighSurrogate(text.charAt(s - 1))) {
                lastEnd = s + 1; // java.util.regex never starts here with SURROGATE_AWARE; kept as a guard
                continue;
            }
            if (s == e && lastMatchEnd == e) {
                lastEnd += lastEnd < len ? Character.charCount(text.codePointAt(lastEnd)) : 1;
                continue;
            }
            lastEnd = e;
            lastMatchEnd = e;
            sink.match(s, e);
        }
    }

    @Override
    public List<Match> findMatches(String inside) {
        return segments(inside, this::forEachMatch);
    }

    /** A source of matches, for {@link #segments}. */
    @FunctionalInterface
    interface Matches {
        void forEach(String text, MatchSink sink);
    }

    /**
     * Turns matches into segments covering the whole string, as the reference's
     * {@code Pattern for &SysRegex} does: the text between matches becomes non-match segments,
     * empty matches stay as empty match segments, and an empty input gives one empty non-match.
     */
    static List<Match> segments(String inside, Matches matches) {
        if (inside.isEmpty()) return List.of(new Match(0, 0, false));
        List<Match> out = new ArrayList<>();
        int[] prev = {0};
        matches.forEach(inside, (s, e) -> {
            if (prev[0] != s) out.add(new Match(prev[0], s, false));
            out.add(new Match(s, e, true));
            prev[0] = e;
        });
        if (prev[0] != inside.length()) out.add(new Match(prev[0], inside.length(), false));
        return out;
    }

    @Override
    public String toString() {
        return "OnigRegex[" + source + "]";
    }
}
