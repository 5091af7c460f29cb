package dev.ferrite.tokenizers.normalizers;

import java.util.Arrays;

/**
 * The result of a normalizer that changes the text's shape at most by putting characters before
 * it, computed without a {@link dev.ferrite.tokenizers.pipeline.NormalizedString}: the normalized
 * text is {@code chars()[0, length())}, of which the first {@link #prefix()} units were prepended
 * (they align to the original's first character, as {@link Prepend} aligns them) and every later
 * unit {@code i} is the original unit {@code i - prefix()}, possibly replaced by another single
 * unit (so it keeps that unit's alignment). {@link BertNormalizer} on text it maps character for
 * character, {@link Replace} of one unit by one unit, {@link Prepend} and {@link Sequence}s of these
 * qualify (Llama 2's, Gemma's and BERT's normalizers on most text); the alignments are then plain
 * arithmetic, where the general pipeline builds arrays of them. One more shape: a
 * {@link BertNormalizer} that, first to change the shape, turns each original character into zero
 * or more units carrying that character's alignment ({@link BertReshape}: CJK padding, removed
 * controls and marks), after which the alignments come from one array of sources.
 *
 * <p>Offsets are UTF-16 units of the original text. Not thread-safe: one instance per encode call,
 * or one per thread reloaded by each call ({@link #load}).
 */
public final class MappedText {
    private static final int PREFIX_ROOM = 4;
    /** The buffer of an instance before its first text (nothing allocated until a text needs room). */
    private static final char[] NO_UNITS = {};

    private String original;
    /** Whether the original holds a surrogate: only then can a character span two units. */
    private boolean surrogates;
    private char[] chars;
    private int length;
    private int prefix;
    /**
     * Null while unit {@code i} comes from original unit {@code i - prefix}; after a
     * {@link BertNormalizer} reshaped the text ({@link BertReshape}), unit {@code i} comes from the
     * original character starting at {@code sources[i - prefix]}.
     */
    private int[] sources;
    /**
     * Of a reused instance ({@link #load}): the units' other buffer, which a reshape writes into
     * (swapped with {@code chars}), and the array of sources a reshape last wrote.
     */
    private char[] spare;
    private int[] sourcesBuffer;

    /** An empty instance for {@link #load}, whose buffer grows to the longest text it is given. */
    public MappedText() {
        chars = NO_UNITS;
    }

