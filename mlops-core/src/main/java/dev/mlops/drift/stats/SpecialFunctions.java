package dev.mlops.drift.stats;

/**
 * The special functions the drift tests need: log-gamma, the regularized incomplete gamma
 * functions, and the normal and chi-square tails built on them. Accurate to about 1e-14
 * relative in the ranges drift tests use.
 */
public final class SpecialFunctions {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;

    /** B_{2j} / (2j (2j-1)) for j = 1..8: the Stirling series coefficients. */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};

    private SpecialFunctions() {
    }

    /**
     * Natural log of the gamma function for positive arguments.
     *
     * @param x a positive number
     * @return log Γ(x)
     * @throws IllegalArgumentException when x is not positive and finite
     */
    public static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("logGamma needs a positive finite argument, got " + x);
        }
        if (x == 1 || x == 2) {
            return 0;
        }
        // Shift up until the Stirling series converges to double precision, then shift back.
        double shift = 0;
        double y = x;
        double product = 1;
        while (y < 16) {
            product *= y;
            if (product > 1e280) {
                shift += Math.log(product);
                product = 1;
            }
            y += 1;
        }
        shift += Math.log(product);
        return stirling(y) - shift;
    }

    /** log Γ(y) for y >= 16 by the Stirling series with eight correction terms. */
    private static double stirling(double y) {
        return (y - 0.5) * Math.log(y) - y + LOG_SQRT_2PI + stirlingCorrection(y);
    }

    /**
     * The correction term of Stirling's series: log Γ(y) - ((y - 1/2) log y - y + log √(2π)).
     *
     * @param y at least 16 for full accuracy
     * @return the correction
     */
    static double stirlingCorrection(double y) {
        double r = 1 / y;
        double r2 = r * r;
        double sum = 0;
        for (int j = STIRLING.length - 1; j >= 0; j--) {
            sum = sum * r2 + STIRLING[j];
        }
        return sum * r;
    }

    /**
     * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
     *
     * @param a shape, positive
     * @param x lower integration limit, non-negative
     * @return Q(a, x) in [0, 1]
     */
    public static double regularizedGammaQ(double a, double x) {
        checkGammaArgs(a, x);
        if (x == 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        if (x < a + 1) {
            return 1 - lowerSeries(a, x);
        }
        return upperContinuedFraction(a, x);
    }

    /**
     * Regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).
     *
     * @param a shape, positive
     * @param x upper integration limit, non-negative
     * @return P(a, x) in [0, 1]
     */
    public static double regularizedGammaP(double a, double x) {
        checkGammaArgs(a, x);
        if (x == 0) {
            return 0;
        }
        if (Double.isInfinite(x)) {
            return 1;
        }
        if (x < a + 1) {
            return lowerSeries(a, x);
        }
        return 1 - upperContinuedFraction(a, x);
    }

    private static void checkGammaArgs(double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("incomplete gamma needs a positive finite shape, got " + a);
        }
        if (!(x >= 0)) {
            throw new IllegalArgumentException("incomplete gamma needs a non-negative argument, got " + x);
        }
    }

    /** exp(-x) x^a / Γ(a), computed in logs. */
    private static double prefactor(double a, double x) {
        return Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double lowerSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        double ap = a;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS) {
                return Math.min(1, sum * prefactor(a, x));
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /** Modified Lentz evaluation of the continued fraction for Q(a, x), x >= a + 1. */
    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                return Math.max(0, Math.min(1, prefactor(a, x) * h));
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
    }

    /**
     * Survival function of the chi-square distribution, P(X >= x) for X ~ χ²(dof).
     *
     * @param x   the statistic
     * @param dof degrees of freedom, positive
     * @return the upper tail probability
     */
    public static double chiSquareSf(double x, double dof) {
        if (!(dof > 0)) {
            throw new IllegalArgumentException("chi-square needs positive degrees of freedom, got " + dof);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1;
        }
        return regularizedGammaQ(dof / 2, x / 2);
    }

    /**
     * Survival function of the standard normal distribution, P(Z >= z).
     *
     * @param z the point
     * @return the upper tail probability
     */
    public static double normalSf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        // erfc(t) = Q(1/2, t^2) for t >= 0, so P(Z >= z) = Q(1/2, z^2/2) / 2 for z >= 0.
        double half = 0.5 * regularizedGammaQ(0.5, z * z / 2);
        return z >= 0 ? half : 1 - half;
    }

    /**
     * Cumulative distribution function of the standard normal distribution, P(Z <= z).
     *
     * @param z the point
     * @return the lower tail probability
     */
    public static double normalCdf(double z) {
        return normalSf(-z);
    }
}
