package dev.ferrite.tokenizers.decoders;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each real fixture's decoder against the Rust library: id sequences from the reference's own
 * encoding of corpus lines, random id sequences, and random runs of byte tokens (byte-fallback
 * tokens, or single byte-level characters) that are mostly not valid UTF-8. Tokens are looked up
 * in the fixture's vocabulary on our side; the reference decodes the ids without skipping any.
 */
class DecoderReferenceTest {
    private static final int LINES_PER_CORPUS = 150;
    private static final int RANDOM_CASES = 400;

    static List<String> fixtures() {
        return Reference.FIXTURES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesAsTheReference(String name) {
        String json = Reference.tokenizerJson(name);
        JsonObject root = JsonReader.parse(json, name).asObject();
        Decoder decoder = Decoders.fromJson(root.get("decoder").asObject());
        String[] vocab = Reference.idToToken(root);
        List<int[]> cases = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        try (HuggingFaceTokenizer djl = Reference.djl(json)) {
            for (String corpus : Reference.CORPORA) {
                List<String> lines = Reference.corpus(corpus);
                int step = Math.max(1, lines.size() / LINES_PER_CORPUS);
                for (int i = 0; i < lines.size(); i += step) {
                    cases.add(Arrays.stream(djl.encode(lines.get(i), true, false).getIds()).mapToInt(x -> (int) x).toArray());
                }
            }
            cases.add(new int[0]);
            cases.addAll(randomCases(vocab, new Random(name.hashCode())));
            for (int[] ids : cases) {
                List<String> tokens = new ArrayList<>(ids.length);
                for (int id : ids) tokens.add(vocab[id]);
                String expected = djl.decode(Arrays.stream(ids).asLongStream().toArray(), false);
                String actual = decoder.decode(tokens);
                if (!expected.equals(actual) && mismatches.size() < 5) {
                    mismatches.add("ids " + Arrays.toString(ids) + "\n  tokens   " + tokens + "\n  expected " + escape(expected)
                            + "\n  actual   " + escape(actual));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(500);
        assertThat(mismatches).as(name + ": decodes that differ from the Rust library").isEmpty();
    }

    /** Random ids; runs of byte tokens in random order; and runs of valid UTF-8 cut at random points. */
    private static List<int[]> randomCases(String[] vocab, Random r) {
        List<Integer> valid = new ArrayList<>();
        for (int id = 0; id < vocab.length; id++) if (vocab[id] != null) valid.add(id);
        int[] byteToken = byteTokens(vocab);
        List<int[]> out = new ArrayList<>();
        for (int n = 0; n < RANDOM_CASES; n++) {
            int len = 1 + r.nextInt(24);
            int[] ids = new int[len];
            int kind = r.nextInt(3);
            for (int i = 0; i < len; i++) {
                boolean useByte = byteToken != null && (kind == 1 || (kind == 2 && r.nextInt(4) > 0));
                ids[i] = useByte ? byteToken[pickByte(r)] : valid.get(r.nextInt(valid.size()));
            }
            out.add(ids);
        }
        if (byteToken != null) {
            // Valid UTF-8 of random code points as byte tokens, sometimes cut or spliced.
            for (int n = 0; n < RANDOM_CASES / 2; n++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 1 + r.nextInt(4); k > 0; k--) sb.appendCodePoint(randomCodePoint(r));
                byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int cut = r.nextInt(3) == 0 ? r.nextInt(bytes.length + 1) : bytes.length;
                List<Integer> ids = new ArrayList<>();
                if (r.nextBoolean()) ids.add(valid.get(r.nextInt(valid.size())));
                for (int i = 0; i < cut; i++) ids.add(byteToken[bytes[i] & 0xFF]);
                if (r.nextBoolean()) ids.add(valid.get(r.nextInt(valid.size())));
                out.add(ids.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    private static int pickByte(Random r) {
        // Favour lead and continuation bytes so that sequences are often almost valid.
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(0x80);
            case 1 -> 0x80 + r.nextInt(0x40);
            case 2 -> 0xC0 + r.nextInt(0x40);
            default -> r.nextInt(256);
        };
    }

    private static int randomCodePoint(Random r) {
        while (true) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(0x80);
                case 1 -> 0x80 + r.nextInt(0x780);
                case 2 -> 0x800 + r.nextInt(0xF800);
                default -> 0x10000 + r.nextInt(0x100000);
            };
            if (!Character.isSurrogate((char) cp) || cp > 0xFFFF) return cp;
        }
    }

    /**
     * The id of the token standing for each byte, or null: {@code <0xHH>} byte-fallback tokens, or
     * the 256 one-character tokens of a byte-level vocabulary.
     */
    private static int[] byteTokens(String[] vocab) {
        int[] fallback = new int[256];
        int[] byteLevel = new int[256];
        Arrays.fill(fallback, -1);
        Arrays.fill(byteLevel, -1);
        for (int id = 0; id < vocab.length; id++) {
            String t = vocab[id];
            if (t == null) continue;
            int b = ByteFallback.byteOf(t);
            if (b >= 0 && t.equals(String.format("<0x%02X>", b))) fallback[b] = id;
            if (t.length() == 1 && ByteLevelAlphabet.byteOf(t.charAt(0)) >= 0 && byteLevel[ByteLevelAlphabet.byteOf(t.charAt(0))] < 0) {
                byteLevel[ByteLevelAlphabet.byteOf(t.charAt(0))] = id;
            }
        }
        if (Arrays.stream(fallback).allMatch(i -> i >= 0)) return fallback;
        if (Arrays.stream(byteLevel).allMatch(i -> i >= 0)) return byteLevel;
        return null;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0xFFFD || (c >= 0x7F && c < 0xA0)) sb.append(String.format("\\u%04X", c));
            else sb.appendCodePoint(c);
        });
        return sb.append('"').toString();
    }
}
