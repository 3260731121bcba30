package dev.mlops.drift.stats;

import java.util.Arrays;

/**
 * The two-sample, two-sided Kolmogorov-Smirnov test with the semantics of scipy's
 * {@code ks_2samp(a, b, method="auto")}: the exact p-value P(D >= d) when the larger sample has at
 * most 10,000 values, otherwise the finite-n {@code kstwo} distribution with
 * n = round(n1 n2 / (n1 + n2)). Ties are handled by comparing empirical CDFs at every distinct
 * value, as scipy does.
 */
public final class KolmogorovSmirnov {

    /** Above this larger-sample size the p-value is no longer computed exactly (scipy's MAX_AUTO_N). */
    public static final int MAX_EXACT_N = 10_000;

    private KolmogorovSmirnov() {
    }

    /** How the p-value was computed. */
    public enum PValueMethod {
        /** Exact lattice-path count of P(D >= d). */
        EXACT,
        /** The one-sample {@code kstwo} distribution at the effective sample size. */
        ASYMPTOTIC
    }

    /**
     * Result of a two-sample test.
     *
     * @param statistic the largest absolute difference between the two empirical CDFs
     * @param pValue    the two-sided p-value
     * @param method    how the p-value was computed
     */
    public record Result(double statistic, double pValue, PValueMethod method) {
    }

    /**
     * Tests two samples, copying and sorting them first. NaN values are not allowed.
     *
     * @param a the first sample, not empty
     * @param b the second sample, not empty
     * @return the statistic and p-value
     */
    public static Result test(double[] a, double[] b) {
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        return testSorted(sa, sb);
    }

    /**
     * Tests two samples that are already sorted ascending. Avoids copying and sorting, which
     * dominates the cost for large samples.
     *
     * @param a the first sample, sorted, not empty, no NaN
     * @param b the second sample, sorted, not empty, no NaN
     * @return the statistic and p-value
     */
    public static Result testSorted(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("KS test needs two non-empty samples, got sizes " + n1 + " and " + n2);
        }
        // Walk both samples over their distinct values, tracking the CDF difference both exactly
        // (scaled to integers) and in floating point as scipy computes it.
        long maxExact = 0;
        double maxFloat = 0;
        double minFloat = 0;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v;
            if (j >= n2 || (i < n1 && a[i] <= b[j])) {
                v = a[i];
            } else {
                v = b[j];
            }
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("KS test samples must not contain NaN");
            }
            while (i < n1 && a[i] <= v) {
                i++;
            }
            while (j < n2 && b[j] <= v) {
                j++;
            }
            long diff = (long) i * n2 - (long) j * n1;
            maxExact = Math.max(maxExact, Math.abs(diff));
            double fd = (double) i / n1 - (double) j / n2;
            if (fd > maxFloat) {
                maxFloat = fd;
            }
            if (fd < minFloat) {
                minFloat = fd;
            }
        }
        double d = Math.min(1, Math.max(maxFloat, -minFloat));
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            int g = gcd(n1, n2);
            long lcm = (long) (n1 / g) * n2;
            long h = maxExact / g;
            double exactD = (double) h / lcm;
            if (h == 0) {
                return new Result(exactD, 1.0, PValueMethod.EXACT);
            }
            double p = n1 == n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
            if (p >= 0 && p <= 1) {
                return new Result(exactD, p, PValueMethod.EXACT);
            }
            d = exactD;
        }
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        double p = KolmogorovDistribution.twoSidedSf((long) Math.rint(en), d);
        return new Result(d, Math.max(0, Math.min(1, p)), PValueMethod.ASYMPTOTIC);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * P(D_{n,n} >= h/n): the share of lattice paths leaving the band |x - y| < h, by the
     * reflection-principle alternating sum, evaluated Horner-style to avoid cancellation.
     */
    static double outsideSquare(int n, long h) {
        double p = 0;
        long k = n / h;
        while (k >= 0) {
            double p1 = 1;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * P(D_{m,n} >= d) for m != n: the probability that a random lattice path from (0,0) to (m,n)
     * touches or leaves the band |n x - m y| / g < h. Recurses directly on the probability of
     * having left the band (Hodges 1958; Viehmann 2021, arXiv:2102.08037), one column at a time
     * over the band's sliding window, so no huge binomial coefficients appear.
     */
    static double outsideBand(int n1, int n2, int g, long h) {
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min(ceilDiv(h, mg), n + 1);
        int curlen = maxj - minj;
        double[] a = new double[n + 1];
        // Column x = 0: points inside the band have not left it (0); the rest have (1).
        Arrays.fill(a, 1.0);
        Arrays.fill(a, 0, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastMinj = minj;
            int lastLen = curlen;
            minj = (int) Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0), n);
            maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            // The point just below the window is outside the band, unless the window starts at 0.
            double below = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                int prevIndex = j - lastMinj;
                double left = prevIndex < lastLen ? a[prevIndex] : 1.0;
                below = (left * i + below * j) / (i + j);
                a[jj] = below;
            }
            curlen = maxj - minj;
        }
        return a[maxj - minj - 1];
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
