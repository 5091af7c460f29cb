package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small random BPE models against the Rust library, on random words over a tiny alphabet: the rules
 * pile up so that many of them compete for the same characters, rules join pieces across "▁" (so
 * that some cuts are forbidden and others allowed), several rules can make the same token from
 * different splits, and some characters are unknown (unk, fused or not, byte fallback, or dropped).
 * Checks the word cuts ({@link BpeCuts}) and the scanning merge ({@link BpeWord#mergeByScan}) where
 * the corpora may not reach: every seed is a new model.
 */
class BpeRandomDifferentialTest {
    private static final String ALPHABET = "ab\u2581c>\u00e9";
    /** In the words but not in the vocabulary: 'z', 'ж' and an astral character. */
    private static final String[] UNKNOWN = {"z", "\u0436", "\uD83D\uDE00"};

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomModelsAsRust(int seed) {
        Random random = new Random(seed);
        // Every third model has ids past 2^21, which the merge table cannot pack into one long.
        String json = randomModel(random, seed % 4, 15 + 12 * (seed % 6), seed % 3 == 0 ? 3_000_000 : 0);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 3000; i++) words.add(randomWord(random, 1 + random.nextInt(i % 3 == 0 ? 80 : 24)));
        Bpe bpe = BpeFixtures.ferrite(json, "random " + seed);
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(bpe, rust, words, true);
            BpeFixtures.compare(bpe, rust, words, true); // from the caches
        }
    }

    private static String randomWord(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(20);
            if (r == 0) b.append(UNKNOWN[random.nextInt(UNKNOWN.length)]);
            else if (r < 6) b.append('\u2581');
            else b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * A model whose vocabulary is the alphabet and the tokens its random rules make. {@code unknowns}
     * says what becomes of unknown characters: 0 fused unk, 1 unfused unk, 2 byte fallback (with
     * fused unk where a byte is missing), 3 dropped. Few {@code attempts} at rules leave "▁" free to
     * be cut before; many join it to most characters. Ids start at {@code firstId}.
     */
    private static String randomModel(Random random, int unknowns, int attempts, int firstId) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (char c : ALPHABET.toCharArray()) vocab.put(String.valueOf(c), vocab.size());
        if (unknowns != 3) vocab.put("<unk>", vocab.size());
        if (unknowns == 2) {
            // All bytes but those of 'ж' (D0 B6): that one becomes <unk>.
            for (int b = 0; b < 256; b++) if (b != 0xB6) vocab.put(String.format("<0x%02X>", b), vocab.size());
        }
        List<String> tokens = new ArrayList<>(vocab.keySet().stream().filter(t -> t.length() == 1).toList());
        Set<String> pairs = new LinkedHashSet<>();
        List<String[]> merges = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String left = tokens.get(random.nextInt(tokens.size()));
            String right = tokens.get(random.nextInt(tokens.size()));
            if (left.length() + right.length() > 7 || !pairs.add(left + "\u0000" + right)) continue;
            String merged = left + right;
            if (!vocab.containsKey(merged)) {
                vocab.put(merged, vocab.size());
                tokens.add(merged);
            }
            merges.add(new String[] {left, right});
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            for (String f : List.of("normalizer", "pre_tokenizer", "post_processor", "decoder")) g.writeNullField(f);
            g.writeArrayFieldStart("added_tokens");
            g.writeEndArray();
            g.writeObjectFieldStart("model");
            g.writeStringField("type", "BPE");
            if (unknowns != 3) g.writeStringField("unk_token", "<unk>");
            g.writeBooleanField("fuse_unk", unknowns != 1);
            g.writeBooleanField("byte_fallback", unknowns == 2);
            g.writeObjectFieldStart("vocab");
            for (Map.Entry<String, Integer> e : vocab.entrySet()) g.writeNumberField(e.getKey(), firstId + e.getValue());
            g.writeEndObject();
            g.writeArrayFieldStart("merges");
            for (String[] m : merges) {
                g.writeStartArray();
                g.writeString(m[0]);
                g.writeString(m[1]);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
