package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a pre-tokenizer and lists its splits the way the Rust tests' {@code get_splits} does. */
final class Splits {
    private Splits() {
    }

    /** One split: its (normalized) text and offsets, UTF-16. */
    record S(String text, int start, int end) {
        @Override
        public String toString() {
            return "(\"" + text + "\", " + start + ", " + end + ")";
        }
    }

    static S s(String text, int start, int end) {
        return new S(text, start, end);
    }

    static PreTokenizer parse(String json) {
        return PreTokenizers.fromJson(JsonReader.parse(json, "test").asObject());
    }

    static PreTokenizedString run(PreTokenizer p, String input) {
        PreTokenizedString s = new PreTokenizedString(new NormalizedString(input));
        p.preTokenize(s);
        return s;
    }

    /** Offsets in the original input ({@code OffsetReferential::Original}). */
    static List<S> original(PreTokenizedString s) {
        List<S> out = new ArrayList<>();
        for (PreTokenizedString.Split sp : s.splits()) {
            NormalizedString n = sp.normalized();
            int[] o = n.normalizedToOriginal(0, n.length());
            out.add(new S(n.get(), n.originalShift() + o[0], n.originalShift() + o[1]));
        }
        return out;
    }

    /** Offsets in the concatenated normalized splits ({@code OffsetReferential::Normalized}). */
    static List<S> normalized(PreTokenizedString s) {
        List<S> out = new ArrayList<>();
        int offset = 0;
        for (PreTokenizedString.Split sp : s.splits()) {
            String t = sp.normalized().get();
            out.add(new S(t, offset, offset + t.length()));
            offset += t.length();
        }
        return out;
    }

    static List<S> original(PreTokenizer p, String input) {
        return original(run(p, input));
    }

    static List<S> normalized(PreTokenizer p, String input) {
        return normalized(run(p, input));
    }
}
