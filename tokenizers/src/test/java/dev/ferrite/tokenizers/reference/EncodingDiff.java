package dev.ferrite.tokenizers.reference;

import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.OffsetUnit;

import java.util.Arrays;
import java.util.List;

/**
 * Compares a Ferrite {@link Encoding} with the reference's {@link RefEncoding}, field by field,
 * overflowing encodings included, and describes the first difference readably.
 *
 * <p>Offsets are compared in code points ({@code Encoding.offsets(OffsetUnit.CODEPOINTS)}, the unit
 * of the reference). DJL gives a {@code null} span where Rust's {@code token_to_chars} is
 * {@code None}: the token lies outside every sequence range of the encoding. In a top-level encoding
 * the ranges cover every token of the texts, so {@code null} means a token the post-processor added,
 * or padding, whose Rust offsets are {@code [0, 0)}: compared as such. In an overflowing encoding the
 * ranges can be partial (Rust's {@code merge_with} of a truncated piece, which lost its ranges, with
 * the pair, when there is no post-processor: gpt4o), so a {@code null} span there hides real offsets
 * and is not compared; the sequence ids still are. In failure windows a {@code null} span prints as
 * "none".
 */
public final class EncodingDiff {
    private EncodingDiff() {
    }

    /** The first difference, or {@code null} when {@code ours} and {@code ref} are identical. */
    public static String diff(Encoding ours, RefEncoding ref) {
        return diff("", ours, ref, null, true);
    }

    /**
     * Like {@link #diff(Encoding, RefEncoding)}, but compares offsets in UTF-16 units: Ferrite's
     * default {@code offsets()} against the reference's code points mapped through {@code texts}
     * (the input sequences, in order) with a precomputed table. Linear in the text, for inputs so
     * long that per-token code point counting would be quadratic.
     */
    public static String diffUtf16(Encoding ours, RefEncoding ref, String... texts) {
        int[][] tables = new int[texts.length][];
        for (int k = 0; k < texts.length; k++) {
            String t = texts[k];
            int[] table = new int[t.codePointCount(0, t.length()) + 1];
            int cp = 0;
            for (int i = 0; i < t.length(); i += Character.charCount(t.codePointAt(i))) table[cp++] = i;
            table[cp] = t.length();
            tables[k] = table;
        }
        return diff("", ours, ref, tables, true);
    }

    /** The reference span of token {@code i} in the compared unit; {@code [0, 0)} when it has none. */
    private static int[] refSpan(RefEncoding ref, int i, int[][] tables) {
        int[] span = ref.charSpans()[i];
        if (span == null) return new int[] {0, 0};
        if (tables == null) return span;
        int[] table = tables[Math.max(0, Math.min(tables.length - 1, ref.sequenceIds()[i]))];
        if (span[0] >= table.length || span[1] >= table.length) return new int[] {-span[0] - 1, -span[1] - 1};
        return new int[] {table[span[0]], table[span[1]]};
    }

    private static String diff(String where, Encoding ours, RefEncoding ref, int[][] tables, boolean topLevel) {
        int[] ids = ours.ids();
        List<String> tokens = ours.tokens();
        int[] typeIds = ours.typeIds();
        int[][] offsets = tables == null ? ours.offsets(OffsetUnit.CODEPOINTS) : ours.offsets();
        int[] words = ours.wordIds();
        int[] seqs = ours.sequenceIds();
        int[] attention = ours.attentionMask();
        int[] special = ours.specialTokensMask();
        int n = Math.max(ids.length, ref.length());
        for (int i = 0; i < n; i++) {
            if (i >= ids.length || i >= ref.length()) {
                return where + "length: ours " + ids.length + " tokens, reference " + ref.length() + "\n"
                        + window(i, ours, offsets, ref, tables);
            }
            String field = null;
            if (ids[i] != ref.ids()[i]) field = "id";
            else if (!tokens.get(i).equals(ref.tokens()[i])) field = "token";
            else if (typeIds[i] != ref.typeIds()[i]) field = "type id";
            else if ((topLevel || ref.charSpans()[i] != null) && !Arrays.equals(offsets[i], refSpan(ref, i, tables))) {
                field = "offsets";
            }
            else if (words[i] != ref.wordIds()[i]) field = "word id";
            else if (seqs[i] != ref.sequenceIds()[i]) field = "sequence id";
            else if (attention[i] != ref.attentionMask()[i]) field = "attention mask";
            else if (special[i] != ref.specialTokensMask()[i]) field = "special tokens mask";
            if (field != null) {
                return where + field + " differs at token " + i + (tables == null ? "" : " (offsets in UTF-16 units)") + "\n"
                        + window(i, ours, offsets, ref, tables);
            }
        }
        List<Encoding> over = ours.overflowing();
        if (over.size() != ref.overflowing().size()) {
            return where + "overflowing: ours " + over.size() + " encodings, reference " + ref.overflowing().size();
        }
        for (int k = 0; k < over.size(); k++) {
            String d = diff(where + "overflowing[" + k + "]: ", over.get(k), ref.overflowing().get(k), tables, false);
            if (d != null) return d;
        }
        return null;
    }

    /** Tokens {@code at-3 .. at+3} of both sides, one line each. */
    private static String window(int at, Encoding ours, int[][] offsets, RefEncoding ref, int[][] tables) {
        StringBuilder sb = new StringBuilder();
        int from = Math.max(0, at - 3);
        int to = Math.max(ours.length(), ref.length());
        to = Math.min(to, at + 4);
        int[] ids = ours.ids();
        List<String> tokens = ours.tokens();
        int[] typeIds = ours.typeIds();
        int[] words = ours.wordIds();
        int[] seqs = ours.sequenceIds();
        int[] attention = ours.attentionMask();
        int[] special = ours.specialTokensMask();
        for (int i = from; i < to; i++) {
            String mark = i == at ? ">>" : "  ";
            String o = i < ids.length
                    ? describe(ids[i], tokens.get(i), typeIds[i], offsets[i], words[i], seqs[i], attention[i], special[i])
                    : "-";
            String r = i < ref.length()
                    ? describe(ref.ids()[i], ref.tokens()[i], ref.typeIds()[i],
                    ref.charSpans()[i] == null ? null : refSpan(ref, i, tables), ref.wordIds()[i],
                    ref.sequenceIds()[i], ref.attentionMask()[i], ref.specialTokensMask()[i])
                    : "-";
            sb.append(String.format("    %s #%-4d ours %-58s ref %s%n", mark, i, o, r));
        }
        return sb.toString();
    }

    private static String describe(int id, String token, int type, int[] offsets, int word, int seq, int att, int special) {
        String span = offsets == null ? "none" : "[" + offsets[0] + "," + offsets[1] + ")";
        return id + " " + Text.quote(token, 24) + " " + span + " w" + word + " s" + seq + " t" + type + " a" + att + " x" + special;
    }
}
