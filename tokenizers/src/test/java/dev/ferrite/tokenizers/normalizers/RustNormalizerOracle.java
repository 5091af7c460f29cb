package dev.ferrite.tokenizers.normalizers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.NormalizedString;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Asks the Rust library (in-process, through DJL) what a normalizer makes of a text, alignments
 * included, although it has no normalize-only API: the tokenizer.json built here has the normalizer
 * under test, no pre-tokenizer and a BPE model whose vocabulary holds only the 256 byte-fallback
 * tokens {@code <0x00>..<0xFF>}. Every character of the normalized text then becomes the tokens of
 * its UTF-8 bytes, each carrying the character's offsets in the original: the bytes spell the
 * normalized text and the offsets are its alignments.
 */
final class RustNormalizerOracle implements AutoCloseable {
    /** A normalized text and, for each of its UTF-16 units, the original range {@code [start, end)} in UTF-16 units. */
    record Normalized(String text, int[] starts, int[] ends) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Normalized n && text.equals(n.text) && Arrays.equals(starts, n.starts)
                    && Arrays.equals(ends, n.ends);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("\"").append(text).append("\" [");
            for (int i = 0; i < starts.length; i++) b.append(i == 0 ? "" : " ").append(starts[i]).append('-').append(ends[i]);
            return b.append(']').toString();
        }

        /** What Ferrite's {@link NormalizedString} holds, in the same shape. */
        static Normalized of(NormalizedString s) {
            int[] st = new int[s.length()];
            int[] en = new int[s.length()];
            for (int i = 0; i < s.length(); i++) {
                st[i] = s.alignStart(i);
                en[i] = s.alignEnd(i);
            }
            return new Normalized(s.get(), st, en);
        }
    }

    private final HuggingFaceTokenizer tokenizer;

    private RustNormalizerOracle(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The oracle for the normalizer written as tokenizer.json JSON. */
    static RustNormalizerOracle of(String normalizerJson) {
        String json = tokenizerJson(normalizerJson);
        try {
            return new RustNormalizerOracle(HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ferrite's normalizer for the same JSON, read by {@link Normalizers#fromJson}. */
    static Normalizer ferrite(String normalizerJson) {
        return Normalizers.fromJson(JsonReader.parse(normalizerJson, "test").asObject());
    }

    /** Ferrite's result for one input. */
    static Normalized ferrite(Normalizer normalizer, String input) {
        NormalizedString s = new NormalizedString(input);
        normalizer.normalize(s);
        return Normalized.of(s);
    }

    static String tokenizerJson(String normalizerJson) {
        StringBuilder vocab = new StringBuilder("{");
        for (int b = 0; b < 256; b++) vocab.append(b == 0 ? "" : ",").append(String.format("\"<0x%02X>\":%d", b, b));
        vocab.append('}');
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":"
                + normalizerJson + ",\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"continuing_subword_prefix\":null,"
                + "\"end_of_word_suffix\":null,\"fuse_unk\":false,\"byte_fallback\":true,\"ignore_merges\":false,"
                + "\"vocab\":" + vocab + ",\"merges\":[]}}";
    }

    /** The Rust library's result for each input. */
    List<Normalized> normalize(List<String> inputs) {
        Encoding[] encodings = tokenizer.batchEncode(inputs.toArray(String[]::new));
        List<Normalized> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < encodings.length; i++) out.add(decode(inputs.get(i), encodings[i]));
        return out;
    }

    Normalized normalize(String input) {
        return normalize(List.of(input)).get(0);
    }

    private static Normalized decode(String input, Encoding e) {
        String[] tokens = e.getTokens();
        CharSpan[] spans = e.getCharTokenSpans();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tokens.length);
        for (String t : tokens) {
            if (!t.startsWith("<0x") || t.length() != 6) throw new IllegalStateException("unexpected token " + t);
            bytes.write(Integer.parseInt(t.substring(3, 5), 16));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        // The reference counts offsets in Unicode scalar values; convert them to UTF-16 units.
        int[] utf16At = new int[input.codePointCount(0, input.length()) + 1];
        for (int i = 0, k = 0; i <= input.length(); k++) {
            utf16At[k] = i;
            if (i == input.length()) break;
            i += Character.charCount(input.codePointAt(i));
        }
        int[] starts = new int[text.length()];
        int[] ends = new int[text.length()];
        int token = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            CharSpan span = spans[token];
            for (int k = 0; k < n; k++) {
                starts[i + k] = utf16At[span.getStart()];
                ends[i + k] = utf16At[span.getEnd()];
            }
            token += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            i += n;
        }
        if (token != tokens.length) throw new IllegalStateException("tokens left over: " + (tokens.length - token));
        return new Normalized(text, starts, ends);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
