package dev.ferrite.tokenizers.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ferrite.tokenizers.reference.JsonSettings.quote;

/**
 * tokenizer.json files for the model types no real fixture covers (Unigram, WordLevel), built from
 * the corpora so that real text exercises them: vocabularies are the corpora's frequent words and
 * word pieces, with log-frequency scores, in the layouts T5/ALBERT (Unigram + Metaspace) and a
 * plain word-level model use. Deterministic: the same corpora give the same files.
 */
public final class SyntheticTokenizers {
    /** Names accepted by {@link #json(String)}. */
    public static final List<String> NAMES = List.of("unigram-nfkc", "unigram-precompiled-byte-fallback", "wordlevel");

    private SyntheticTokenizers() {
    }

    /** The tokenizer.json text for {@code name}, one of {@link #NAMES}. */
    public static String json(String name) {
        return switch (name) {
            case "unigram-nfkc" -> unigram(false, "{\"type\":\"NFKC\"}",
                    templateSingle("</s>", 2));
            case "unigram-precompiled-byte-fallback" -> unigram(true,
                    "{\"type\":\"Sequence\",\"normalizers\":["
                            + "{\"type\":\"Replace\",\"pattern\":{\"String\":\"``\"},\"content\":\"\\\"\"},"
                            + "{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"" + PrecompiledCharsmap.base64(CHARSMAP_RULES) + "\"},"
                            + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\" \"}]}",
                    templateAround("<s>", 1, "</s>", 2));
            case "wordlevel" -> wordLevel();
            default -> throw new IllegalArgumentException("unknown synthetic tokenizer " + name);
        };
    }

    /**
     * Rewrite rules of the synthetic Precompiled normalizer: NFKC-like folds, a deletion, expansions,
     * a rule for a whole grapheme ("n" + combining tilde), and SentencePiece's shortest-prefix quirk
     * ("г" and "г" + acute are both keys: the grapheme "ѓ" becomes "g", losing the accent), and
     * "\r" (so the grapheme "\r\n" is replaced whole, by the shortest key's value).
     */
    public static final Map<String, String> CHARSMAP_RULES = rules(
            "\u00A0", " ", "\u3000", " ", "\t", " ", "\uFF21", "A", "\uFF41", "a", "\uFF10", "0",
            "\uFB01", "fi", "\u2460", "1", "\u200B", "", "\u2019", "'", "\u2026", "...", "\u00DF", "ss",
            "n\u0303", "\u00F1", "\u0433", "g", "\u0433\u0301", "gj", "\r", "", "\u00BD", "1\u20442",
            "\u2126", "\u03A9", "\u212B", "\u00C5");

