package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

import java.util.List;
import java.util.Objects;

/**
 * SentencePiece's space handling (pre_tokenizers/metaspace.rs): every ' ' becomes
 * {@code replacement} (a code point, '▁' usually), the replacement is put in front of a split as
 * {@code prependScheme} says, and with {@code split} the text is cut before every replacement.
 */
public record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
    /** When to put the replacement in front of a split that does not start with it. */
    public enum PrependScheme {
        /** Only in front of the split that starts the input (original offset 0). */
        FIRST,
        NEVER,
        ALWAYS
    }

    public Metaspace {
        Objects.requireNonNull(prependScheme, "prependScheme");
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        String rep = Character.toString(replacement);
        CharPattern space = CharPattern.of(' ');
        CharPattern cut = CharPattern.of(replacement);
        s.split((i, n) -> {
            n.replace(space, rep);
            boolean startsWith = !n.isEmpty() && n.get().codePointAt(0) == replacement;
            switch (prependScheme) {
                case ALWAYS -> {
                    if (!startsWith) n.prepend(rep);
                }
                case FIRST -> {
                    if (!startsWith && n.originalShift() == 0) n.prepend(rep);
                }
                case NEVER -> {
                }
            }
            return split ? n.split(cut, SplitDelimiterBehavior.MERGED_WITH_NEXT) : List.of(n);
        });
    }
}
