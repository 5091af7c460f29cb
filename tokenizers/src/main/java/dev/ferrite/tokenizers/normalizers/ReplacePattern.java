package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The pattern of a {@link Replace}: a literal, or a regex that the Rust library compiles with
 * Oniguruma (its {@code SysRegex}). Matches are found as the {@code onig} crate's
 * {@code find_iter} finds them: leftmost first, each search starting where the last match ended,
 * and an empty match right where the previous match ended is skipped (Java's {@link Matcher#find()}
 * would take it).
 *
 * <p>Regexes run on {@code java.util.regex} with the options that make it read like Oniguruma's
 * default syntax: {@code ^}/{@code $} at every line feed, {@code .} anything but a line feed,
 * {@code \s \d \w \b} Unicode-aware. Known gaps, measured against the reference: a lookbehind
 * such as {@code (?<=\w)} never sees a supplementary character right before it in Java (it does
 * in Oniguruma); Java's {@code \w} takes U+200C/U+200D (Join_Control), Oniguruma's does not.
 * Oniguruma constructs Java lacks or reads differently ({@code \h}, {@code \K}, POSIX brackets
 * {@code [[:alpha:]]}, Unicode data of another version) are not translated either: this class is
 * meant to be swapped for the shared Oniguruma translator of the pre-tokenizers.
 */
final class ReplacePattern implements Pattern {
    private static final int FLAGS = java.util.regex.Pattern.MULTILINE | java.util.regex.Pattern.UNIX_LINES
            | java.util.regex.Pattern.UNICODE_CHARACTER_CLASS;

    private final String literal; // non-empty literal, or null for a regex
    private final java.util.regex.Pattern regex;

    private ReplacePattern(String literal, java.util.regex.Pattern regex) {
        this.literal = literal;
        this.regex = regex;
    }

    /** A literal string; the empty string matches the empty string everywhere, as in Rust. */
    static ReplacePattern literal(String s) {
        if (s.isEmpty()) return new ReplacePattern(null, java.util.regex.Pattern.compile(""));
        return new ReplacePattern(s, null);
    }

    /** A regex; throws {@link java.util.regex.PatternSyntaxException} when it does not compile. */
    static ReplacePattern regex(String r) {
        return new ReplacePattern(null, java.util.regex.Pattern.compile(r, FLAGS));
    }

    @Override
    public List<Match> findMatches(String inside) {
        List<Match> out = new ArrayList<>();
        if (inside.isEmpty()) {
            out.add(new Match(0, 0, false));
            return out;
        }
        int prev = 0;
        if (literal != null) {
            for (int i = inside.indexOf(literal); i >= 0; i = inside.indexOf(literal, prev)) {
                if (prev != i) out.add(new Match(prev, i, false));
                prev = i + literal.length();
                out.add(new Match(i, prev, true));
            }
        } else {
            Matcher m = regex.matcher(inside);
            int from = 0;
            int lastMatchEnd = -1;
            while (from <= inside.length() && m.find(from)) {
                int s = m.start();
                int e = m.end();
                if (s == e && e == lastMatchEnd) {
                    // onig's FindMatches: no empty match right after the previous match; step one character.
                    from += from < inside.length() ? Character.charCount(inside.codePointAt(from)) : 1;
                    continue;
                }
                from = e;
                lastMatchEnd = e;
                if (prev != s) out.add(new Match(prev, s, false));
                out.add(new Match(s, e, true));
                prev = e;
            }
        }
        if (prev != inside.length()) out.add(new Match(prev, inside.length(), false));
        return out;
    }
}