    private static Map<String, String> rules(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static final String SPACE = "\u2581";

    private static String unigram(boolean byteFallback, String normalizer, String postProcessor) {
        List<String> pieces = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        pieces.add("<unk>");
        scores.add(0.0);
        pieces.add("<s>");
        scores.add(0.0);
        pieces.add("</s>");
        scores.add(0.0);
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                pieces.add(String.format("<0x%02X>", b));
                scores.add(0.0);
            }
        }
        Map<String, Integer> words = new HashMap<>();
        Map<String, Integer> parts = new HashMap<>();
        TreeSet<Integer> chars = new TreeSet<>();
        for (String corpus : List.of("english", "code")) {
            for (String line : Fixtures.corpus(corpus)) {
                line.codePoints().filter(c -> c != ' ').forEach(chars::add);
                for (String w : line.split(" +")) {
                    if (w.isEmpty()) continue;
                    words.merge(SPACE + w, 1, Integer::sum);
                    for (int len = 2; len <= 4; len++) {
                        for (int i = 0; i + len <= w.length(); i++) parts.merge(w.substring(i, i + len), 1, Integer::sum);
                    }
                }
            }
        }
        double total = words.values().stream().mapToInt(Integer::intValue).sum();
        LinkedHashMap<String, Double> vocab = new LinkedHashMap<>();
        vocab.put(SPACE, Math.log(0.05));
        for (Map.Entry<String, Integer> e : top(words, 3000)) vocab.putIfAbsent(e.getKey(), Math.log(e.getValue() / total));
        for (Map.Entry<String, Integer> e : top(parts, 2000)) vocab.putIfAbsent(e.getKey(), Math.log(e.getValue() / total) - 1);
        int rank = 0;
        for (int c : chars) vocab.putIfAbsent(new String(Character.toChars(c)), -12.0 - 0.001 * rank++);
        java.util.Set<String> seen = new java.util.HashSet<>(pieces);
        int id = pieces.size();
        for (Map.Entry<String, Double> e : vocab.entrySet()) {
            if (!seen.add(e.getKey())) continue;
            pieces.add(e.getKey());
            // Distinct scores, as in real models: ties would only test the tie-breaking.
            scores.add(e.getValue() - 1e-9 * id++);
        }
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) v.append(',');
            v.append('[').append(quote(pieces.get(i))).append(',').append(scores.get(i)).append(']');
        }
        v.append(']');
        String metaspace = "{\"type\":\"Metaspace\",\"replacement\":\"" + SPACE + "\",\"prepend_scheme\":\"always\",\"split\":true}";
        String decoder = byteFallback ? "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"ByteFallback\"}," + metaspace + "]}" : metaspace;
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
                + added(0, "<unk>") + "," + added(1, "<s>") + "," + added(2, "</s>") + "],"
                + "\"normalizer\":" + normalizer + ",\"pre_tokenizer\":" + metaspace + ",\"post_processor\":" + postProcessor
                + ",\"decoder\":" + decoder + ",\"model\":{\"type\":\"Unigram\",\"unk_id\":0,\"vocab\":" + v
                + ",\"byte_fallback\":" + byteFallback + "}}";
    }

    private static String wordLevel() {
        Pattern word = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);
        Map<String, Integer> counts = new HashMap<>();
        for (String corpus : List.of("english", "code")) {
            for (String line : Fixtures.corpus(corpus)) {
                Matcher m = word.matcher(line.toLowerCase(Locale.ROOT));
                while (m.find()) counts.merge(m.group(), 1, Integer::sum);
            }
        }
        StringBuilder v = new StringBuilder("{\"[UNK]\":0,\"[CLS]\":1,\"[SEP]\":2,\"[PAD]\":3");
        int id = 4;
        for (Map.Entry<String, Integer> e : top(counts, 8000)) {
            if (e.getKey().startsWith("[") && e.getKey().endsWith("]")) continue;
            v.append(',').append(quote(e.getKey())).append(':').append(id++);
        }
        v.append('}');
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
                + added(0, "[UNK]") + "," + added(1, "[CLS]") + "," + added(2, "[SEP]") + "," + added(3, "[PAD]") + "],"
                + "\"normalizer\":{\"type\":\"Lowercase\"},\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
                + "\"post_processor\":{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",2],\"cls\":[\"[CLS]\",1]},"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":" + v + ",\"unk_token\":\"[UNK]\"}}";
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(n)
                .toList();
    }

    private static String added(int id, String content) {
        return "{\"id\":" + id + ",\"content\":" + quote(content) + ",\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}";
    }

    /** T5's template: {@code $A </s>}, {@code $A </s> $B </s>}. */
    private static String templateSingle(String eos, int eosId) {
        String e0 = special(eos, 0);
        String e1 = special(eos, 1);
        return "{\"type\":\"TemplateProcessing\",\"single\":[" + seq("A", 0) + "," + e0 + "],\"pair\":[" + seq("A", 0)
                + "," + e0 + "," + seq("B", 1) + "," + e1 + "],\"special_tokens\":{" + specialEntry(eos, eosId) + "}}";
    }

    /** ALBERT's layout: {@code <s> $A </s>}, {@code <s> $A </s> $B </s>}. */
    private static String templateAround(String bos, int bosId, String eos, int eosId) {
        return "{\"type\":\"TemplateProcessing\",\"single\":[" + special(bos, 0) + "," + seq("A", 0) + "," + special(eos, 0)
                + "],\"pair\":[" + special(bos, 0) + "," + seq("A", 0) + "," + special(eos, 0) + "," + seq("B", 1) + ","
                + special(eos, 1) + "],\"special_tokens\":{" + specialEntry(bos, bosId) + "," + specialEntry(eos, eosId) + "}}";
    }

    private static String seq(String id, int typeId) {
        return "{\"Sequence\":{\"id\":\"" + id + "\",\"type_id\":" + typeId + "}}";
    }

    private static String special(String token, int typeId) {
        return "{\"SpecialToken\":{\"id\":" + quote(token) + ",\"type_id\":" + typeId + "}}";
    }

    private static String specialEntry(String token, int id) {
        return quote(token) + ":{\"id\":" + quote(token) + ",\"ids\":[" + id + "],\"tokens\":[" + quote(token) + "]}";
    }
}
