package dev.ferrite.tokenizers.json;

/**
 * Turns the text of a JSON number into a double exactly as serde_json does when built without its
 * {@code float_roundtrip} feature, as the Rust tokenizers library is (serde_json {@code de.rs}:
 * {@code parse_integer}, {@code parse_decimal}, {@code parse_exponent}, {@code f64_from_parts}).
 * That parser is not correctly rounded: it gathers up to 19-20 significant digits in a u64 (later
 * digits are dropped), converts that to a double and then multiplies or divides once by a power of
 * ten, so about one in eight of the 17-digit scores found in Unigram vocabularies lands one ulp away
 * from {@link Double#parseDouble}'s result, and Viterbi ties then break differently.
 */
final class SerdeNumber {
    private static final double[] POW10 = new double[309];

    static {
        for (int i = 0; i < POW10.length; i++) POW10[i] = Double.parseDouble("1e" + i);
    }

    private static final long U64_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final int U64_MAX_MOD_10 = (int) Long.remainderUnsigned(-1L, 10);

    private SerdeNumber() {
    }

    /**
     * The value of a JSON number (its text as in the document, known to be well formed).
     *
     * @throws ArithmeticException where serde_json reports "number out of range"
     */
    static double parse(CharSequence text) {
        return new Cursor(text).number();
    }

    private static final class Cursor {
        private final CharSequence s;
        private int i;

        Cursor(CharSequence s) {
            this.s = s;
        }

        private int peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private boolean peekDigit() {
            int c = peek();
            return c >= '0' && c <= '9';
        }

        double number() {
            boolean positive = true;
            if (peek() == '-') {
                positive = false;
                i++;
            }
            int first = s.charAt(i++) - '0';
            if (first == 0) return afterSignificand(positive, 0);
            long significand = first;
            while (peekDigit()) {
                int digit = peek() - '0';
                if (overflows(significand, digit)) return longInteger(positive, significand);
                i++;
                significand = significand * 10 + digit;
            }
            return afterSignificand(positive, significand);
        }

        /** serde {@code parse_number}: an integer, or a fraction/exponent follows. */
        private double afterSignificand(boolean positive, long significand) {
            int c = peek();
            if (c == '.') return decimal(positive, significand, 0);
            if (c == 'e' || c == 'E') return exponent(positive, significand, 0);
            if (positive) return unsignedToDouble(significand);
            long neg = -significand;
            // serde keeps an i64 (converted to f64 when a float is wanted), or a float for -0 and
            // for magnitudes past i64.
            return neg >= 0 ? -unsignedToDouble(significand) : (double) neg;
        }

        /** serde {@code parse_long_integer}: digits past u64 only scale the value. */
        private double longInteger(boolean positive, long significand) {
            int exponent = 0;
            while (peekDigit()) {
                i++;
                exponent++;
            }
            int c = peek();
            if (c == '.') return decimal(positive, significand, exponent);
            if (c == 'e' || c == 'E') return exponent(positive, significand, exponent);
            return fromParts(positive, significand, exponent);
        }

        /** serde {@code parse_decimal} and {@code parse_decimal_overflow}. */
        private double decimal(boolean positive, long significand, int exponentBeforePoint) {
            i++; // '.'
            int exponentAfterPoint = 0;
            while (peekDigit()) {
                int digit = peek() - '0';
                if (overflows(significand, digit)) {
                    while (peekDigit()) i++;
                    break;
                }
                i++;
                significand = significand * 10 + digit;
                exponentAfterPoint--;
            }
            int exponent = exponentBeforePoint + exponentAfterPoint;
            int c = peek();
            if (c == 'e' || c == 'E') return exponent(positive, significand, exponent);
            return fromParts(positive, significand, exponent);
        }

        /** serde {@code parse_exponent} and {@code parse_exponent_overflow}. */
        private double exponent(boolean positive, long significand, int startingExponent) {
            i++; // 'e' or 'E'
            boolean positiveExponent = true;
            if (peek() == '+') {
                i++;
            } else if (peek() == '-') {
                positiveExponent = false;
                i++;
            }
            int exp = s.charAt(i++) - '0';
            while (peekDigit()) {
                int digit = peek() - '0';
                i++;
                if (exp > Integer.MAX_VALUE / 10 || (exp == Integer.MAX_VALUE / 10 && digit > Integer.MAX_VALUE % 10)) {
                    if (significand != 0 && positiveExponent) throw new ArithmeticException("number out of range");
                    return positive ? 0.0 : -0.0;
                }
                exp = exp * 10 + digit;
            }
            long total = positiveExponent ? (long) startingExponent + exp : (long) startingExponent - exp;
            int finalExponent = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, total));
            return fromParts(positive, significand, finalExponent);
        }

        /** serde {@code f64_from_parts} (the variant without float_roundtrip). */
        private static double fromParts(boolean positive, long significand, int exponent) {
            double f = unsignedToDouble(significand);
            while (true) {
                // wrapping_abs: |i32::MIN| stays negative and so is never a table index.
                int abs = exponent == Integer.MIN_VALUE ? -1 : Math.abs(exponent);
                if (abs >= 0 && abs < POW10.length) {
                    if (exponent >= 0) {
                        f *= POW10[abs];
                        if (Double.isInfinite(f)) throw new ArithmeticException("number out of range");
                    } else {
                        f /= POW10[abs];
                    }
                    break;
                }
                if (f == 0.0) break;
                if (exponent >= 0) throw new ArithmeticException("number out of range");
                f /= 1e308;
                exponent += 308;
            }
            return positive ? f : -f;
        }

        private static boolean overflows(long significand, int digit) {
            int c = Long.compareUnsigned(significand, U64_MAX_DIV_10);
            return c > 0 || (c == 0 && digit > U64_MAX_MOD_10);
        }
    }

    /** Rust's {@code u64 as f64}: round to nearest, ties to even. */
    static double unsignedToDouble(long u) {
        if (u >= 0) return (double) u;
        // Halve, keeping the lost bit as a sticky bit so that rounding stays correct, then double.
        return (double) ((u >>> 1) | (u & 1)) * 2.0;
    }
}
