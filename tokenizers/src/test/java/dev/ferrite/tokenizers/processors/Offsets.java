package dev.ferrite.tokenizers.processors;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.Arrays;
import java.util.Map;

/** Describes reference (DJL) and Ferrite encodings in one format, offsets in code points, for comparison. */
final class Offsets {
    private Offsets() {
    }

    /** For each code point index 0..n (inclusive), its UTF-16 index in {@code text}. */
    static int[] codePointToUtf16(String text) {
        int[] out = new int[text.codePointCount(0, text.length()) + 1];
        int u = 0;
        for (int cp = 0; cp < out.length - 1; cp++) {
            out[cp] = u;
            u += Character.charCount(text.codePointAt(u));
        }
        out[out.length - 1] = u;
        return out;
    }

    static String describe(Encoding e) {
        StringBuilder sb = new StringBuilder();
        sb.append("ids=").append(Arrays.toString(e.getIds())).append('\n');
        sb.append("tokens=").append(Arrays.toString(e.getTokens())).append('\n');
        sb.append("types=").append(Arrays.toString(e.getTypeIds())).append('\n');
        sb.append("words=").append(Arrays.toString(e.getWordIds())).append('\n');
        StringBuilder offsets = new StringBuilder();
        for (CharSpan s : e.getCharTokenSpans()) offsets.append(s == null ? "none" : s.getStart() + ":" + s.getEnd()).append(' ');
        sb.append("offsets=").append(offsets).append('\n');
        sb.append("special=").append(Arrays.toString(e.getSpecialTokenMask())).append('\n');
        sb.append("attention=").append(Arrays.toString(e.getAttentionMask())).append('\n');
        sb.append("sequences=").append(Arrays.toString(e.getSequenceIds())).append('\n');
        for (Encoding o : e.getOverflowing()) sb.append("overflowing {\n").append(describe(o)).append("}\n");
        return sb.toString();
    }

    /** {@code a} and {@code b} are the texts of sequences 0 and 1 ({@code b} may be null). */
    static String describe(RawEncoding e, String a, String b) {
        StringBuilder sb = new StringBuilder();
        sb.append("ids=").append(Arrays.toString(Arrays.stream(e.ids()).asLongStream().toArray())).append('\n');
        sb.append("tokens=").append(Arrays.toString(e.tokens())).append('\n');
        sb.append("types=").append(Arrays.toString(Arrays.stream(e.typeIds()).asLongStream().toArray())).append('\n');
        sb.append("words=").append(Arrays.toString(Arrays.stream(e.words()).asLongStream().toArray())).append('\n');
        StringBuilder offsets = new StringBuilder();
        for (int i = 0; i < e.size(); i++) {
            // The reference gives a token's offsets only when a sequence range covers it (token_to_chars).
            int seq = sequenceOf(e, i);
            if (seq < 0) {
                offsets.append("none ");
                continue;
            }
            String text = seq == 0 ? a : b;
            offsets.append(text.codePointCount(0, e.start(i))).append(':').append(text.codePointCount(0, e.end(i))).append(' ');
        }
        sb.append("offsets=").append(offsets).append('\n');
        sb.append("special=").append(Arrays.toString(Arrays.stream(e.specialTokensMask()).asLongStream().toArray())).append('\n');
        sb.append("attention=").append(Arrays.toString(Arrays.stream(e.attentionMask()).asLongStream().toArray())).append('\n');
        sb.append("sequences=").append(Arrays.toString(Arrays.stream(e.sequenceIds()).asLongStream().toArray())).append('\n');
        for (RawEncoding o : e.overflowing()) sb.append("overflowing {\n").append(describe(o, a, b)).append("}\n");
        return sb.toString();
    }

    /** Rust's {@code token_to_sequence}: the sequence whose range holds token i, 0 if there are no ranges, else -1. */
    private static int sequenceOf(RawEncoding e, int i) {
        if (e.sequenceRanges().isEmpty()) return 0;
        for (Map.Entry<Integer, int[]> r : e.sequenceRanges().entrySet()) {
            if (i >= r.getValue()[0] && i < r.getValue()[1]) return r.getKey();
        }
        return -1;
    }
}
