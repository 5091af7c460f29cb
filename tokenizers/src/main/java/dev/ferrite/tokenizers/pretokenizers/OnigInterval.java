package dev.ferrite.tokenizers.pretokenizers;

/**
 * An Oniguruma interval quantifier ({@code {n}}, {@code {n,}}, {@code {,m}}, {@code {n,m}}) as
 * {@code fetch_interval} in Oniguruma's {@code regparse.c} reads it, and its java.util.regex form.
 *
 * @param lower the least count
 * @param upper the greatest count, or -1 for no limit
 * @param fixed whether it was written {@code {n}} (then a following '?' is not a lazy modifier)
 * @param end   the index just past its closing '}'
 */
record OnigInterval(int lower, int upper, boolean fixed, int end) {
    /** Oniguruma's ONIG_MAX_REPEAT_NUM: a count above it is an error. */
    static final int MAX_REPEAT = 100_000;

    /**
     * The interval whose '{' is at {@code cps[p]}, or null when none starts there (Oniguruma then
     * reads the '{' as a literal). Counts are capped at a million while read, so that a long run of
     * digits cannot overflow before {@link #tooBig} says it is too big.
     */
    static OnigInterval at(int[] cps, int p) {
        p++;
        int lowStart = p;
        int low = 0;
        while (p < cps.length && cps[p] >= '0' && cps[p] <= '9') low = Math.min(low * 10 + (cps[p++] - '0'), 1_000_000);
        boolean noLow = p == lowStart;
        if (p >= cps.length) return null;
        int up;
        boolean fixed = false;
        if (cps[p] == ',') {
            p++;
            int upStart = p;
            up = 0;
            while (p < cps.length && cps[p] >= '0' && cps[p] <= '9') up = Math.min(up * 10 + (cps[p++] - '0'), 1_000_000);
            if (p == upStart) {
                if (noLow) return null;
                up = -1;
            }
        } else {
            if (noLow) return null;
            up = low;
            fixed = true;
        }
        if (p >= cps.length || cps[p] != '}') return null;
        return new OnigInterval(low, up, fixed, p + 1);
    }

    /** Whether a count exceeds {@link #MAX_REPEAT} ("too big number for repeat range"). */
    boolean tooBig() {
        return lower > MAX_REPEAT || upper > MAX_REPEAT;
    }

    /** {@code {n,m}} with n > m: Oniguruma repeats possessively from m to n. */
    boolean reversed() {
        return upper >= 0 && lower > upper;
    }

    /** The java.util.regex quantifier, without modifiers. */
    String java() {
        if (reversed()) return "{" + upper + "," + lower + "}+";
        if (fixed) return "{" + lower + "}";
        return "{" + lower + "," + (upper < 0 ? "" : String.valueOf(upper)) + "}";
    }
}
