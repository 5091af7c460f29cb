package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tokens added on top of the model's vocabulary ({@code added_tokens} in tokenizer.json). They are
 * found in the text before the model runs: tokens with {@code normalized: false} in the raw input,
 * the others in the normalized text, each time leftmost-longest first. A found token becomes a
 * split of its own that later stages leave alone.
 */
final class AddedVocabulary {
    /** One entry of {@code added_tokens}. */
    record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                      boolean special) {
        // equals and hashCode written out: a record's own are bootstrapped through invokedynamic
        // (ObjectMethods) at first use, which costs a cold load some 10 ms for a handful of tokens.
        @Override
        public boolean equals(Object o) {
            return o instanceof AddedToken t && content.equals(t.content) && flags() == t.flags();
        }

        @Override
        public int hashCode() {
            return 31 * content.hashCode() + flags();
        }

        private int flags() {
            return (singleWord ? 1 : 0) | (lstrip ? 2 : 0) | (rstrip ? 4 : 0) | (normalized ? 8 : 0) | (special ? 16 : 0);
        }
    }

    private final Map<String, Integer> idsByContent = new HashMap<>();
    private final Map<Integer, AddedToken> tokensById = new HashMap<>();
    private final Set<String> specialContents = new HashSet<>();
    private final Matcher rawMatcher;
    private final Matcher normalizedMatcher;

    /** Registers {@code tokens} in order, giving each its id as the Rust library does. */
    AddedVocabulary(List<AddedToken> tokens, Model model, Normalizer normalizer) {
        List<AddedToken> specials = new ArrayList<>();
        List<AddedToken> plain = new ArrayList<>();
        for (AddedToken t : tokens) {
            if (t.special() && !t.content().isEmpty() && specialContents.add(t.content())) specials.add(t);
        }
        // How often each token is a value of tokensById (Rust skips a token equal to one of them),
        // and the largest id given so far (ids of a content never change, so it is the largest
        // value of idsByContent): both kept as we go, as thousands of added tokens are common.
        Map<AddedToken, Integer> registered = new HashMap<>();
        int max = -1;
        for (AddedToken t : tokens) {
            if (t.content().isEmpty() || registered.containsKey(t)) continue;
            int id = tokenToId(t.content(), model);
            if (id < 0) {
                int vocab = model.vocabSize();
                id = max < 0 ? vocab : (max >= vocab || vocab == 0 ? max + 1 : vocab);
            }
            idsByContent.put(t.content(), id);
            max = Math.max(max, id);
            AddedToken replaced = tokensById.put(id, t);
            // Counted without lambdas, which a cold JVM would spin classes for.
            registered.put(t, registered.getOrDefault(t, 0) + 1);
            if (replaced != null) {
                Integer n = registered.get(replaced);
                if (n != null && n == 1) registered.remove(replaced);
                else if (n != null) registered.put(replaced, n - 1);
            }
            if (!specialContents.contains(t.content())) plain.add(t);
        }
        List<AddedToken> all = new ArrayList<>(specials);
        all.addAll(plain);
        List<String> rawPatterns = new ArrayList<>();
        List<Integer> rawIds = new ArrayList<>();
        List<String> normPatterns = new ArrayList<>();
        List<Integer> normIds = new ArrayList<>();
        for (AddedToken t : all) {
            int id = tokenToId(t.content(), model);
            if (t.normalized()) {
                NormalizedString n = new NormalizedString(t.content());
                if (normalizer != null) normalizer.normalize(n);
                normPatterns.add(n.get());
                normIds.add(id);
            } else {
                rawPatterns.add(t.content());
                rawIds.add(id);
            }
        }
        rawMatcher = new Matcher(rawPatterns, rawIds);
        normalizedMatcher = new Matcher(normPatterns, normIds);
    }

    int tokenToId(String content, Model model) {
        Integer id = idsByContent.get(content);
        return id != null ? id : model.tokenToId(content);
    }

    /** The content of added token {@code id}, or null. */
    String idToToken(int id) {
        AddedToken t = tokensById.get(id);
        return t == null ? null : t.content();
    }

    boolean isSpecial(String content) {
        return specialContents.contains(content);
    }

    /** How many added tokens are not also entries of the model's vocabulary. */
    int countOutside(Model model) {
        int n = 0;
        for (String content : idsByContent.keySet()) if (model.tokenToId(content) < 0) n++;
        return n;
    }

    /**
     * Whether some added token may be found in {@code text} when its normalized form is the text
     * itself: false means encoding it involves no added token at all.
     */
    boolean mayMatch(String text) {
        return mayMatchRaw(text) || mayMatchNormalized(text);
    }

    /** Whether a token with {@code normalized: false} occurs in the raw text. */
    boolean mayMatchRaw(String text) {
        return rawMatcher.next(text, 0) != null;
    }

    /** Whether some token has {@code normalized: true} (else {@link #mayMatchNormalized} is always false). */
    boolean hasNormalizedTokens() {
        return !normalizedMatcher.isEmpty();
    }

    /** Whether a token with {@code normalized: true} occurs in the normalized text. */
    boolean mayMatchNormalized(String normalized) {
        return normalizedMatcher.next(normalized, 0) != null;
    }

    /**
     * Splits off the added tokens found in the raw text, normalizes what is left, then splits off
     * those found in the normalized text.
     */
    PreTokenizedString extractAndNormalize(Normalizer normalizer, String sequence) {
        // Rust runs two PreTokenizedString.split passes (raw tokens, then normalize + normalized
        // tokens), each dropping empty pieces. Done here without the intermediate lists: a piece
        // with no raw token is the whole (fresh) string itself, which is what its slice would be.
        List<PreTokenizedString.Split> splits = new ArrayList<>();
        if (!sequence.isEmpty()) {
            NormalizedString whole = new NormalizedString(sequence);
            int[] first = rawMatcher.next(sequence, 0);
            if (first == null) {
                normalizeAndSplit(normalizer, whole, splits);
            } else {
                for (PreTokenizedString.Split piece : splitWithIndices(whole, rawMatcher, first)) {
                    if (piece.normalized().isEmpty()) continue;
                    if (piece.tokens() != null) splits.add(piece);
                    else normalizeAndSplit(normalizer, piece.normalized(), splits);
                }
            }
        }
        return new PreTokenizedString(sequence, splits);
    }

    /** The second pass on one piece: normalize it, then split off the added tokens of the normalized text. */
    private void normalizeAndSplit(Normalizer normalizer, NormalizedString piece, List<PreTokenizedString.Split> out) {
        if (normalizer != null) normalizer.normalize(piece);
        String text = piece.get();
        int[] first = text.isEmpty() ? null : normalizedMatcher.next(text, 0);
        if (first == null) {
            if (!text.isEmpty()) out.add(new PreTokenizedString.Split(piece.slice(0, piece.length()), null));
            return;
        }
        for (PreTokenizedString.Split split : splitWithIndices(piece, normalizedMatcher, first)) {
            if (!split.normalized().isEmpty()) out.add(split);
        }
    }

    /** Splits {@code s} at the matches of {@code matcher}, the first being {@code first}; the matched pieces carry their token. */
    private List<PreTokenizedString.Split> splitWithIndices(NormalizedString s, Matcher matcher, int[] first) {
        int[] splits = findMatches(s.get(), matcher, first);
        List<PreTokenizedString.Split> out = new ArrayList<>(splits[0]);
        for (int k = 0; k < splits[0]; k++) {
            int id = splits[1 + 3 * k];
            NormalizedString slice = s.slice(splits[2 + 3 * k], splits[3 + 3 * k]);
            List<Token> tokens = null;
            if (id >= 0) {
                String value = slice.get();
                tokens = List.of(new Token(id, value, 0, value.length()));
            }
            out.add(new PreTokenizedString.Split(slice, tokens));
        }
        return out;
    }

    /**
     * Returns {@code {count, id or -1, start, end, ...}}: segments covering {@code sentence}, given
     * the first match {@code first} of {@code matcher} in it.
     */
    private int[] findMatches(String sentence, Matcher matcher, int[] first) {
        int[] splits = new int[1 + 3 * 8];
        int count = 0;
        int startOffset = 0;
        int[] m = first;
        while (m != null) {
            int start = m[1];
            int stop = m[2];
            int pos = stop;
            AddedToken token = tokensById.get(m[0]);
            boolean keep = true;
            if (token.singleWord()) {
                boolean startSpace = start == 0 || !endsWithWord(sentence, start);
                boolean stopSpace = stop == sentence.length() || !startsWithWord(sentence, stop);
                keep = startSpace && stopSpace;
            }
            if (keep) {
                if (token.lstrip()) {
                    int newStart = start;
                    while (newStart > 0 && CharClasses.isWhitespace(sentence.codePointBefore(newStart))) {
                        newStart -= Character.charCount(sentence.codePointBefore(newStart));
                    }
                    start = Math.max(newStart, startOffset);
                }
                if (token.rstrip()) {
                    while (stop < sentence.length() && CharClasses.isWhitespace(sentence.codePointAt(stop))) {
                        stop += Character.charCount(sentence.codePointAt(stop));
                    }
                }
                if (3 * (count + 2) + 1 > splits.length) splits = Arrays.copyOf(splits, splits.length * 2);
                if (startOffset < start) count = put(splits, count, -1, startOffset, start);
                count = put(splits, count, m[0], start, stop);
                startOffset = stop;
            }
            m = matcher.next(sentence, pos);
        }
        if (startOffset != sentence.length()) {
            if (3 * (count + 1) + 1 > splits.length) splits = Arrays.copyOf(splits, splits.length + 3);
            count = put(splits, count, -1, startOffset, sentence.length());
        }
        splits[0] = count;
        return splits;
    }

    private static int put(int[] splits, int count, int id, int start, int end) {
        splits[1 + 3 * count] = id;
        splits[2 + 3 * count] = start;
        splits[3 + 3 * count] = end;
        return count + 1;
    }

    /** Regex {@code \w$} on {@code s[..end]}: Unicode word character (alphabetic, marks, digits, connector punctuation, join controls). */
    private static boolean endsWithWord(String s, int end) {
        return end > 0 && isWordChar(s.codePointBefore(end));
    }

    private static boolean startsWithWord(String s, int start) {
        return start < s.length() && isWordChar(s.codePointAt(start));
    }

    static boolean isWordChar(int c) {
        if (Character.isAlphabetic(c)) return true;
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION
                || c == 0x200C || c == 0x200D;
    }

    /**
     * Leftmost-longest multi-pattern search over a character trie. A bit set of the characters
     * that start some pattern lets the scan skip every other position at once: most text holds
     * no added token at all.
     */
    static final class Matcher {
        private final Node root;
        private final long[] firstChars = new long[1 << 10];
        /**
         * The first character of every pattern when they all share one (Llama's, Qwen's and GPT's
         * added tokens all start with '<'), else -1: the scan then jumps from one occurrence to the
         * next with {@link String#indexOf(int, int)}, which the JIT compiles to vector code.
         */
        private final int onlyFirstChar;

        Matcher(List<String> patterns, List<Integer> ids) {
            Builder top = new Builder();
            for (int i = 0; i < patterns.size(); i++) {
                String p = patterns.get(i);
                if (p.isEmpty()) continue;
                Builder n = top;
                for (int k = 0; k < p.length(); k++) n = n.child(p.charAt(k));
                // With duplicate patterns the first one registered wins, as in aho-corasick.
                if (n.id < 0) n.id = ids.get(i);
            }
            for (char c : top.children.keySet()) firstChars[c >>> 6] |= 1L << c;
            onlyFirstChar = top.children.size() == 1 ? top.children.keySet().iterator().next() : -1;
            root = top.freeze();
        }

        boolean isEmpty() {
            return root.keys.length == 0;
        }

        /** The leftmost-longest match starting at or after {@code from}: {id, start, end}, or null. */
        int[] next(String s, int from) {
            if (root.keys.length == 0) return null;
            long[] first = firstChars;
            for (int i = from, len = s.length(); i < len; i++) {
                if (onlyFirstChar >= 0) {
                    i = s.indexOf(onlyFirstChar, i);
                    if (i < 0) return null;
                }
                char c = s.charAt(i);
                if ((first[c >>> 6] & (1L << c)) == 0) continue;
                Node n = root.child(c);
                int bestEnd = -1;
                int bestId = -1;
                int k = i + 1;
                while (true) {
                    if (n.id >= 0) {
                        bestEnd = k;
                        bestId = n.id;
                    }
                    if (k >= len) break;
                    n = n.child(s.charAt(k));
                    if (n == null) break;
                    k++;
                }
                if (bestEnd >= 0) return new int[] {bestId, i, bestEnd};
            }
            return null;
        }

        /** A trie node: children by character, sorted for a binary search. */
        private record Node(char[] keys, Node[] children, int id) {
            Node child(char c) {
                int i = Arrays.binarySearch(keys, c);
                return i >= 0 ? children[i] : null;
            }
        }

        private static final class Builder {
            final Map<Character, Builder> children = new HashMap<>(4);
            int id = -1;

            /** The node after {@code c}, made if new (no computeIfAbsent lambda: a class to spin at a cold load). */
            Builder child(char c) {
                Builder b = children.get(c);
                if (b == null) children.put(c, b = new Builder());
                return b;
            }

            Node freeze() {
                char[] keys = new char[children.size()];
                int k = 0;
                for (char c : children.keySet()) keys[k++] = c;
                Arrays.sort(keys);
                Node[] nodes = new Node[keys.length];
                for (int i = 0; i < keys.length; i++) nodes[i] = children.get(keys[i]).freeze();
                return new Node(keys, nodes, id);
            }
        }
    }
}
