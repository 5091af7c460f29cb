package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pretokenizers.OnigUnicode.Folds;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Emits literals and bracket classes the way Oniguruma matches them, with or without its
 * case-insensitive option: each literal string is cut as {@code unravel_case_fold_string}
 * (regcomp.c) cuts it — a three- then two-code-point run whose folds form a multi-character fold
 * target becomes one unit that also matches the single characters folding to it — and a bracket
 * class is closed under folding as {@code i_apply_case_fold} (regparse.c) closes it.
 */
final class OnigFold {
    private OnigFold() {
    }

    /** One code point as a java.util.regex literal. */
    static String lit(int cp) {
        return "\\x{" + Integer.toHexString(cp) + "}";
    }

    /** A set of code points as a single java.util.regex unit. */
    static String set(int[] cps) {
        if (cps.length == 1) return lit(cps[0]);
        StringBuilder b = new StringBuilder("[");
        for (int c : cps) b.append(lit(c));
        return b.append(']').toString();
    }

    /** A literal string of code points (an Oniguruma string node). */
    static String string(int[] run, boolean ignoreCase, boolean lookBehind) {
        StringBuilder b = new StringBuilder();
        if (!ignoreCase) {
            for (int c : run) b.append(lit(c));
            return b.toString();
        }
        if (lookBehind) {
            // Inside look-behind Oniguruma applies single-character folds only.
            for (int c : run) b.append(single(c, true, true));
            return b.toString();
        }
        int n = run.length;
        for (int i = 0; i < n; ) {
            if (i + 2 < n) {
                int[] t = {Folds.fold1(run[i]), Folds.fold1(run[i + 1]), Folds.fold1(run[i + 2])};
                int[] sources = Folds.multiSources(t);
                if (sources != null) {
                    b.append("(?:").append(sequence(t)).append('|').append(set(sources)).append(')');
                    i += 3;
                    continue;
                }
            }
            if (i + 1 < n) {
                int[] t = {Folds.fold1(run[i]), Folds.fold1(run[i + 1])};
                int[] sources = Folds.multiSources(t);
                if (sources != null) {
                    b.append("(?:").append(sequence(t)).append('|').append(set(sources)).append(')');
                    i += 2;
                    continue;
                }
            }
            b.append(single(run[i], true, false));
            i++;
        }
        return b.toString();
    }

    /** One literal code point as a quantifiable unit. */
    static String single(int c, boolean ignoreCase, boolean lookBehind) {
        if (!ignoreCase) return lit(c);
        int[] multi = Folds.multiFold(c);
        if (multi == null) return set(Folds.class1(c));
        int[] sources = Folds.multiSources(multi);
        if (lookBehind) return set(sources);
        return "(?:" + set(sources) + "|" + sequence(multi) + ")";
    }

    /** Each code point of a fold target, matched case-insensitively one after the other. */
    private static String sequence(int[] target) {
        StringBuilder b = new StringBuilder();
        for (int c : target) b.append(set(Folds.class1(c)));
        return b.toString();
    }

    /**
     * A bracket class under the case-insensitive option. {@code positive} is the java.util.regex
     * class of the listed set (before any leading '^'). Oniguruma adds every code point that folds
     * together with a member, then negates; for a class that is not negated, a member folding to
     * several code points also lets the class match that sequence (tried after the class).
     */
    static String closeClass(String positive, boolean negated) {
        java.util.regex.Matcher in = java.util.regex.Pattern.compile(positive).matcher("");
        BitSet members = new BitSet();
        BitSet extra = new BitSet();
        List<int[]> groups = Folds.groups();
        // Single-character folds: every group touching the set joins it. The groups of
        // Folds1 come first, so the groups of characters sharing a multi-character fold see them.
        for (int[] g : groups) {
            boolean any = false;
            for (int c : g) {
                boolean m = matches(in, c);
                if (m) members.set(c);
                any |= m || extra.get(c);
            }
            if (any) for (int c : g) if (!members.get(c)) extra.set(c);
        }
        List<String> alternatives = new ArrayList<>();
        if (!negated) {
            for (int[] target : Folds.multiTargets()) {
                for (int s : Folds.multiSources(target)) {
                    if (members.get(s) || extra.get(s) || matches(in, s)) {
                        alternatives.add(sequence(target));
                        break;
                    }
                }
            }
        }
        StringBuilder cls = new StringBuilder("[").append(positive);
        extra.stream().forEach(c -> cls.append(lit(c)));
        cls.append(']');
        String set = negated ? "[^" + cls + "]" : cls.toString();
        if (alternatives.isEmpty()) return set;
        StringBuilder b = new StringBuilder("(?:").append(set);
        for (String a : alternatives) b.append('|').append(a);
        return b.append(')').toString();
    }

    private static boolean matches(java.util.regex.Matcher m, int c) {
        return c < 0xD800 || c > 0xDFFF ? m.reset(Character.toString(c)).matches() : false;
    }
}
