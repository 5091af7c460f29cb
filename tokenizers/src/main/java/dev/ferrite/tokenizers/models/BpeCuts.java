package dev.ferrite.tokenizers.models;

import java.util.Arrays;
import java.util.Map;

/**
 * Where a BPE word can be cut into pieces that are merged separately, with exactly the tokens the
 * whole word would give. Derived once from the merge rules, so a tokenizer gets a cut only where its
 * own rules prove it safe. This is what makes models without a pre-tokenizer fast (Llama 2 and
 * Gemma 3 hand the model whole lines, "▁" standing for spaces): the pieces are word-sized, repeat,
 * and hit the word cache, and the merge loop never runs over hundreds of symbols.
 *
 * <h2>Why a cut is exact</h2>
 * Take a word without dropout, continuing_subword_prefix or end_of_word_suffix, in a vocabulary
 * where no two tokens share an id. Each initial symbol is the token of one character, a byte-fallback
 * token or the unk token; a merge of symbols {@code X}, {@code Y} makes the token {@code X + Y}, so
 * every symbol's token string is the concatenation of the strings of the initial symbols it covers.
 * Look at the boundary between two characters {@code a} and {@code c} that are both tokens of their
 * own (initial symbols whose strings are {@code "a"} and {@code "c"}), and suppose that no rule
 * {@code (X, Y)} has {@code X} ending in {@code a} and {@code Y} starting with {@code c}.
 * <ol>
 * <li>No merge ever joins symbols across the boundary. A symbol covering characters on both sides
 * was made, at some point, by a merge of a symbol ending just before the boundary (its string ends in
 * {@code a}) with one starting just after it (its string starts with {@code c}): the rule this needs
 * does not exist.</li>
 * <li>So the merge loop (Rust {@code Word::merge_all}, a priority queue on (rank, position)) never
 * queues the pair at the boundary, and a merge on one side reads and writes that side only: its new
 * neighbour pairs across the boundary have no rule either. The merges of each side are then popped in
 * the same relative order, (rank, position), as when that side is merged alone, and each side ends as
 * it would alone.</li>
 * <li>The initial symbols are the same too: a known character flushes Rust's pending unk before it is
 * added, so no unk is carried (or fused, with fuse_unk) across {@code c}; the pending unk at the end of
 * the left piece is added at its end, as the whole word adds it before {@code c}.</li>
 * <li>Offsets: Rust counts a token's offsets as the UTF-8 lengths of the symbols before it, so the
 * pieces' offsets shifted by where the piece starts are the whole word's, as long as no character is
 * dropped (a character with no token, no byte fallback and no unk token is left out without being
 * counted, which shifts every later token). The caller gives up cutting a word that has one.</li>
 * </ol>
 * The check needs only the pairs (last character of {@code X}, first character of {@code Y}) over
 * all rules. This class keeps, per character {@code c}, the characters {@code a} of those pairs when
 * there are at most {@link #MAX_JOINERS} of them, and cuts before {@code c} when the character before
 * it is not one of them. For Llama 2, the only rules with a right part starting with "▁" have a left
 * part ending in "▁", so a word is cut before every "▁" that follows another character; Gemma 3 has
 * also {@code ">" + "▁</"}, so "▁" after "▁" or ">" stays joined.
 */
final class BpeCuts {
    /** A character whose rules join it to more characters before it is never cut before. */
    static final int MAX_JOINERS = 4;

    /** Kind of a character as the second of a pair: */
    static final int NOT_A_TOKEN = 0;  // no token of its own: no cut on either side of it
    static final int NEVER = 1;        // has a token, but too many rules join it with what precedes
    static final int ALWAYS = 2;       // has a token, and no rule's right part starts with it
    /** {@code UNLESS + i}: cut before it unless the character before is in {@code joiners[i]}. */
    static final int UNLESS = 3;

    /** Kind of each BMP character. */
    private final char[] bmpKinds;
    /** Kind of each supplementary character that has a token; absent ones are NOT_A_TOKEN. */
    private final LongIntMap supplementaryKinds;
    private final int[][] joiners;

    private BpeCuts(char[] bmpKinds, LongIntMap supplementaryKinds, int[][] joiners) {
        this.bmpKinds = bmpKinds;
        this.supplementaryKinds = supplementaryKinds;
        this.joiners = joiners;
    }

