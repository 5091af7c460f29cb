package dev.ferrite.tokenizers.reference;

import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.Tokenizer;
import dev.ferrite.tokenizers.TokenizerException;

import java.util.List;
import java.util.function.Supplier;

/**
 * One differential check: run the same input through Ferrite and the reference and describe every
 * difference (null when there is none). Errors count: where the Rust library returns an error,
 * Ferrite must throw {@link TokenizerException}; any other throwable from Ferrite is a difference.
 */
public final class Differential {
    private Differential() {
    }

    /** Encodes {@code text} on both sides, compares, then compares decoding the reference's ids (skipping special tokens and not). */
    public static String single(Tokenizer ours, RustReference ref, String text, boolean addSpecialTokens) {
        return compare(() -> ours.encode(text, addSpecialTokens), () -> ref.encode(text, addSpecialTokens), ours, ref);
    }

    /** Encodes the pair {@code (a, b)} on both sides and compares, decode included. */
    public static String pair(Tokenizer ours, RustReference ref, String a, String b, boolean addSpecialTokens) {
        return compare(() -> ours.encode(a, b, addSpecialTokens), () -> ref.encode(a, b, addSpecialTokens), ours, ref);
    }

    /** Compares an encoding from each side, then decoding the reference's ids. */
    public static String compare(Supplier<Encoding> oursEncode, Supplier<RefEncoding> refEncode, Tokenizer ours, RustReference ref) {
        RefEncoding r;
        try {
            r = refEncode.get();
        } catch (ReferenceException e) {
            if (e.kind() == ReferenceException.Kind.UNREPRESENTABLE_INPUT) {
                return "the reference cannot answer this input: " + e.getMessage();
            }
            try {
                Encoding o = oursEncode.get();
                return "the Rust library rejects this (" + e.getMessage() + ") but Ferrite returns " + o;
            } catch (TokenizerException expected) {
                return null;
            } catch (Throwable t) {
                return "the Rust library rejects this (" + e.getMessage() + "); Ferrite must throw TokenizerException but throws "
                        + brief(t);
            }
        }
        Encoding o;
        try {
            o = oursEncode.get();
        } catch (Throwable t) {
            return "Ferrite throws " + brief(t) + "; the reference encodes " + r.length() + " tokens";
        }
        StringBuilder sb = new StringBuilder();
        String d = EncodingDiff.diff(o, r);
        if (d != null) sb.append(d);
        String dd = decodes(ours, ref, r.ids());
        if (dd != null) sb.append(sb.isEmpty() ? "" : "\n").append(dd);
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Compares decoding {@code ids} with and without skipping special tokens; null if both agree. */
    public static String decodes(Tokenizer ours, RustReference ref, int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (boolean skip : new boolean[] {false, true}) {
            String expected = ref.decode(ids, skip);
            String actual;
            try {
                actual = ours.decode(ids, skip);
            } catch (Throwable t) {
                sb.append("decode(skipSpecialTokens=").append(skip).append(") throws ").append(brief(t)).append('\n');
                continue;
            }
            if (!expected.equals(actual)) {
                int at = firstDifference(expected, actual);
                sb.append("decode(skipSpecialTokens=").append(skip).append(") differs at char ").append(at).append(":\n")
                        .append("    ours ").append(Text.quote(around(actual, at), 100)).append('\n')
                        .append("    ref  ").append(Text.quote(around(expected, at), 100)).append('\n');
            }
        }
        return sb.isEmpty() ? null : sb.toString().stripTrailing();
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) if (a.charAt(i) != b.charAt(i)) return i;
        return n;
    }

    private static String around(String s, int at) {
        int from = Math.max(0, at - 20);
        return (from > 0 ? "…" : "") + s.substring(from, Math.min(s.length(), at + 60));
    }

    /** Class, message and the first frames of {@code t} (those in Ferrite's code first). */
    public static String brief(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        int shown = 0;
        for (StackTraceElement e : t.getStackTrace()) {
            if (shown == 4) break;
            if (e.getClassName().startsWith("dev.ferrite.tokenizers") && !e.getClassName().contains(".reference.")) {
                sb.append("\n      at ").append(e);
                shown++;
            }
        }
        return sb.toString();
    }

    /** The texts of a list joined for a failure message. */
    public static String texts(List<String> texts) {
        StringBuilder sb = new StringBuilder();
        for (String t : texts) sb.append(sb.isEmpty() ? "" : " | ").append(Text.quote(t, 40));
        return sb.toString();
    }
}
