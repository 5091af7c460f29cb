package dev.ferrite.runtime.reference;

/** Special functions in double precision, shared by the reference executor and the scalar kernels. */
public final class SpecialFunctions {
    private SpecialFunctions() {
    }

    /**
     * The error function in double precision: its Maclaurin series below 2.5 (terms stay under
     * 10^2, so no cancellation to speak of) and the continued fraction of erfc above, evaluated
     * from the tail. Both are accurate far beyond the float32 the graph computes in.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        if (ax > 6) {
            return Math.signum(x);
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double f = ax;
        for (int k = 60; k >= 1; k--) {
            f = ax + (k / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }
}
