package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds encodings the way the Rust tests do, and describes them field by field for comparison. */
final class Encodings {
    private Encodings() {
    }

    /** Rust's {@code Encoding::from_tokens(tokens, typeId)}: tokens as {id, "text", start, end}, no words. */
    static RawEncoding fromTokens(int typeId, Object... idTextStartEnd) {
        RawEncoding e = new RawEncoding(idTextStartEnd.length / 4);
        for (int i = 0; i < idTextStartEnd.length; i += 4) {
            e.add((Integer) idTextStartEnd[i], (String) idTextStartEnd[i + 1], (Integer) idTextStartEnd[i + 2],
                    (Integer) idTextStartEnd[i + 3], -1, typeId, 0, 1);
        }
        return e;
    }

    /** An expected encoding, written as Rust's {@code Encoding::new} is in the tests. */
    record Expected(int[] ids, int[] typeIds, String[] tokens, int[] words, int[][] offsets, int[] special, int[] attention,
                    List<Expected> overflowing, Map<Integer, int[]> ranges) {
        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("ids=").append(Arrays.toString(ids)).append('\n');
            sb.append("types=").append(Arrays.toString(typeIds)).append('\n');
            sb.append("tokens=").append(Arrays.toString(tokens)).append('\n');
            sb.append("words=").append(Arrays.toString(words)).append('\n');
            sb.append("offsets=").append(Arrays.deepToString(offsets)).append('\n');
            sb.append("special=").append(Arrays.toString(special)).append('\n');
            sb.append("attention=").append(Arrays.toString(attention)).append('\n');
            Map<Integer, String> r = new TreeMap<>();
            ranges.forEach((k, v) -> r.put(k, v[0] + ".." + v[1]));
            sb.append("ranges=").append(r).append('\n');
            for (Expected o : overflowing) sb.append("overflowing {\n").append(o.describe()).append("}\n");
            return sb.toString();
        }
    }

    /** Every field of {@code e}, its sequence ranges and (recursively) its overflowing pieces. */
    static String describe(RawEncoding e) {
        int[][] offsets = new int[e.size()][];
        for (int i = 0; i < e.size(); i++) offsets[i] = new int[] {e.start(i), e.end(i)};
        List<Expected> over = new ArrayList<>();
        for (RawEncoding o : e.overflowing()) over.add(expectedOf(o));
        return new Expected(e.ids(), e.typeIds(), e.tokens(), e.words(), offsets, e.specialTokensMask(), e.attentionMask(),
                over, e.sequenceRanges()).describe();
    }

    private static Expected expectedOf(RawEncoding e) {
        int[][] offsets = new int[e.size()][];
        for (int i = 0; i < e.size(); i++) offsets[i] = new int[] {e.start(i), e.end(i)};
        List<Expected> over = new ArrayList<>();
        for (RawEncoding o : e.overflowing()) over.add(expectedOf(o));
        return new Expected(e.ids(), e.typeIds(), e.tokens(), e.words(), offsets, e.specialTokensMask(), e.attentionMask(),
                over, e.sequenceRanges());
    }

    static int[] ints(int... v) {
        return v;
    }

    static String[] strs(String... v) {
        return v;
    }

    static int[][] offs(int... pairs) {
        int[][] out = new int[pairs.length / 2][];
        for (int i = 0; i < out.length; i++) out[i] = new int[] {pairs[2 * i], pairs[2 * i + 1]};
        return out;
    }

    static int[] none(int n) {
        int[] w = new int[n];
        Arrays.fill(w, -1);
        return w;
    }

    static int[] fill(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    static Map<Integer, int[]> ranges(int... seqFromTo) {
        Map<Integer, int[]> m = new TreeMap<>();
        for (int i = 0; i < seqFromTo.length; i += 3) m.put(seqFromTo[i], new int[] {seqFromTo[i + 1], seqFromTo[i + 2]});
        return m;
    }
}
