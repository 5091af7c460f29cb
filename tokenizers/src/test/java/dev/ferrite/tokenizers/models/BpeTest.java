package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BPE model on small hand-made vocabularies; most cases are the unit tests of Rust
 * {@code models/bpe/model.rs}, with offsets turned from UTF-8 bytes into UTF-16 units.
 */
class BpeTest {

    static Map<String, Integer> vocab(String... tokens) {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (String t : tokens) v.put(t, v.size());
        return v;
    }

    static List<Bpe.Merge> merges(String... pairs) {
        List<Bpe.Merge> m = new ArrayList<>();
        for (String p : pairs) {
            String[] parts = p.split(" ");
            m.add(new Bpe.Merge(parts[0], parts[1]));
        }
        return m;
    }

    static Token tok(int id, String value, int start, int end) {
        return new Token(id, value, start, end);
    }

    @Test
    void unknownCharactersAreNotFusedByDefault() {
        Bpe bpe = Bpe.builder(vocab("<unk>", "a", "b"), List.of()).unkToken("<unk>").build();
        assertThat(bpe.tokenize("c")).containsExactly(tok(0, "<unk>", 0, 1));
        assertThat(bpe.tokenize("cc")).containsExactly(tok(0, "<unk>", 0, 1), tok(0, "<unk>", 1, 2));
        assertThat(bpe.tokenize("accb")).containsExactly(
                tok(1, "a", 0, 1), tok(0, "<unk>", 1, 2), tok(0, "<unk>", 2, 3), tok(2, "b", 3, 4));
    }

    @Test
    void unknownCharactersFuseWithFuseUnk() {
        Bpe bpe = Bpe.builder(vocab("<unk>", "a", "b"), List.of()).unkToken("<unk>").fuseUnk(true).build();
        assertThat(bpe.tokenize("c")).containsExactly(tok(0, "<unk>", 0, 1));
        assertThat(bpe.tokenize("cc")).containsExactly(tok(0, "<unk>", 0, 2));
        assertThat(bpe.tokenize("accb")).containsExactly(tok(1, "a", 0, 1), tok(0, "<unk>", 1, 3), tok(2, "b", 3, 4));
        // A fused unk over a surrogate pair and a 3-byte character still spans whole UTF-16 units.
        assertThat(bpe.tokenize("a😀€b")).containsExactly(tok(1, "a", 0, 1), tok(0, "<unk>", 1, 4), tok(2, "b", 4, 5));
    }

    static Bpe.Builder unrelated() {
        return Bpe.builder(
                vocab("u", "n", "r", "e", "l", "a", "t", "d", "re", "at", "ed", "un", "ated", "rel", "related", "unrelated"),
                merges("r e", "a t", "e d", "u n", "at ed", "re l", "rel ated", "un related"));
    }