    /**
     * Makes the cuts of a vocabulary: the caller {@linkplain #countPair counts} each merge rule (as
     * it resolves them, in one pass), then {@linkplain #build builds}. Only for models where the
     * proof above applies: no dropout, no affixes, no two tokens sharing an id, no rule with an empty
     * side (the caller checks). A call per rule and per token: at load this runs cold, and the JVM
     * compiles a method called thousands of times long before the loop of a method called once.
     */
    static final class Builder {
        /** Distinct (last char of left, first char of right) pairs, and per right char how many. */
        final LongIntMap pairs = new LongIntMap(1024);
        final LongIntMap joinerCount = new LongIntMap(1024);
        final char[] bmp = new char[0x10000];
        final LongIntMap supplementary = new LongIntMap(64);
        final LongIntMap listOf = new LongIntMap(16);
        /**
         * The distinct pairs ({@code c << 32 | a}) in the order first counted: what {@link #build}
         * reads, where it read every rule again (llama2 has 58,980 rules and 2,909 distinct pairs).
         */
        long[] distinctPairs = new long[1024];
        int distinctCount;
        int lists;
        int[][] joiners;

        /** Counts the rule joining {@code a}, the last character of its left token, to {@code c}, the first of its right one. */
        void countPair(int a, int c) {
            long key = (long) c << 32 | a;
            if (pairs.get(key) >= 0) return;
            pairs.put(key, 1);
            joinerCount.put(c, Math.max(0, joinerCount.get(c)) + 1);
            if (distinctCount == distinctPairs.length) distinctPairs = Arrays.copyOf(distinctPairs, 2 * distinctCount);
            distinctPairs[distinctCount++] = key;
        }

        /**
         * The cuts, once every rule is counted.
         *
         * @param vocab the vocabulary, token to id, of which every token of the rules is one
         */
        BpeCuts build(Map<String, Integer> vocab) {
            for (String token : vocab.keySet()) kind(token);
            joiners = new int[lists][];
            Arrays.fill(joiners, new int[0]);
            // Each joiner list gets its characters in the order of the rules, as a pass over them gave.
            for (int i = 0; i < distinctCount; i++) addJoiner((int) distinctPairs[i], (int) (distinctPairs[i] >>> 32));
            return new BpeCuts(bmp, supplementary, joiners);
        }

        void kind(String token) {
            if (token.isEmpty() || token.length() != Character.charCount(token.codePointAt(0))) return;
            int c = token.codePointAt(0);
            // A token of one surrogate unit: words are read by code point, a lone surrogate as
            // U+FFFD, so none is looked up (and unitKind answers NOT_A_TOKEN for all of them).
            if (c < 0x10000 && Character.isSurrogate((char) c)) return;
            int count = joinerCount.get(c);
            int kind = count < 0 ? ALWAYS : count <= MAX_JOINERS && UNLESS + lists <= Character.MAX_VALUE ? UNLESS + lists : NEVER;
            if (kind >= UNLESS) listOf.put(c, lists++);
            if (c < 0x10000) bmp[c] = (char) kind;
            else supplementary.put(c, kind);
        }

        void addJoiner(int a, int c) {
            int i = listOf.get(c);
            if (i < 0) return;
            for (int x : joiners[i]) if (x == a) return;
            joiners[i] = Arrays.copyOf(joiners[i], joiners[i].length + 1);
            joiners[i][joiners[i].length - 1] = a;
        }
    }

    /** The kind of {@code c} (a code point): {@link #NOT_A_TOKEN}, {@link #NEVER}, {@link #ALWAYS}, or {@link #UNLESS} and up. */
    int kind(int c) {
        if (c < 0x10000) return bmpKinds[c];
        int k = supplementaryKinds.get(c);
        return k < 0 ? NOT_A_TOKEN : k;
    }

    /** The kind of the UTF-16 unit {@code u}: that of the character it is, {@link #NOT_A_TOKEN} for a surrogate. */
    int unitKind(char u) {
        return bmpKinds[u];
    }

    /**
     * Whether a word may be cut before a character of kind {@code kind} (not {@link #NOT_A_TOKEN})
     * that follows {@code a}, a character with a token of its own.
     */
    boolean cuts(int kind, int a) {
        if (kind < UNLESS) return kind == ALWAYS;
        for (int x : joiners[kind - UNLESS]) if (x == a) return false;
        return true;
    }
}
