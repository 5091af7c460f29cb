package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

/** The Rust {@code NormalizedString} methods that the core class does not carry. */
final class Transforms {
    private Transforms() {
    }

    /**
     * Whether {@link NormalizedString#transform} covers the whole normalized string, so that a
     * transformation known to change nothing may be skipped. It does not when the string starts with
     * characters of empty alignment (see there).
     */
    static boolean coversAll(NormalizedString s) {
        return s.isEmpty() || s.alignStart(0) != s.alignEnd(0);
    }

    /**
     * Rust {@code NormalizedString::lowercase}: every character through {@code char::to_lowercase},
     * whose extra characters (only U+0130 has one: {@code "i\u0307"}) count as inserted.
     */
    static void lowercase(NormalizedString s) {
        String text = s.get();
        Changes changes = new Changes();
        boolean changed = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == 0x130) {
                changes.add('i', 0);
                changes.add(0x307, 1);
                changed = true;
                continue;
            }
            int l = UnicodeTables.lowercase(c);
            changed |= l != c;
            changes.add(l, 0);
        }
        if (!changed && coversAll(s)) return;
        s.transform(changes, 0);
    }
}
