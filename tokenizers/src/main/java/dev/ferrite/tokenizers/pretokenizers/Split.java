package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

import java.util.Objects;

/**
 * Splits at the matches of a pattern (pre_tokenizers/split.rs): a literal string or an Oniguruma
 * regex ({@link OnigRegex}, or a {@link FastRegex} for well-known ones); with {@code invert} the
 * matches are what is kept and the text between them is the delimiter. {@code behavior} says
 * what happens to delimiters.
 */
public final class Split implements PreTokenizer {
    private final Pattern pattern;
    private final Pattern applied;
    private final SplitDelimiterBehavior behavior;
    private final boolean invert;

    public Split(Pattern pattern, SplitDelimiterBehavior behavior, boolean invert) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.behavior = Objects.requireNonNull(behavior, "behavior");
        this.invert = invert;
        this.applied = invert ? new Invert(pattern) : pattern;
    }

    /** A split on a literal string ({@code {"String": ...}} in tokenizer.json). */
    public static Split onString(String literal, SplitDelimiterBehavior behavior, boolean invert) {
        return new Split(new LiteralPattern(literal), behavior, invert);
    }

    /**
     * A split on an Oniguruma regex ({@code {"Regex": ...}}); throws IllegalArgumentException when it
     * is invalid. The well-known split regexes of GPT-2, cl100k, Qwen and o200k get a hand-written
     * scanner with the same matches ({@link FastRegex}).
     */
    public static Split onRegex(String regex, SplitDelimiterBehavior behavior, boolean invert) {
        return new Split(FastRegex.compile(regex), behavior, invert);
    }

    public Pattern pattern() {
        return pattern;
    }

    public SplitDelimiterBehavior behavior() {
        return behavior;
    }

    public boolean invert() {
        return invert;
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(applied, behavior));
    }

    @Override
    public String toString() {
        return "Split[" + pattern + ", " + behavior + (invert ? ", inverted" : "") + "]";
    }
}
