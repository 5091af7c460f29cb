package dev.ferrite.tokenizers.reference;

import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.OffsetUnit;

import java.util.List;

/**
 * Compares a Ferrite {@link Encoding} with the reference's {@link RefEncoding}, field by field,
 * overflowing encodings included, and describes the first difference readably.
 *
 * <p>Offsets are compared in code points ({@code Encoding.offsets(OffsetUnit.CODEPOINTS)}, the unit
 * of the reference). A {@code null} reference span (a token in no sequence: post-processor special
 * tokens, padding) is compared as {@code [0, 0)}, the offsets the Rust {@code Encoding} stores for
 * such tokens; the sequence ids, compared too, tell whether the token is in a sequence.
 */
public final class EncodingDiff {
    private EncodingDiff() {
    }

    /** The first difference, or {@code null} when {@code ours} and {@code ref} are identical. */
    public static String diff(Encoding ours, RefEncoding ref) {
        return diff("", ours, ref);
    }

    private static String diff(String where, Encoding ours, RefEncoding ref) {
        int[] ids = ours.ids();
        List<String> tokens = ours.tokens();
        int[] typeIds = ours.typeIds();
        int[][] offsets = ours.offsets(OffsetUnit.CODEPOINTS);
        int[] words = ours.wordIds();
        int[] seqs = ours.sequenceIds();
        int[] attention = ours.attentionMask();
        int[] special = ours.specialTokensMask();
        int n = Math.max(ids.length, ref.length());
        for (int i = 0; i < n; i++) {
            if (i >= ids.length || i >= ref.length()) {
                return where + "length: ours " + ids.length + " tokens, reference " + ref.length() + "\n"
                        + window(i, ours, ref);
            }
            String field = null;
            if (ids[i] != ref.ids()[i]) field = "id";
            else if (!tokens.get(i).equals(ref.tokens()[i])) field = "token";
            else if (typeIds[i] != ref.typeIds()[i]) field = "type id";
            else if (!sameOffsets(offsets[i], ref.charSpans()[i])) field = "offsets";
            else if (words[i] != ref.wordIds()[i]) field = "word id";
            else if (seqs[i] != ref.sequenceIds()[i]) field = "sequence id";
            else if (attention[i] != ref.attentionMask()[i]) field = "attention mask";
            else if (special[i] != ref.specialTokensMask()[i]) field = "special tokens mask";
            if (field != null) return where + field + " differs at token " + i + "\n" + window(i, ours, ref);
        }
        List<Encoding> over = ours.overflowing();
        if (over.size() != ref.overflowing().size()) {
            return where + "overflowing: ours " + over.size() + " encodings, reference " + ref.overflowing().size();
        }
        for (int k = 0; k < over.size(); k++) {
            String d = diff(where + "overflowing[" + k + "]: ", over.get(k), ref.overflowing().get(k));
            if (d != null) return d;
        }
        return null;
    }

    private static boolean sameOffsets(int[] ours, int[] ref) {
        int rs = ref == null ? 0 : ref[0];
        int re = ref == null ? 0 : ref[1];
        return ours[0] == rs && ours[1] == re;
    }

    /** Tokens {@code at-3 .. at+3} of both sides, one line each. */
    private static String window(int at, Encoding ours, RefEncoding ref) {
        StringBuilder sb = new StringBuilder();
        int from = Math.max(0, at - 3);
        int to = Math.max(ours.length(), ref.length());
        to = Math.min(to, at + 4);
        int[] ids = ours.ids();
        List<String> tokens = ours.tokens();
        int[] typeIds = ours.typeIds();
        int[][] offsets = ours.offsets(OffsetUnit.CODEPOINTS);
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
                    ? describe(ref.ids()[i], ref.tokens()[i], ref.typeIds()[i], ref.charSpans()[i], ref.wordIds()[i],
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
