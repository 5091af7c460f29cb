package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;

/** The Rust {@code NormalizedString} methods that the core class does not carry, and a shortcut for transforms. */
final class Transforms {
    private Transforms() {
    }

    /**
     * Whether {@link NormalizedString#transform} covers the whole normalized string. It does not
     * when the string starts with characters of empty alignment (see there); shortcuts are only
     * valid when it does.
     */
    static boolean coversAll(NormalizedString s) {
        return s.isEmpty() || s.alignStart(0) != s.alignEnd(0);
    }

    /**
     * {@code s.transform(changes, 0)}, skipping the work when it cannot change an alignment: when
     * every change is 0 and every new character has as many UTF-16 units as the old one it
     * replaces, each unit keeps its alignment and only the text may differ.
     */
    static void transform(NormalizedString s, Changes changes) {
        String text = s.get();
        if (coversAll(s)) {
            StringBuilder b = null;
            int i = 0;
            int k = 0;
            for (; k < changes.size() && i < text.length(); k++) {
                int old = text.codePointAt(i);
                int c = changes.codePoint(k);
                if (changes.change(k) != 0 || Character.charCount(old) != Character.charCount(c)) break;
                if (c != old && b == null) b = new StringBuilder(text.length()).append(text, 0, i);
                if (b != null) b.appendCodePoint(c);
                i += Character.charCount(old);
            }
            if (k == changes.size() && i == text.length()) {
                if (b != null) s.replaceSameLength(b.toString());
                return;
            }
        }
        s.transform(changes, 0);
    }

    /**
     * Rust {@code NormalizedString::lowercase}: every character through {@code char::to_lowercase},
     * whose extra characters (only U+0130 has one: {@code "i\u0307"}) count as inserted.
     */
    static void lowercase(NormalizedString s) {
        String text = s.get();
        Changes changes = new Changes();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == 0x130) {
                changes.add('i', 0);
                changes.add(0x307, 1);
            } else {
                changes.add(UnicodeTables.lowercase(c), 0);
            }
        }
        transform(s, changes);
    }
}
