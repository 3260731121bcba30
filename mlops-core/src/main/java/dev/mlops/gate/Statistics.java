package dev.mlops.gate;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The statistics behind gates with a confidence level: percentile bootstrap intervals (paired
 * when comparing), McNemar's exact test and the exact (Clopper-Pearson) interval for a binomial
 * proportion. {@code docs/gates.md} describes the method.
 */
final class Statistics {

    private Statistics() {
    }

    /** A confidence interval and how many resamples gave a defined statistic. */
    record Interval(double lower, double upper, int defined) {
    }

    /**
     * Percentile bootstrap: draws {@code resamples} samples of {@code n} row positions with
     * replacement from {@link Random} seeded with {@code seed} ({@code nextInt(n)} per draw, so the
     * sequence is fixed by the JDK specification), computes the statistic on each, and returns the
     * {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2} quantiles of the defined
     * (finite) values, interpolated linearly as numpy's default {@code percentile} does.
     *
     * @return the interval, or {@code null} when the statistic is undefined in more than half of the resamples
     */
    static Interval bootstrap(int n, ToDoubleFunction<int[]> statistic, double confidence, int resamples, long seed) {
        Random random = new Random(seed);
        double[] values = new double[resamples];
        int defined = 0;
        int[] sample = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            double v = statistic.applyAsDouble(sample);
            if (Double.isFinite(v)) {
                values[defined++] = v;
            }
        }
        if (defined * 2 < resamples) {
            return null;
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        double alpha = 1 - confidence;
        return new Interval(quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2), defined);
    }

    /** numpy.percentile's default (linear) interpolation on sorted values, {@code q} in [0, 1]. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /**
     * McNemar's exact test: a two-sided binomial test of {@code b} successes in {@code b + c}
     * discordant pairs against 1/2, as {@code scipy.stats.binomtest(b, b + c, 0.5).pvalue}
     * computes it (for p = 1/2 the distribution is symmetric, so the p-value is twice the smaller tail).
     *
     * @param b pairs where only the first model is right
     * @param c pairs where only the second model is right
     * @return the p-value, 1 when there are no discordant pairs
     */
    static double mcnemarExact(int b, int c) {
        int m = b + c;
        if (m == 0) {
            return 1.0;
        }
        return Math.min(1.0, 2 * binomialCdf(Math.min(b, c), m, 0.5));
    }

    /**
     * The exact (Clopper-Pearson) interval of a binomial proportion, as
     * {@code scipy.stats.binomtest(k, n).proportion_ci(confidence, method='exact')}.
     *
     * @return {lower, upper}
     */
    static double[] clopperPearson(int k, int n, double confidence) {
        double alpha = 1 - confidence;
        // lower: the p at which P(X >= k) = alpha/2; upper: the p at which P(X <= k) = alpha/2.
        double lower = k == 0 ? 0.0 : solve(p -> 1 - binomialCdf(k - 1, n, p) - alpha / 2);
        double upper = k == n ? 1.0 : solve(p -> alpha / 2 - binomialCdf(k, n, p));
        return new double[] {lower, upper};
    }

    /** Bisection for the root of a function increasing in p on [0, 1]. */
    private static double solve(java.util.function.DoubleUnaryOperator increasing) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = (lo + hi) / 2;
            if (increasing.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(X <= k) for X ~ Binomial(n, p), summed in log space so that large n neither overflows nor underflows. */
    static double binomialCdf(int k, int n, double p) {
        if (k < 0) {
            return 0.0;
        }
        if (k >= n) {
            return 1.0;
        }
        if (p <= 0) {
            return 1.0;
        }
        if (p >= 1) {
            return 0.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double[] logTerms = new double[k + 1];
        double max = Double.NEGATIVE_INFINITY;
        double logChoose = 0; // log C(n, 0)
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logChoose += Math.log(n - i + 1) - Math.log(i);
            }
            logTerms[i] = logChoose + i * logP + (n - i) * logQ;
            max = Math.max(max, logTerms[i]);
        }
        double sum = 0;
        for (double t : logTerms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1.0, Math.exp(max) * sum);
    }
}
