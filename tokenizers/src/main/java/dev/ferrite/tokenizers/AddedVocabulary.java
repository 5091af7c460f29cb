package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.Token;

import java.util.ArrayList;
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
        for (AddedToken t : tokens) {
            if (t.content().isEmpty() || tokensById.containsValue(t)) continue;
            int id = tokenToId(t.content(), model);
            if (id < 0) {
                int vocab = model.vocabSize();
                int max = idsByContent.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
                id = max < 0 ? vocab : (max >= vocab || vocab == 0 ? max + 1 : vocab);
            }
            idsByContent.put(t.content(), id);
            tokensById.put(id, t);
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
     * Splits off the added tokens found in the raw text, normalizes what is left, then splits off
     * those found in the normalized text.
     */
    PreTokenizedString extractAndNormalize(Normalizer normalizer, String sequence) {
        PreTokenizedString pre = new PreTokenizedString(new NormalizedString(sequence));
        pre.splitWithTokens((i, s) -> splitWithIndices(s, rawMatcher));
        pre.splitWithTokens((i, s) -> {
            if (normalizer != null) normalizer.normalize(s);
            return splitWithIndices(s, normalizedMatcher);
        });
        return pre;
    }

    /** Splits {@code s} at the matches of {@code matcher}; the matched pieces carry their token. */
    private List<PreTokenizedString.Split> splitWithIndices(NormalizedString s, Matcher matcher) {
        List<int[]> matches = findMatches(s.get(), matcher);
        List<PreTokenizedString.Split> out = new ArrayList<>(matches.size());
        for (int[] m : matches) {
            NormalizedString slice = s.slice(m[1], m[2]);
            List<Token> tokens = null;
            if (m[0] >= 0) {
                String value = slice.get();
                tokens = List.of(new Token(m[0], value, 0, value.length()));
            }
            out.add(new PreTokenizedString.Split(slice, tokens));
        }
        return out;
    }

    /** Returns {id or -1, start, end} segments covering {@code sentence}. */
    private List<int[]> findMatches(String sentence, Matcher matcher) {
        List<int[]> splits = new ArrayList<>();
        if (sentence.isEmpty()) {
            splits.add(new int[] {-1, 0, 0});
            return splits;
        }
        int startOffset = 0;
        int pos = 0;
        while (true) {
            int[] m = matcher.next(sentence, pos);
            if (m == null) break;
            int start = m[1];
            int stop = m[2];
            pos = stop;
            AddedToken token = tokensById.get(m[0]);
            if (token.singleWord()) {
                boolean startSpace = start == 0 || !endsWithWord(sentence, start);
                boolean stopSpace = stop == sentence.length() || !startsWithWord(sentence, stop);
                if (!startSpace || !stopSpace) continue;
            }
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
            if (startOffset < start) splits.add(new int[] {-1, startOffset, start});
            splits.add(new int[] {m[0], start, stop});
            startOffset = stop;
        }
        if (startOffset != sentence.length()) splits.add(new int[] {-1, startOffset, sentence.length()});
        return splits;
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

    /** Leftmost-longest multi-pattern search over a character trie. */
    static final class Matcher {
        private final Node root = new Node();
        private final boolean empty;

        Matcher(List<String> patterns, List<Integer> ids) {
            for (int i = 0; i < patterns.size(); i++) {
                String p = patterns.get(i);
                if (p.isEmpty()) continue;
                Node n = root;
                for (int k = 0; k < p.length(); k++) n = n.children.computeIfAbsent(p.charAt(k), c -> new Node());
                // With duplicate patterns the first one registered wins, as in aho-corasick.
                if (n.id < 0) n.id = ids.get(i);
            }
            empty = root.children.isEmpty();
        }

        /** The leftmost-longest match starting at or after {@code from}: {id, start, end}, or null. */
        int[] next(String s, int from) {
            if (empty) return null;
            for (int i = from; i < s.length(); i++) {
                Node n = root.children.get(s.charAt(i));
                if (n == null) continue;
                int bestEnd = -1;
                int bestId = -1;
                int k = i + 1;
                while (true) {
                    if (n.id >= 0) {
                        bestEnd = k;
                        bestId = n.id;
                    }
                    if (k >= s.length()) break;
                    n = n.children.get(s.charAt(k));
                    if (n == null) break;
                    k++;
                }
                if (bestEnd >= 0) return new int[] {bestId, i, bestEnd};
            }
            return null;
        }

        private static final class Node {
            final Map<Character, Node> children = new HashMap<>(4);
            int id = -1;
        }
    }
}
