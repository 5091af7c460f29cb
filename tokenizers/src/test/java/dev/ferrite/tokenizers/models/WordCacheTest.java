package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The word cache alone: what it keeps, when it starts a new table, and readers beside writers. */
class WordCacheTest {
    /** Tokens {@code t0 .. t2999}, to name the ids that {@link WordCache#get} reads. */
    private static final Model VOCABULARY = vocabulary(3000);

    private static Model vocabulary(int n) {
        Map<String, Integer> v = new HashMap<>();
        for (int i = 0; i < n; i++) v.put("t" + i, i);
        return Bpe.builder(v, List.of()).build();
    }

    /** The tokens {@link #tokensOf} gives a word: 1 + (hash mod 4) of them over its units, ids from its hash. */
    private static List<Token> tokensOf(String word) {
        int h = Math.floorMod(word.hashCode(), 1000);
        int count = Math.min(word.length(), 1 + h % 4);
        List<Token> tokens = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int start = k * word.length() / count;
            int end = (k + 1) * word.length() / count;
            int id = (h + k) % 3000;
            tokens.add(new Token(id, "t" + id, start, end));
        }
        return tokens;
    }

    private static void put(WordCache cache, String word) {
        cache.put(word, tokensOf(word));
    }

    private static boolean has(WordCache cache, String word) {
        return cache.get(word, VOCABULARY) != null;
    }

    @Test
    void roundsCapacityUpToAPowerOfTwo() {
        assertThat(new WordCache(10_000).capacity()).isEqualTo(16_384);
        assertThat(new WordCache(1).capacity()).isEqualTo(4);
        assertThat(new WordCache(16, 100).capacity()).isEqualTo(16);
    }

    @Test
    void givesBackTheTokensOfAnyWordShorterThanTheLimit() {
        WordCache cache = new WordCache(16);
        put(cache, "hello");
        assertThat(cache.get("hello", VOCABULARY)).isEqualTo(tokensOf("hello"));
        assertThat(cache.get("hellO", VOCABULARY)).isNull();
        assertThat(cache.get("hell", VOCABULARY)).isNull();
        // One token over the whole word is kept without its offsets; one over part of it, or none, as they are.
        cache.put("abc", List.of(new Token(5, "t5", 0, 3)));
        cache.put("abd", List.of(new Token(5, "t5", 0, 2)));
        cache.put("abe", List.of());
        assertThat(cache.get("abc", VOCABULARY)).containsExactly(new Token(5, "t5", 0, 3));
        assertThat(cache.get("abd", VOCABULARY)).containsExactly(new Token(5, "t5", 0, 2));
        assertThat(cache.get("abe", VOCABULARY)).isEmpty();
        WordTokens shifted = new WordTokens();
        assertThat(cache.appendInto("xabc".toCharArray(), 1, 4, "abc".hashCode(), 1, shifted)).isTrue();
        assertThat(new int[]{shifted.id(0), shifted.start(0), shifted.end(0)}).containsExactly(5, 1, 4);
        // The longest word kept, with three tokens a unit (the bytes of U+FFFD), the largest entry:
        // it fits an empty table of the smallest size.
        String longest = "\uD800".repeat(WordCache.MAX_WORD_LENGTH - 1);
        int[] ids = new int[3 * longest.length()];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = 1000 + k;
            starts[k] = k / 3;
            ends[k] = k / 3 + 1;
        }
        char[] text = ("ab" + longest + "cd").toCharArray();
        cache.put(text, 2, 2 + longest.length(), longest.hashCode(), ids.length, ids, starts, ends);
        WordTokens out = new WordTokens();
        out.append(5, 0, 2); // appended after what the holder has, shifted
        assertThat(cache.appendInto(text, 2, 2 + longest.length(), longest.hashCode(), 2, out)).isTrue();
        assertThat(out.count()).isEqualTo(1 + ids.length);
        for (int k = 0; k < ids.length; k++) {
            assertThat(new int[]{out.id(1 + k), out.start(1 + k), out.end(1 + k)})
                    .containsExactly(ids[k], starts[k] + 2, ends[k] + 2);
        }
        assertThat(cache.readInto(longest.toCharArray(), 0, longest.length(), longest.hashCode(), out)).isTrue();
        assertThat(out.count()).isEqualTo(ids.length);
        assertThat(out.end(ids.length - 1)).isEqualTo(longest.length());
        // Words of MAX_WORD_LENGTH units or more are not kept (Rust's MAX_LENGTH).
        String tooLong = "x".repeat(WordCache.MAX_WORD_LENGTH);
        put(cache, tooLong);
        assertThat(cache.get(tooLong, VOCABULARY)).isNull();
        assertThat(cache.get("hello", VOCABULARY)).isEqualTo(tokensOf("hello"));
    }

    @Test
    void aFullTableIsReplacedAndTheWordsInUseAreCopiedFromIt() {
        // Full index: a table of 4 words takes 4, the fifth starts a new table.
        WordCache fixed = new WordCache(4);
        for (int i = 0; i < 4; i++) put(fixed, "w" + i);
        for (int i = 0; i < 4; i++) assertThat(has(fixed, "w" + i)).isTrue();
        put(fixed, "w4");
        assertThat(fixed.capacity()).isEqualTo(4);
        // w1, looked up, is copied from the replaced table into the new one (which then holds w4,
        // w1, w5, w6); w0, w2 and w3 are not, and are gone once the new table is replaced in turn.
        assertThat(fixed.get("w1", VOCABULARY)).isEqualTo(tokensOf("w1"));
        put(fixed, "w5");
        put(fixed, "w6");
        put(fixed, "w7");
        assertThat(fixed.get("w1", VOCABULARY)).isEqualTo(tokensOf("w1"));
        for (String w : List.of("w4", "w5", "w6", "w7")) assertThat(has(fixed, w)).as(w).isTrue();
        for (String w : List.of("w0", "w2", "w3")) assertThat(has(fixed, w)).as(w).isFalse();
        // Full arena: 2,048 ints hold 15 words of 250 units and one token (128 ints each: 1 + 125 +
        // an id + its offsets; the first int unused) though the index has room for 256.
        WordCache wide = new WordCache(256, 512);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 16; i++) words.add(String.valueOf((char) ('a' + i)).repeat(250));
        List<Token> partOfTheWord = List.of(new Token(1, "t1", 0, 249));
        for (int i = 0; i < 15; i++) wide.put(words.get(i), partOfTheWord);
        assertThat(wide.capacity()).isEqualTo(256);
        wide.put(words.get(15), partOfTheWord);
        assertThat(wide.capacity()).isEqualTo(512);
        for (String w : words) assertThat(wide.get(w, VOCABULARY)).containsExactly(new Token(1, "t1", 0, 249));
    }

    @Test
    void growsByDoublingUpToItsBound() {
        WordCache growing = new WordCache(8, 32);
        assertThat(growing.capacity()).isEqualTo(8);
        for (int i = 0; i < 8; i++) put(growing, "g" + i);
        assertThat(growing.capacity()).isEqualTo(8);
        put(growing, "g8");
        assertThat(growing.capacity()).isEqualTo(16);
        assertThat(has(growing, "g8")).isTrue();
        for (int i = 0; i < 1000; i++) put(growing, "g" + i);
        assertThat(growing.capacity()).isEqualTo(32);
        put(growing, "last");
        assertThat(growing.capacity()).isEqualTo(32);
        assertThat(growing.get("last", VOCABULARY)).isEqualTo(tokensOf("last"));
    }

    /**
     * Threads that look words up and store the ones they miss, in a small cache that fills and is
     * replaced thousands of times: every answer is the word's own tokens, whole, through either reader.
     */
    @Test
    void readersBesideWritersFindWholeRightAnswers() throws Exception {
        List<String> words = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder w = new StringBuilder();
            int length = 1 + random.nextInt(i % 10 == 0 ? 200 : 12);
            for (int j = 0; j < length; j++) w.append((char) ('a' + random.nextInt(6)));
            words.add(w.toString());
        }
        List<List<Token>> expected = words.stream().map(WordCacheTest::tokensOf).toList();
        WordCache cache = new WordCache(16, 256);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    WordTokens out = new WordTokens();
                    int hits = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < words.size(); i++) {
                            int k = (i * (2 * seed + 1) + round * 31) % words.size();
                            String w = words.get(k);
                            char[] text = w.toCharArray();
                            boolean hit;
                            if ((i & 1) == 0) {
                                List<Token> got = cache.get(w, VOCABULARY);
                                hit = got != null;
                                if (hit && !got.equals(expected.get(k))) throw new AssertionError(w + ": " + got);
                            } else {
                                hit = cache.readInto(text, 0, text.length, w.hashCode(), out);
                                if (hit && !sameTokens(out, expected.get(k))) throw new AssertionError(w);
                            }
                            if (hit) hits++;
                            else cache.put(text, 0, text.length, w.hashCode(), expected.get(k));
                        }
                    }
                    return hits;
                }));
            }
            int hits = 0;
            for (Future<Integer> f : results) hits += f.get();
            assertThat(hits).as("the cache answered some lookups").isPositive();
        }
    }

    private static boolean sameTokens(WordTokens out, List<Token> tokens) {
        if (out.count() != tokens.size()) return false;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (out.id(k) != t.id() || out.start(k) != t.start() || out.end(k) != t.end()) return false;
        }
        return true;
    }
}