    @Test
    void tokenizeWithAndWithoutDropout() {
        List<Token> whole = List.of(tok(15, "unrelated", 0, 9));
        assertThat(unrelated().build().tokenize("unrelated")).isEqualTo(whole);
        assertThat(unrelated().dropout(0f).build().tokenize("unrelated")).isEqualTo(whole);

        assertThat(unrelated().dropout(1f).build().tokenize("unrelated")).containsExactly(
                tok(0, "u", 0, 1), tok(1, "n", 1, 2), tok(2, "r", 2, 3), tok(3, "e", 3, 4), tok(4, "l", 4, 5),
                tok(5, "a", 5, 6), tok(6, "t", 6, 7), tok(3, "e", 7, 8), tok(7, "d", 8, 9));

        Bpe half = unrelated().dropout(0.5f).build();
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            List<Token> tokens = half.tokenize("unrelated");
            assertThat(tokens).isNotEmpty().hasSizeLessThanOrEqualTo(9);
            StringBuilder text = new StringBuilder();
            int pos = 0;
            List<String> values = new ArrayList<>();
            for (Token t : tokens) {
                assertThat(t.start()).isEqualTo(pos);
                pos = t.end();
                text.append(t.value());
                values.add(t.value());
            }
            assertThat(text.toString()).isEqualTo("unrelated");
            seen.add(values);
        }
        // Random merges give many different segmentations, the unmerged one among them.
        assertThat(seen.size()).isGreaterThan(5);
        assertThat(seen).contains(List.of("u", "n", "r", "e", "l", "a", "t", "e", "d"));
    }

    @Test
    void dropoutSkipsEachMergeWithItsProbability() {
        // "ab" has one candidate merge; once skipped, the queue is empty and the word stays split.
        Bpe bpe = Bpe.builder(vocab("a", "b", "ab"), merges("a b")).dropout(0.3f).build();
        int n = 20_000;
        int merged = 0;
        for (int i = 0; i < n; i++) if (bpe.tokenize("ab").size() == 1) merged++;
        // Expected 0.7 n = 14000, standard deviation about 65: allow 6 of them either way.
        assertThat(merged).isBetween(14_000 - 400, 14_000 + 400);
    }

    @Test
    void dropoutDisablesIgnoreMergesAsInRust() {
        Bpe bpe = Bpe.builder(vocab("a", "b", "ab"), merges("a b")).ignoreMerges(true).dropout(1f).build();
        assertThat(bpe.tokenize("ab")).containsExactly(tok(0, "a", 0, 1), tok(1, "b", 1, 2));
    }

    @Test
    void continuingSubwordPrefix() {
        Bpe bpe = Bpe.builder(vocab("a", "##b", "##c", "ab", "abc"), merges("a ##b", "ab ##c"))
                .unkToken("[UNK]").continuingSubwordPrefix("##").build();
        assertThat(bpe.tokenize("ab")).containsExactly(tok(3, "ab", 0, 2));
        assertThat(bpe.tokenize("abc")).containsExactly(tok(4, "abc", 0, 3));
    }

    @Test
    void endOfWordSuffix() {
        Bpe bpe = Bpe.builder(vocab("l", "o", "w", "w</w>", "lo", "low</w>", "lo</w>", "o</w>"),
                        merges("l o", "lo w</w>"))
                .endOfWordSuffix("</w>").build();
        assertThat(bpe.tokenize("low")).containsExactly(tok(5, "low</w>", 0, 3));
        // The suffix only goes on the last character: "lo" ends in "o</w>", which "l o" does not merge.
        assertThat(bpe.tokenize("lo")).containsExactly(tok(0, "l", 0, 1), tok(7, "o</w>", 1, 2));
        assertThat(bpe.tokenize("o")).containsExactly(tok(7, "o</w>", 0, 1));
    }

    @Test
    void byteFallback() {
        Bpe bpe = Bpe.builder(vocab("<unk>", "<0x61>"), List.of()).unkToken("<unk>").byteFallback(true).build();
        assertThat(bpe.tokenize("c")).containsExactly(tok(0, "<unk>", 0, 1));
        assertThat(bpe.tokenize("a")).containsExactly(tok(1, "<0x61>", 0, 1));
    }

    @Test
    void byteFallbackNewline() {
        Bpe bpe = Bpe.builder(vocab("<unk>", "<0x0A>"), List.of()).unkToken("<unk>").byteFallback(true).build();
        assertThat(bpe.tokenize("\n")).containsExactly(tok(1, "<0x0A>", 0, 1));
    }

    @Test
    void byteFallbackTokensOfOneCharacterShareItsOffsets() {
        Map<String, Integer> v = vocab("<unk>", "x");
        for (int b = 0; b < 256; b++) v.put(String.format("<0x%02X>", b), v.size());
        Bpe bpe = Bpe.builder(v, List.of()).unkToken("<unk>").byteFallback(true).build();
        // '€' is E2 82 AC in UTF-8, '😀' F0 9F 98 80 and takes two UTF-16 units.
        assertThat(bpe.tokenize("x€😀x")).containsExactly(
                tok(1, "x", 0, 1),
                tok(v.get("<0xE2>"), "<0xE2>", 1, 2), tok(v.get("<0x82>"), "<0x82>", 1, 2), tok(v.get("<0xAC>"), "<0xAC>", 1, 2),
                tok(v.get("<0xF0>"), "<0xF0>", 2, 4), tok(v.get("<0x9F>"), "<0x9F>", 2, 4),
                tok(v.get("<0x98>"), "<0x98>", 2, 4), tok(v.get("<0x80>"), "<0x80>", 2, 4),
                tok(1, "x", 4, 5));
    }

    @Test
    void byteFallbackSpellsOutThePrefixAndRunsPastTheEndWithRawByteOffsets() {
        // Rust looks up "##b", then falls back to the bytes of "##b" and counts all three: the word
        // "ab" is 2 bytes long but its symbols add up to 4. Tokens within the word map to its
        // characters; the ones past it keep Rust's raw byte offsets.
        Bpe bpe = Bpe.builder(vocab("a", "<0x23>", "<0x62>"), List.of())
                .continuingSubwordPrefix("##").byteFallback(true).build();
        assertThat(bpe.tokenize("ab")).containsExactly(
                tok(0, "a", 0, 1), tok(1, "<0x23>", 1, 2), tok(1, "<0x23>", 2, 3), tok(2, "<0x62>", 3, 4));
    }

    @Test
    void loneSurrogatesCountAsTheReplacementCharacter() {
        // A Rust string cannot hold one; a lossy conversion makes it U+FFFD (bytes EF BF BD).
        Bpe bpe = Bpe.builder(vocab("<unk>", "a", "<0xEF>", "<0xBF>", "<0xBD>"), List.of())
                .unkToken("<unk>").byteFallback(true).build();
        assertThat(bpe.tokenize("a\uD800a")).containsExactly(tok(1, "a", 0, 1),
                tok(2, "<0xEF>", 1, 2), tok(3, "<0xBF>", 1, 2), tok(4, "<0xBD>", 1, 2), tok(1, "a", 2, 3));
        Bpe withReplacement = Bpe.builder(vocab("a", "\uFFFD"), List.of()).build();
        assertThat(withReplacement.tokenize("\uDC00a")).containsExactly(tok(1, "\uFFFD", 0, 1), tok(0, "a", 1, 2));
    }

    @Test
    void byteFallbackNeedsEveryByteElseUnk() {
        // '€' needs E2 82 AC; AC is missing, so the whole character becomes <unk>.
        Bpe bpe = Bpe.builder(vocab("<unk>", "<0xE2>", "<0x82>"), List.of()).unkToken("<unk>").byteFallback(true).build();
        assertThat(bpe.tokenize("€")).containsExactly(tok(0, "<unk>", 0, 1));
    }

    @Test
    void unknownCharactersWithoutUnkTokenAreDroppedAndShiftOffsetsAsInRust() {
        // Rust does not count the dropped character's bytes, so later offsets move left.
        Bpe bpe = Bpe.builder(vocab("a", "b"), List.of()).build();
        assertThat(bpe.tokenize("axb")).containsExactly(tok(0, "a", 0, 1), tok(1, "b", 1, 2));
        // Two bytes of 'é' dropped: 'b' then ends at byte 2, which lies in the 'é' character.
        assertThat(bpe.tokenize("éab")).containsExactly(tok(0, "a", 0, 1), tok(1, "b", 0, 1));
    }

    @Test
    void unkTokenMissingFromVocabularyFailsOnlyWhenNeeded() {
        Bpe bpe = Bpe.builder(vocab("a"), List.of()).unkToken("<unk>").build();
        assertThat(bpe.tokenize("aa")).containsExactly(tok(0, "a", 0, 1), tok(0, "a", 1, 2));
        assertThatThrownBy(() -> bpe.tokenize("ab"))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("unk_token \"<unk>\" is not in the vocabulary");
    }

    @Test
    void ignoreMerges() {
        Map<String, Integer> v = vocab(".:.:", "Ġbelirtilen", ".", ":", "bel", "irtilen", "Ġ", ".:", "belirtilen", ".:.",
                "be", "l", "ir", "ti", "en", "irtil", "irti", "i", "r", "t", "b", "e", "n");
        List<Bpe.Merge> m = merges(". :", "b e", "be l", "i r", "t i", "ir ti", "e n", "irti l");
        Bpe ignoring = Bpe.builder(v, m).ignoreMerges(true).build();
        assertThat(ignoring.tokenize(".:.:")).containsExactly(tok(0, ".:.:", 0, 4));
        assertThat(ignoring.tokenize("Ġbelirtilen")).containsExactly(tok(1, "Ġbelirtilen", 0, 11));

        Bpe merging = Bpe.builder(v, m).build();
        assertThat(merging.tokenize(".:.:")).containsExactly(tok(7, ".:", 0, 2), tok(7, ".:", 2, 4));
        assertThat(merging.tokenize("Ġbelirtilen")).containsExactly(
                tok(6, "Ġ", 0, 1), tok(4, "bel", 1, 4), tok(15, "irtil", 4, 9), tok(14, "en", 9, 11));
    }

    @Test
    void lowerRankMergesFirstThenLeftmost() {
        Map<String, Integer> v = vocab("a", "b", "c", "ab", "bc", "aa", "aaaa");
        // "b c" outranks "a b": abc -> a bc.
        assertThat(Bpe.builder(v, merges("b c", "a b")).build().tokenize("abc")).extracting(Token::value).containsExactly("a", "bc");
        assertThat(Bpe.builder(v, merges("a b", "b c")).build().tokenize("abc")).extracting(Token::value).containsExactly("ab", "c");
        // Equal ranks: leftmost first, so "aaa" is "aa a", and "aaaaa" is "aaaa a" once "aa aa" exists.
        Bpe aa = Bpe.builder(v, merges("a a", "aa aa")).build();
        assertThat(aa.tokenize("aaa")).extracting(Token::value).containsExactly("aa", "a");
        assertThat(aa.tokenize("aaaaa")).extracting(Token::value).containsExactly("aaaa", "a");
    }

    @Test
    void aRepeatedMergeRuleTakesItsLastRank() {
        Map<String, Integer> v = vocab("a", "b", "c", "ab", "bc");
        // Listed first, "a b" would win; its second listing (after "b c") is the one that counts, as in Rust.
        Bpe bpe = Bpe.builder(v, merges("a b", "b c", "a b")).build();
        assertThat(bpe.tokenize("abc")).extracting(Token::value).containsExactly("a", "bc");
        assertThat(bpe.mergeCount()).isEqualTo(2);
    }

    @Test
    void mergesNamingUnknownTokensFail() {
        assertThatThrownBy(() -> Bpe.builder(vocab("a", "b", "c", "ab"), merges("a b", "a d")).build())
                .isInstanceOf(TokenizerException.class)
                .hasMessage("BPE merges[1]: token \"d\" is not in the vocabulary");
        assertThatThrownBy(() -> Bpe.builder(vocab("a", "b", "c", "ab"), merges("a b", "a c")).build())
                .isInstanceOf(TokenizerException.class)
                .hasMessage("BPE merges[1]: merged token \"ac\" is not in the vocabulary");
        assertThatThrownBy(() -> Bpe.builder(vocab("a", "b"), merges("a b")).continuingSubwordPrefix("##").build())
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("cannot remove the 2-byte continuing_subword_prefix");
    }

    @Test
    void invalidDropoutFails() {
        assertThatThrownBy(() -> Bpe.builder(vocab("a"), List.of()).dropout(1.5f).build())
                .isInstanceOf(TokenizerException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Bpe.builder(vocab("a"), List.of()).dropout(Float.NaN).build())
                .isInstanceOf(TokenizerException.class);
    }

    @Test
    void vocabularyLookups() {
        Bpe bpe = Bpe.builder(vocab("a", "b", "ab"), merges("a b")).build();
        assertThat(bpe.vocabSize()).isEqualTo(3);
        assertThat(bpe.tokenToId("ab")).isEqualTo(2);
        assertThat(bpe.tokenToId("abc")).isEqualTo(-1);
        assertThat(bpe.idToToken(1)).isEqualTo("b");
        assertThat(bpe.idToToken(3)).isNull();
        assertThat(bpe.idToToken(-1)).isNull();
        // Sparse ids (one far away) work too.
        Map<String, Integer> sparse = new HashMap<>(Map.of("a", 0, "b", 1, "ab", 50_000_000));
        Bpe far = Bpe.builder(sparse, merges("a b")).build();
        assertThat(far.idToToken(50_000_000)).isEqualTo("ab");
        assertThat(far.tokenize("ab")).containsExactly(tok(50_000_000, "ab", 0, 2));
        assertThat(bpe.tokenize("")).isEmpty();
    }

    @Test
    void cacheDoesNotChangeResultsAcrossThreads() throws Exception {
        Map<String, Integer> v = new LinkedHashMap<>();
        List<Bpe.Merge> m = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) v.put(String.valueOf(c), v.size());
        // Every pair of letters merges, ranked by a scrambled order, and so do some pairs of pairs.
        for (int i = 0; i < 26 * 26; i++) {
            int k = (i * 379) % (26 * 26);
            String l = String.valueOf((char) ('a' + k / 26));
            String r = String.valueOf((char) ('a' + k % 26));
            v.put(l + r, v.size());
            m.add(new Bpe.Merge(l, r));
        }
        for (int i = 0; i < 2000; i++) {
            String l = "" + (char) ('a' + i % 26) + (char) ('a' + (i / 26) % 26);
            String r = "" + (char) ('a' + (i * 7) % 26) + (char) ('a' + (i * 11) % 26);
            if (v.putIfAbsent(l + r, v.size()) == null) m.add(new Bpe.Merge(l, r));
        }
        List<String> words = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder w = new StringBuilder();
            int len = 1 + random.nextInt(12);
            for (int j = 0; j < len; j++) w.append((char) ('a' + random.nextInt(26)));
            words.add(w.toString());
        }
        Bpe uncached = Bpe.builder(v, m).cacheCapacity(0).build();
        Bpe cached = Bpe.builder(v, m).cacheCapacity(64).build(); // small: many evictions
        List<List<Token>> expected = words.stream().map(uncached::tokenize).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < words.size(); i++) {
                            int k = (i * (seed + 1) * 7 + round) % words.size();
                            if (!cached.tokenize(words.get(k)).equals(expected.get(k))) return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        }
    }

    @Test
    void idsAreUniqueUnlessTwoTokensShareOne() {
        assertThat(Bpe.builder(Map.of("a", 0, "b", 1), List.of()).build().hasUniqueIds()).isTrue();
        assertThat(Bpe.builder(Map.of("a", 0, "b", 0), List.of()).build().hasUniqueIds()).isFalse();
        // Ids too sparse for an array, then held in a map.
        assertThat(Bpe.builder(Map.of("a", 0, "b", 1_000_000), List.of()).build().hasUniqueIds()).isTrue();
        assertThat(Bpe.builder(Map.of("a", 1_000_000, "b", 1_000_000), List.of()).build().hasUniqueIds()).isFalse();
    }
}
