package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;

import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Resolves a {@link Bpe}'s merge rules (token strings) to a {@link MergeTable} (token ids), as
 * Rust's {@code BpeBuilder::build} does ({@code models/bpe/model.rs}): every rule must name two
 * tokens of the vocabulary and make one, and with a continuing_subword_prefix the right token loses
 * it (counted in UTF-8 bytes, as Rust does) before the two are joined.
 */
final class MergeResolver {
    private MergeResolver() {
    }

    /**
     * The table of {@code rules} over the vocabulary {@code ids} (ids up to {@code maxId}); feeds
     * {@code cutData}, when not null, the characters that each rule joins.
     *
     * @throws TokenizerException naming {@code location.apply(rank)} when a rule names, or makes, a
     *                            token that is not in the vocabulary
     */
    static MergeTable resolve(TokenIds ids, int maxId, MergeRules rules, String prefix,
                              IntFunction<String> location, BpeCuts.Builder cutData) {
        int prefixBytes = prefix == null ? 0 : prefix.getBytes(StandardCharsets.UTF_8).length;
        MergeTable table = new MergeTable(rules.size(), Math.max(0, maxId));
        // One call per rule: at load this code runs cold, and the JVM compiles a method called
        // thousands of times long before the loop of a method called once.
        for (int rank = 0; rank < rules.size(); rank++) addRule(table, ids, rules, rank, prefixBytes, location, cutData);
        return table;
    }

    /** Resolves rule {@code rank} from the regions of the strings that hold its tokens (no string made per rule). */
    private static void addRule(MergeTable table, TokenIds ids, MergeRules rules, int rank, int prefixBytes,
                                IntFunction<String> location, BpeCuts.Builder cutData) {
        String l = rules.leftText(rank);
        int lFrom = rules.leftFrom(rank);
        int lTo = rules.leftTo(rank);
        String r = rules.rightText(rank);
        int rFrom = rules.rightFrom(rank);
        int rTo = rules.rightTo(rank);
        // Each side is hashed once; the merged token's hash follows from the two.
        int lHash = TokenIds.hash(l, lFrom, lTo);
        int left = ids.id(l, lFrom, lTo, lHash);
        if (left < 0) throw new TokenizerException(location.apply(rank) + ": token \"" + rules.left(rank) + "\" is not in the vocabulary");
        int rHash = TokenIds.hash(r, rFrom, rTo);
        int right = ids.id(r, rFrom, rTo, rHash);
        if (right < 0) throw new TokenizerException(location.apply(rank) + ": token \"" + rules.right(rank) + "\" is not in the vocabulary");
        // Rust drops the prefix's length in bytes from the right token, whatever those bytes are.
        int cut = prefixBytes == 0 ? 0 : utf16Index(r, rFrom, rTo, prefixBytes);
        if (cut < 0) {
            throw new TokenizerException(location.apply(rank) + ": cannot remove the " + prefixBytes
                    + "-byte continuing_subword_prefix from the start of \"" + rules.right(rank) + "\"");
        }
        int rCutHash = cut == 0 ? rHash : TokenIds.hash(r, rFrom + cut, rTo);
        int merged = ids.id(l, lFrom, lTo, r, rFrom + cut, rTo, TokenIds.joinedHash(lHash, rCutHash, rTo - rFrom - cut));
        if (merged < 0) {
            throw new TokenizerException(location.apply(rank) + ": merged token \"" + rules.left(rank) + rules.right(rank).substring(cut)
                    + "\" is not in the vocabulary");
        }
        table.put(rank, left, right, merged);
        if (cutData != null) cutData.countPair(rules.leftLast(rank), rules.rightFirst(rank));
    }

    /**
     * How many UTF-16 units of {@code s[from, to)} its first {@code bytes} UTF-8 bytes take, or -1 if
     * they do not end at a character boundary ({@code to} is the end of {@code s}).
     */
    private static int utf16Index(String s, int from, int to, int bytes) {
        int i = from;
        int b = 0;
        while (b < bytes && i < to) {
            b += utf8Length(s, i);
            i += Character.charCount(s.codePointAt(i));
        }
        return b == bytes ? i - from : -1;
    }

    /**
     * UTF-8 length of the character at {@code i}; a lone surrogate counts as U+FFFD (3 bytes), the
     * character a Rust string gets in its place.
     */
    static int utf8Length(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp < 0x10000) return 3;
        return 4;
    }

    /** Whether no rule has an empty side; asked only when "" is a token (the rules' tokens are all in the vocabulary). */
    static boolean noEmptySide(MergeRules rules) {
        for (int i = 0; i < rules.size(); i++) if (rules.hasEmptySide(i)) return false;
        return true;
    }
}
