package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

import static dev.ferrite.tokenizers.models.ReferenceModels.compare;
import static dev.ferrite.tokenizers.models.ReferenceModels.fixtures;
import static dev.ferrite.tokenizers.models.ReferenceModels.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unigram against the Rust library. There is no Unigram tokenizer among the fixtures, so the
 * vocabularies are made here from character n-gram counts of the English and multilingual corpora
 * (scores are log frequencies), leaving out some letters so that unknown characters occur, and then
 * varied: byte fallback with some byte pieces missing, scores rounded so that ties abound, positive
 * scores (where fused unknown runs can beat real pieces), duplicates, the unk piece elsewhere than
 * id 0, and no unk id at all.
 */
class UnigramReferenceTest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Letters left out of the single-character pieces, so that English words have unknowns too. */
    private static final Set<Integer> LEFT_OUT = Set.of((int) 'q', (int) 'z', (int) 'X', (int) 'J', (int) 'é');

    private static List<Map.Entry<String, Long>> pieces;
    private static long total;
    private static List<String> words;

    @TempDir
    Path temp;

    @BeforeAll
    static void countPieces() {
        Map<String, Long> counts = new HashMap<>();
        count(counts, "english", 2, 6, 60_000);
        count(counts, "multilingual", 2, 3, 30_000);
        List<Map.Entry<String, Long>> multi = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(700).toList();
        Map<String, Long> singles = new HashMap<>();
        count(singles, "english", 1, 1, 60_000);
        count(singles, "multilingual", 1, 1, 5_000);
        List<Map.Entry<String, Long>> chars = singles.entrySet().stream()
                .filter(e -> e.getValue() >= 20 && !LEFT_OUT.contains(e.getKey().codePointAt(0)))
                .sorted(Map.Entry.comparingByKey()).toList();
        pieces = new ArrayList<>(chars);
        pieces.addAll(multi);
        total = pieces.stream().mapToLong(Map.Entry::getValue).sum();
        words = ReferenceModels.corpusWords();
        Set<String> extra = new LinkedHashSet<>(ReferenceModels.lower(words));
        extra.addAll(List.of("<unk>", "a<unk>b", "<unk><unk>", "qz", "qzq", "zzz", "ééé", "😀", "😀x😀", "\u0000", "x\u0000y"));
        words.addAll(extra);
    }

    private static void count(Map<String, Long> counts, String corpus, int min, int max, int limitWords) {
        String[] ws = WHITESPACE.split(ReferenceModels.read(fixtures().resolve("corpus/" + corpus + ".txt")));
        for (int w = 0; w < Math.min(ws.length, limitWords); w++) {
            int[] cps = ws[w].codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                for (int n = min; n <= max && i + n <= cps.length; n++) {
                    counts.merge(new String(cps, i, n), 1L, Long::sum);
                }
            }
        }
    }

    /** The model JSON: pieces with {@code score(log p)}, the unk piece at {@code unkAt} (or none), extra pieces appended. */
    private static String model(DoubleUnaryOperator score, int unkAt, boolean byteFallback, List<String> extraPieces) {
        List<String> items = new ArrayList<>();
        for (var e : pieces) items.add("[" + quote(e.getKey()) + ", " + score.applyAsDouble(Math.log((double) e.getValue() / total)) + "]");
        items.addAll(extraPieces);
        // The unk piece scores like the rarest pieces, so that it does not set the minimum alone.
        double unkScore = score.applyAsDouble(Math.log(1.0 / total));
        if (unkAt >= 0) items.add(Math.min(unkAt, items.size()), "[\"<unk>\", " + unkScore + "]");
        return "{\"type\": \"Unigram\", \"unk_id\": " + (unkAt >= 0 ? Math.min(unkAt, items.size() - 1) : "null")
                + ", \"byte_fallback\": " + byteFallback + ", \"vocab\": [" + String.join(", ", items) + "]}";
    }

    /** {@code <0xXX>} pieces for every byte except those where {@code b % 7 == 3}. */
    private static List<String> someBytePieces() {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < 256; b++) if (b % 7 != 3) out.add("[\"" + Unigram.byteToken(b) + "\", -30.0]");
        return out;
    }

    private int check(String json) {
        Model model = ReferenceModels.ferrite(json);
        assertThat(model).isInstanceOf(Unigram.class);
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            return compare(model, rust, words);
        }
    }

    @Test
    void logFrequencyScores() {
        assertThat(pieces).hasSizeGreaterThan(700);
        assertThat(check(model(s -> s, 0, false, List.of()))).isZero();
    }

    @Test
    void byteFallbackWithSomeBytesMissing() {
        assertThat(check(model(s -> s, 0, true, someBytePieces()))).isZero();
    }

    @Test
    void roundedScoresTiesDuplicatesAndUnkInTheMiddle() {
        // Rounding to one decimal makes many paths score the same; duplicates (last wins) and a
        // literal "<unk>" piece in the text are fused with unknown characters as in Rust.
        List<String> dups = List.of("[\"th\", -1.0]", "[\"e\", -9.0]", "[\"ing\", -0.5]");
        assertThat(check(model(s -> Math.round(s * 10) / 10.0, 300, true, dups))).isZero();
    }

    @Test
    void positiveScoresLetFusedUnknownsWin() {
        // With all scores near 40, two unknowns (min - 10 each) outscore one piece, and a fused run
        // of unknown characters can then spell a piece of the vocabulary.
        List<String> traps = List.of("[\"qz\", 28.5]", "[\"zzz\", 28.5]", "[\"éé\", 28.0]");
        assertThat(check(model(s -> 40 + s, 0, false, traps))).isZero();
    }

    @Test
    void noUnkIdRefusesWordsWithUnknowns() {
        int refused = check(model(s -> s, -1, false, List.of()));
        assertThat(refused).as("words Rust refused for want of an unk id").isPositive();
    }

    @Test
    void scoresAreParsedAsRustParsesThem() {
        // Each text pair is one double for a correctly rounded parser, but serde_json (as the Rust
        // library builds it) reads the first one ulp away, which decides the tie between "ab" and "a b".
        String json = """
                {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", -100], ["a", -13.177343368530273], ["b", 0],
                 ["ab", -13.1773433685302734], ["c", -19.355117797851562], ["d", 0], ["cd", -19.3551177978515625],
                 ["e", 1e-5], ["f", 0.00001]]}
                """;
        Model model = ReferenceModels.ferrite(json);
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            compare(model, rust, List.of("ab", "cd", "abcd", "ef", "fe"));
        }
        assertThat(model.tokenize("ab")).hasSize(2);
    }
}
