package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.reference.Differential;
import dev.ferrite.tokenizers.reference.EncodingDiff;
import dev.ferrite.tokenizers.reference.Fixtures;
import dev.ferrite.tokenizers.reference.LoadedTokenizers;
import dev.ferrite.tokenizers.reference.MismatchReport;
import dev.ferrite.tokenizers.reference.RefEncoding;
import dev.ferrite.tokenizers.reference.RustReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Padding and batches against the Rust library: batch-longest and fixed lengths, pad_to_multiple_of,
 * left and right, a non-zero pad type id; batches of texts and of pairs, with and without special
 * tokens; single encodes under the same padding. And, on Ferrite's side, a batch equals the single
 * encodes when padding does not depend on the batch.
 */
class PaddingExactnessTest {
    private static final int LINES_PER_CORPUS = 40;
    private static final int BATCH = 8;

    static List<String> tokenizers() {
        return Fixtures.TOKENIZERS;
    }

    /** Paddings run on one reference, so they share its direction and pad type id. */
    private static List<List<Padding>> paddingGroups() {
        return List.of(
                List.of(new Padding(0, Padding.Direction.RIGHT, 0, 0, 0, "<pad>"),
                        new Padding(0, Padding.Direction.RIGHT, 8, 0, 0, "<pad>"),
                        new Padding(48, Padding.Direction.RIGHT, 0, 1, 0, "<pad>"),
                        new Padding(20, Padding.Direction.RIGHT, 16, 2, 0, "[PAD]")),
                List.of(new Padding(0, Padding.Direction.LEFT, 0, 0, 1, "<pad>"),
                        new Padding(40, Padding.Direction.LEFT, 8, 3, 1, "<pad>")));
    }

    private static List<Fixtures.Line> sample() {
        List<Fixtures.Line> sample = new ArrayList<>();
        for (String corpus : Fixtures.CORPORA) sample.addAll(Fixtures.sample(corpus, LINES_PER_CORPUS));
        return sample;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void batchesAndSinglesPadAsTheReference(String tokenizer) {
        LoadedTokenizers loaded = LoadedTokenizers.fixture(tokenizer);
        Tokenizer base = loaded.oursOrFail().withTruncation(null);
        List<Fixtures.Line> sample = sample();
        List<MismatchReport> reports = new ArrayList<>();
        for (List<Padding> group : paddingGroups()) {
            try (RustReference ref = loaded.reference().withSettings(null, group.getFirst())) {
                for (Padding padding : group) {
                    ref.setPadding(padding);
                    Tokenizer ours = base.withPadding(padding);
                    for (boolean special : new boolean[] {true, false}) {
                        MismatchReport report = new MismatchReport(tokenizer + " " + padding + ", special tokens " + special
                                + " (sample = corpus line of the first text of the batch)");
                        // Batches may run in parallel; setPadding above runs between them, never during.
                        IntStream.range(0, sample.size() / BATCH).parallel().forEach(k -> {
                            int from = k * BATCH;
                            List<Fixtures.Line> batch = sample.subList(from, from + BATCH);
                            List<String> texts = batch.stream().map(Fixtures.Line::text).toList();
                            List<String> pairs = new ArrayList<>();
                            for (int i = 0; i < BATCH; i++) pairs.add(sample.get((from + BATCH + i) % sample.size()).text());
                            int line = batch.getFirst().number();
                            report.record(line, Differential.texts(texts), compareBatch(
                                    () -> ours.encodeBatch(texts, special), () -> ref.encodeBatch(texts, special)));
                            report.record(line, Differential.texts(texts) + " ‖ " + Differential.texts(pairs), compareBatch(
                                    () -> ours.encodeBatch(texts, pairs, special), () -> ref.encodeBatch(texts, pairs, special)));
                            report.record(line, texts.getFirst(), Differential.single(ours, ref, texts.getFirst(), special));
                        });
                        reports.add(report);
                    }
                }
            }
        }
        TruncationExactnessTest.assertAllClean(reports);
    }

    private static String compareBatch(java.util.function.Supplier<List<Encoding>> ours,
                                       java.util.function.Supplier<List<RefEncoding>> ref) {
        List<RefEncoding> expected = ref.get();
        List<Encoding> actual;
        try {
            actual = ours.get();
        } catch (Throwable t) {
            return "Ferrite's batch encode throws " + Differential.brief(t);
        }
        if (actual.size() != expected.size()) return "batch size: ours " + actual.size() + ", reference " + expected.size();
        for (int i = 0; i < actual.size(); i++) {
            String d = EncodingDiff.diff(actual.get(i), expected.get(i));
            if (d != null) return "batch item " + i + ": " + d;
        }
        return null;
    }

    /** Without padding, or with a fixed length, each batch item is exactly the single encode. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void aBatchEqualsTheSingleEncodes(String tokenizer) {
        Tokenizer base = LoadedTokenizers.fixture(tokenizer).oursOrFail();
        List<String> texts = sample().stream().map(Fixtures.Line::text).toList();
        List<String> pairs = new ArrayList<>(texts.subList(1, texts.size()));
        pairs.add(texts.getFirst());
        MismatchReport report = new MismatchReport(tokenizer + ": batch item vs single encode (sample = index in the batch)");
        for (Tokenizer ours : List.of(base.withPadding(null).withTruncation(null), base.withTruncation(Truncation.of(24))
                .withPadding(Padding.fixed(32, 0, "<pad>")))) {
            for (boolean special : new boolean[] {true, false}) {
                List<Encoding> batch = ours.encodeBatch(texts, special);
                List<Encoding> pairBatch = ours.encodeBatch(texts, pairs, special);
                for (int i = 0; i < texts.size(); i++) {
                    report.record(i, texts.get(i), sameEncoding(batch.get(i), ours.encode(texts.get(i), special)));
                    report.record(i, texts.get(i) + " ‖ " + pairs.get(i),
                            sameEncoding(pairBatch.get(i), ours.encode(texts.get(i), pairs.get(i), special)));
                }
            }
        }
        report.assertClean();
    }

    /** Null when {@code a} and {@code b} are equal in every field, overflowing included. */
    static String sameEncoding(Encoding a, Encoding b) {
        if (!Arrays.equals(a.ids(), b.ids())) return "ids " + Arrays.toString(a.ids()) + " vs " + Arrays.toString(b.ids());
        if (!a.tokens().equals(b.tokens())) return "tokens " + a.tokens() + " vs " + b.tokens();
        if (!Arrays.equals(a.typeIds(), b.typeIds())) return "type ids differ";
        if (!Arrays.deepEquals(a.offsets(), b.offsets())) return "offsets differ";
        if (!Arrays.equals(a.wordIds(), b.wordIds())) return "word ids differ";
        if (!Arrays.equals(a.sequenceIds(), b.sequenceIds())) return "sequence ids differ";
        if (!Arrays.equals(a.attentionMask(), b.attentionMask())) return "attention masks differ";
        if (!Arrays.equals(a.specialTokensMask(), b.specialTokensMask())) return "special tokens masks differ";
        if (a.overflowing().size() != b.overflowing().size()) return "overflowing counts differ";
        for (int i = 0; i < a.overflowing().size(); i++) {
            String d = sameEncoding(a.overflowing().get(i), b.overflowing().get(i));
            if (d != null) return "overflowing[" + i + "]: " + d;
        }
        return null;
    }
}
