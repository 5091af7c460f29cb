package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written scanner for one of the split regexes that real tokenizers use, finding exactly the
 * matches Oniguruma finds for it ({@link OnigRegex} is the general, slower path and the
 * reference these are tested against). {@link #compile} picks one when the regex string is,
 * character for character, one of {@link #GPT2}, {@link #CL100K}, {@link #QWEN2} or {@link #O200K}.
 *
 * <p>Every character of these patterns starts a match (a letter, a number, whitespace or any
 * other character each have an alternative), and none matches the empty string, so Oniguruma's
 * {@code find_iter} yields matches end to end: each one starts where the previous one ended.
 * {@link #matchEnd} finds one such match without allocating. Offsets are UTF-16 indices; a match
 * never ends inside a surrogate pair. Instances are immutable and thread-safe.
 */
public abstract sealed class FastRegex implements Pattern.Contiguous permits Gpt2Regex, Cl100kRegex, O200kRegex {
    /** GPT-2's regex, also the one ByteLevel uses (pre_tokenizers/byte_level.rs). */
    public static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** tiktoken's cl100k_base regex, used by Llama 3 (numbers in runs of at most three digits). */
    public static final String CL100K = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Qwen 2 / 3's variant of {@link #CL100K}: every digit on its own. */
    public static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** tiktoken's o200k_base regex (GPT-4o), which also splits words at case changes. */
    public static final String O200K = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final String source;

    FastRegex(String source) {
        this.source = source;
    }

    /**
     * The matcher for an Oniguruma pattern: a {@link FastRegex} when one is written for exactly
     * this string, else {@link OnigRegex#compile}.
     *
     * @throws IllegalArgumentException as {@link OnigRegex#compile} does, when the pattern is invalid
     */
    public static Pattern compile(String onigPattern) {
        FastRegex fast = forSource(onigPattern);
        return fast != null ? fast : OnigRegex.compile(onigPattern);
    }

    /** The scanner written for exactly this Oniguruma pattern string, or null when there is none. */
    public static FastRegex forSource(String onigPattern) {
        return switch (onigPattern) {
            case GPT2 -> Gpt2Regex.INSTANCE;
            case CL100K -> Cl100kRegex.CL100K_INSTANCE;
            case QWEN2 -> Cl100kRegex.QWEN2_INSTANCE;
            case O200K -> O200kRegex.INSTANCE;
            default -> null;
        };
    }

    /** The Oniguruma pattern this scanner stands for. */
    public final String source() {
        return source;
    }

    /**
     * The end of the match that starts at {@code start} in the text {@code text[0, len)}
     * ({@code 0 <= start < len}, not inside a surrogate pair): always greater than {@code start},
     * at most {@code len}. Allocates nothing; the array may be a reused buffer.
     */
    @Override
    public abstract int matchEnd(char[] text, int start, int len);

    /** Reports every match in {@code text}, in order, as Oniguruma's {@code find_iter} yields them. */
    public final void forEachMatch(String text, OnigRegex.MatchSink sink) {
        char[] a = text.toCharArray();
        for (int i = 0, len = a.length, e; i < len; i = e) {
            e = matchEnd(a, i, len);
            sink.match(i, e);
        }
    }

    /** All matches, end to end (so no non-match segments), or one empty non-match for an empty input. */
    @Override
    public final List<Match> findMatches(String inside) {
        int len = inside.length();
        if (len == 0) return List.of(new Match(0, 0, false));
        // The scanners read a char[]: indexing it is cheaper than String.charAt, which checks the
        // string's coder on every call; the copy costs far less than the scan.
        char[] a = inside.toCharArray();
        // About one match every five characters in English and code; the list grows past that if needed.
        List<Match> out = new ArrayList<>(len / 4 + 4);
        for (int i = 0, e; i < len; i = e) {
            e = matchEnd(a, i, len);
            out.add(new Match(i, e, true));
        }
        return out;
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + source + "]";
    }

    // Building blocks shared by the scanners: they read text[0, len) and return a UTF-16 index.

    /** The end of the run of characters having any of {@code bits}, from {@code i}. */
    static int runOf(char[] s, int i, int len, int bits) {
        // The hottest loop: one table look-up per BMP character, surrogates off the fast path.
        byte[] table = ScanClasses.BMP;
        while (i < len) {
            int b = table[s[i]];
            if ((b & bits) != 0) {
                i++;
            } else if ((b & ScanClasses.HIGH) != 0 && ((b = ScanClasses.beyondTable(s, i, len)) & bits) != 0) {
                i += ScanClasses.width(b);
            } else {
                break;
            }
        }
        return i;
    }

    /** The end of the run of characters having none of {@code bits}, from {@code i}. */
    static int runOfNone(char[] s, int i, int len, int bits) {
        byte[] table = ScanClasses.BMP;
        while (i < len) {
            int b = table[s[i]];
            if ((b & (bits | ScanClasses.HIGH)) == 0) {
                i++;
            } else if ((b & ScanClasses.HIGH) != 0 && ((b = ScanClasses.beyondTable(s, i, len)) & bits) == 0) {
                i += ScanClasses.width(b);
            } else {
                break;
            }
        }
        return i;
    }

    /** The end of the run of {@code \r}, {@code \n} (and {@code /} when {@code slash}) from {@code i}. */
    static int runOfNewlines(char[] s, int i, int len, boolean slash) {
        while (i < len) {
            char c = s[i];
            if (c != '\r' && c != '\n' && !(slash && c == '/')) break;
            i++;
        }
        return i;
    }

    /**
     * The length of the English contraction ({@code 's|'t|'re|'ve|'m|'ll|'d}) at {@code i}, or 0.
     * With {@code ignoreCase} the letters match as Oniguruma folds them: ASCII case, and 'ſ'
     * (U+017F, folding to 's'); no other character folds to one of these letters, and none of
     * the letter pairs is the fold of a single character (unlike "ss" for 'ß'), so no other
     * character matches (onig-casefold.txt; OnigRegex translates the group to the same sets).
     */
    static int contraction(char[] s, int i, int len, boolean ignoreCase) {
        if (i + 1 >= len || s[i] != '\'') return 0;
        int c = s[i + 1];
        if (ignoreCase) {
            if (c == 'ſ') return 2;
            c |= 0x20; // lower-cases ASCII letters; only 'S' and 's' give 's' (and so on), as bit 5 is all it sets
        }
        return switch (c) {
            case 's', 't', 'm', 'd' -> 2;
            case 'r', 'v' -> i + 2 < len && is(s[i + 2], 'e', ignoreCase) ? 3 : 0;
            case 'l' -> i + 2 < len && is(s[i + 2], 'l', ignoreCase) ? 3 : 0;
            default -> 0;
        };
    }

    private static boolean is(char c, char lower, boolean ignoreCase) {
        return c == lower || (ignoreCase && c == lower - 0x20);
    }

    /**
     * Oniguruma's whitespace alternatives from a whitespace character at {@code i}: with
     * {@code newlines}, first {@code \s*[\r\n]+} (the run up to and including its last
     * {@code \r} or {@code \n}); then {@code \s+(?!\S)} (the run, less its last character when a
     * non-space follows and the run is longer than one); then {@code \s+}. Whitespace is all BMP.
     */
    static int whitespace(char[] s, int i, int len, boolean newlines) {
        int j = i;
        int afterNewline = -1;
        while (j < len) {
            int b = ScanClasses.entry(s[j]); // no whitespace outside the BMP, and a surrogate has no S bit
            if ((b & ScanClasses.S) == 0) break;
            j++;
            if ((b & ScanClasses.RN) != 0) afterNewline = j;
        }
        if (newlines && afterNewline >= 0) return afterNewline;
        return j < len && j - i > 1 ? j - 1 : j;
    }
}
