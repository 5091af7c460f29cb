package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.Pattern;
import dev.ferrite.tokenizers.pretokenizers.LiteralPattern;
import dev.ferrite.tokenizers.pretokenizers.OnigRegex;

import java.util.Objects;

/**
 * Replaces every match of a literal or a regex with {@code content}. The content's characters
 * take the alignment of the match's last character (of the character before an empty match; an
 * empty alignment at the very start), as in Rust's {@code NormalizedString::replace}. Patterns
 * match as the reference's Oniguruma does (the shared {@link OnigRegex} and {@link LiteralPattern}):
 * leftmost, non-overlapping, an empty literal matching before every character and at the end.
 */
public final class Replace implements Normalizer {
    private final String pattern;
    private final boolean isRegex;
    private final String content;
    private final Pattern compiled;
    /**
     * Set when a literal of one UTF-16 unit is replaced by one UTF-16 unit (Llama 2's and Gemma 3's
     * " " to "▁"): the content then takes the alignment of the one character it replaces, which is
     * that character's own, so only the text changes.
     */
    private final boolean sameUnit;

    private Replace(String pattern, boolean isRegex, String content, Pattern compiled) {
        this.pattern = pattern;
        this.isRegex = isRegex;
        this.content = Objects.requireNonNull(content, "content");
        this.compiled = compiled;
        this.sameUnit = !isRegex && pattern.length() == 1 && content.length() == 1
                && !Character.isSurrogate(pattern.charAt(0)) && !Character.isSurrogate(content.charAt(0));
    }

    /** Replaces each occurrence of the literal {@code string}. */
    public static Replace ofString(String string, String content) {
        return new Replace(string, false, content, new LiteralPattern(string));
    }

    /**
     * Replaces each match of {@code regex}, an Oniguruma pattern. Throws
     * {@link IllegalArgumentException} when it is invalid or cannot be expressed in Java.
     */
    public static Replace ofRegex(String regex, String content) {
        return new Replace(regex, true, content, OnigRegex.compile(regex));
    }

    public String pattern() {
        return pattern;
    }

    public boolean isRegex() {
        return isRegex;
    }

    public String content() {
        return content;
    }

    /** Whether this replaces a literal of one UTF-16 unit (not a surrogate) by one such unit. */
    boolean replacesUnitByUnit() {
        return sameUnit;
    }

    /** Whether the text this returns never holds {@code unit}: it replaces that unit, alone, by another. */
    public boolean leavesNo(char unit) {
        return sameUnit && pattern.charAt(0) == unit && content.charAt(0) != unit;
    }

    @Override
    public void normalize(NormalizedString s) {
        if (sameUnit) {
            String text = s.get();
            char from = pattern.charAt(0);
            if (text.indexOf(from) >= 0) s.replaceSameLength(text.replace(from, content.charAt(0)));
            return;
        }
        s.replace(compiled, content);
    }

    @Override
    public String toString() {
        return "Replace[" + (isRegex ? "regex=" : "string=") + pattern + ", content=" + content + "]";
    }
}