    /**
     * Scans the string, not its copy in {@link #chars}: on a Latin-1 string (most English text and
     * code) the JIT knows that no unit read can be a surrogate and compiles the loop to nothing
     * (0.05 against 0.5 ms a pass of english.txt over the copy).
     */
    private static boolean hasSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) if (Character.isSurrogate(text.charAt(i))) return true;
        return false;
    }

    /**
     * {@code text} normalized by {@code normalizer} (null for none), or null when that normalizer, on
     * this text, is not one this class covers (see above): the caller then takes the general way.
     */
    public static MappedText of(Normalizer normalizer, String text) {
        MappedText t = new MappedText();
        return t.load(normalizer, text) ? t : null;
    }

    /**
     * This instance made {@link #of of(normalizer, text)}, its units written over those of the
     * text before (the buffer reused when it has room); false when {@code of} would give null, this
     * instance then undefined until the next load. The caller reuses it from call to call (one
     * per thread: not thread-safe), and nothing it hands on may alias {@link #chars()}.
     */
    public boolean load(Normalizer normalizer, String text) {
        original = text;
        length = text.length();
        prefix = 0;
        sources = null;
        // Room for a short prefix (Llama's and Gemma's "▁"), so that prepending copies nothing more.
        if (chars.length < length + PREFIX_ROOM) chars = new char[length + PREFIX_ROOM];
        text.getChars(0, length, chars, 0);
        surrogates = hasSurrogate(text);
        return normalizer == null || apply(normalizer);
    }

    /**
     * Forgets the text (so that a kept instance does not hold on to it), and lets go of the buffer
     * when it has grown past {@code units} units: one very long text must not pin its size for good.
     */
    public void clear(int units) {
        original = null;
        sources = null;
        length = 0;
        if (chars.length > units) chars = NO_UNITS;
        if (spare != null && spare.length > units) spare = null;
        if (sourcesBuffer != null && sourcesBuffer.length > units) sourcesBuffer = null;
    }

    /** The buffer's size in units (what a kept instance holds on to). */
    public int capacity() {
        return chars.length;
    }

    /** Applies {@code normalizer}; false (the text then undefined) when it does not map unit for unit. */
    private boolean apply(Normalizer normalizer) {
        return switch (normalizer) {
            case Sequence(var steps) -> {
                for (Normalizer step : steps) if (!apply(step)) yield false;
                yield true;
            }
            // Prepend's empty string would reinsert the first character, a shape this class does not describe.
            case Prepend(String p) when !p.isEmpty() -> {
                if (length > 0) prepend(p);
                yield true;
            }
            case Replace r when r.replacesUnitByUnit() -> {
                int from = r.pattern().charAt(0);
                int diff = r.content().charAt(0) - from;
                for (int i = 0; i < length; i++) {
                    int c = chars[i];
                    // c + diff where c == from, else c: ((c ^ from) - 1) >> 31 is all ones exactly when
                    // c == from (both below 2^16). Arithmetic, not the select `c == from ? to : c`,
                    // which the JIT compiled to a loop of one unit at a time in some runs (Llama 2 on
                    // English: MappedText.of 3.1-5.4 ms a pass with the select, 1.7-2.3 ms with this).
                    chars[i] = (char) (c + ((((c ^ from) - 1) >> 31) & diff));
                }
                yield true;
            }
            case BertNormalizer b -> length == 0 || bert(b);
            default -> false;
        };
    }

    /**
     * {@code b} on the text: one for one where it can, else reshaped when nothing before changed
     * the text's shape (no prefix, no earlier reshape: unit i is still original unit i).
     */
    private boolean bert(BertNormalizer b) {
        int done = b.mapSimplePrefix(chars, length);
        if (done == length) return true;
        if (prefix != 0 || sources != null) return false;
        BertReshape.Result r = BertReshape.of(b).reshape(chars, length, done, spare, sourcesBuffer);
        if (r == null) return false;
        int n = r.length();
        spare = chars;
        chars = r.chars().length >= n + PREFIX_ROOM ? r.chars() : Arrays.copyOf(r.chars(), n + PREFIX_ROOM);
        length = n;
        sources = sourcesBuffer = r.sources();
        return true;
    }

    private void prepend(String p) {
        int k = p.length();
        if (length + k > chars.length) chars = Arrays.copyOf(chars, length + k);
        System.arraycopy(chars, 0, chars, k, length);
        p.getChars(0, k, chars, 0);
        length += k;
        prefix += k;
    }

    /** The normalized text's units (valid up to {@link #length()}). */
    public char[] chars() {
        return chars;
    }

    public int length() {
        return length;
    }

    /**
     * Whether unit {@code i} came from original unit {@code max(i - prefix(), 0)} alone: nothing
     * reshaped the text and the original holds no surrogate (so no character spans two units).
     */
    public boolean unitForUnit() {
        return sources == null && !surrogates;
    }

    /** How many units at the start were prepended. */
    public int prefix() {
        return prefix;
    }

    /** The normalized text as a string. */
    public String text() {
        return new String(chars, 0, length);
    }

    /** Start, in the original, of the range normalized unit {@code i} came from (as {@code NormalizedString.alignStart}). */
    public int alignStart(int i) {
        int j = i - prefix;
        if (sources != null) return sources[Math.max(j, 0)];
        if (j <= 0) return 0;
        if (!surrogates) return j;
        // A low surrogate belongs to the pair before it.
        return Character.isLowSurrogate(original.charAt(j)) && Character.isHighSurrogate(original.charAt(j - 1)) ? j - 1 : j;
    }

    /** End, in the original, of the range normalized unit {@code i} came from (as {@code NormalizedString.alignEnd}). */
    public int alignEnd(int i) {
        int j = Math.max(i - prefix, 0); // a prepended unit aligns to the first character
        if (sources != null) j = sources[j];
        if (!surrogates) return j + 1;
        return j + 1 < original.length() && Character.isHighSurrogate(original.charAt(j))
                && Character.isLowSurrogate(original.charAt(j + 1)) ? j + 2 : j + 1;
    }
}
