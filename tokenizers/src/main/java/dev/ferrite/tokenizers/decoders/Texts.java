package dev.ferrite.tokenizers.decoders;

/** String helpers with the semantics of Rust's {@code str} methods where Java's differ. */
final class Texts {
    private Texts() {
    }

    /**
     * Rust's {@code str::replace}: every non-overlapping occurrence of {@code from}, left to right.
     * An empty {@code from} inserts {@code to} before every character and at the end, where a
     * character is a code point (Java's {@link String#replace} would split surrogate pairs).
     */
    static String replace(String s, String from, String to) {
        if (!from.isEmpty()) return s.replace(from, to);
        StringBuilder out = new StringBuilder(s.length() * (1 + to.length()) + to.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.append(to).appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.append(to).toString();
    }
}
