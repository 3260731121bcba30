package dev.mlops.drift.stats;

/**
 * Tail probabilities of the one-sample Kolmogorov-Smirnov statistics for finite n: the
 * two-sided D_n (scipy's {@code kstwo}) and the one-sided D_n+ (scipy's {@code smirnov}).
 *
 * <p>The two-sided survival function follows Simard and L'Ecuyer (2011), "Computing the
 * Two-Sided Kolmogorov-Smirnov Distribution", choosing between the Ruben-Gambino closed forms,
 * the Durbin matrix method (Marsaglia, Tsang and Wang 2003), the Pomeranz recursion, the
 * Pelz-Good asymptotic series and twice the exact one-sided tail, with the same cut-offs scipy
 * uses, so p-values agree with {@code scipy.stats.kstwo.sf}.
 */
public final class KolmogorovDistribution {

    private static final double TWO_128 = Math.scalb(1.0, 128);
    private static final double TWO_M128 = Math.scalb(1.0, -128);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double SQRT3 = Math.sqrt(3);
    private static final int MIN_LOG = -708;
    /** log of the smallest subnormal double: exp of anything below is 0. */
    private static final double MIN_EXP = -745.1332191019412;
    /** Beyond this n the one-sided tail uses the large-n approximation, as scipy does. */
    private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;

    private KolmogorovDistribution() {
    }

    /**
     * Survival function of the two-sided statistic: P(D_n >= x).
     *
     * @param n sample size, positive
     * @param x the statistic
     * @return the upper tail probability in [0, 1]
     */
    public static double twoSidedSf(long n, double x) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 1) {
            return 0;
        }
        if (x <= 0) {
            return 1;
        }
        double t = n * x;
        if (t <= 1) {
            // Ruben-Gambino: for 1/(2n) <= x <= 1/n the CDF is n!/n^n (2t-1)^n.
            if (t <= 0.5) {
                return 1;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1;
                for (long i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnovSf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1 - durbinCdf((int) n, x));
            }
            if (nxSquared <= 4) {
                return clip(1 - pomeranzCdf((int) n, x));
            }
            return clip(2 * smirnovSf(n, x));
        }
        if (nxSquared >= 370) {
            return 0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSf(n, x));
        }
        double cdf;
        if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbinCdf((int) n, x);
        } else {
            cdf = pelzGoodCdf(n, x);
        }
        return clip(1 - cdf);
    }

    private static double clip(double p) {
        return Math.max(0, Math.min(1, p));
    }

    /** log(n! / n^n) by Stirling's series, with n log n removed up front to avoid cancellation. */
    static double logFactorialOverPower(long n) {
        return Math.log(n) / 2 - n + LOG_2PI / 2 + SpecialFunctions.stirlingCorrection(n);
    }

    /**
     * Durbin's matrix method in the form of Marsaglia, Tsang and Wang: P(D_n <= d) is a scaled
     * diagonal element of the n-th power of a (2k-1)-square matrix, k = ceil(n d).
     */
    static double durbinCdf(int n, double d) {
        if (d >= 1) {
            return 1;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1 + tt) * fac;

        double[] hm = new double[m * m];
        for (int col = 1; col < m; col++) {
            for (int row = col - 1; row < m; row++) {
                hm[row * m + col] = w[row - col + 1];
            }
        }
        for (int row = 0; row < m; row++) {
            hm[row * m] = v[row];
        }
        for (int col = 0; col < m; col++) {
            hm[(m - 1) * m + col] = v[m - 1 - col];
        }

        double[] power = identity(m);
        int exponent = 0;
        int hExponent = 0;
        int remaining = n;
        double[] scratch = new double[m * m];
        while (remaining > 0) {
            if ((remaining & 1) != 0) {
                multiply(power, hm, scratch, m);
                double[] swap = power;
                power = scratch;
                scratch = swap;
                exponent += hExponent;
            }
            multiply(hm, hm, scratch, m);
            double[] swap = hm;
            hm = scratch;
            scratch = swap;
            hExponent *= 2;
            // Rescale the running square so that its entries stay in range.
            if (Math.abs(hm[(k - 1) * m + (k - 1)]) > TWO_128) {
                for (int i = 0; i < hm.length; i++) {
                    hm[i] /= TWO_128;
                }
                hExponent += 128;
            }
            remaining >>= 1;
        }
        double p = power[(k - 1) * m + (k - 1)];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < TWO_M128) {
                p *= TWO_128;
                exponent -= 128;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    private static double[] identity(int m) {
        double[] id = new double[m * m];
        for (int i = 0; i < m; i++) {
            id[i * m + i] = 1;
        }
        return id;
    }

    private static void multiply(double[] a, double[] b, double[] out, int m) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < m; i++) {
            int rowA = i * m;
            for (int kk = 0; kk < m; kk++) {
                double aik = a[rowA + kk];
                if (aik == 0) {
                    continue;
                }
                int rowB = kk * m;
                for (int j = 0; j < m; j++) {
                    out[rowA + j] += aik * b[rowB + j];
                }
            }
        }
    }

    /** The Pomeranz recursion for P(D_n <= x): successive Poisson convolutions over 2n+1 steps. */
    static double pomeranzCdf(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1;
        twogpower[0] = 1;
        onem2gpower[0] = 1;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int exponent = 0;
        int[] bounds = pomeranzBounds(0, n, ll, ceilf, roundf);
        int j1 = bounds[0];
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j1;
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swapStart = v0s;
            v0s = v1s;
            v1s = swapStart;
            java.util.Arrays.fill(v1, 0);
            bounds = pomeranzBounds(i, n, ll, ceilf, roundf);
            j1 = bounds[0];
            int j2 = bounds[1];
            double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                int aStart = k1 - v0s;
                int la = Math.min(ln2, npwrs - aStart);
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                double max = 0;
                for (int q = 0; q < convLen; q++) {
                    int c = convStart + q;
                    double sum = 0;
                    for (int p = Math.max(0, c - ln2 + 1); p <= Math.min(la - 1, c); p++) {
                        sum += v0[aStart + p] * pwrs[c - p];
                    }
                    v1[q] = sum;
                    max = Math.max(max, sum);
                }
                if (max > 0 && max < TWO_M128) {
                    for (int q = 0; q < v1.length; q++) {
                        v1[q] *= TWO_128;
                    }
                    exponent -= 128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > TWO_128) {
                ans *= TWO_M128;
                exponent += 128;
            }
            ans *= m;
        }
        if (exponent != 0) {
            ans = Math.scalb(ans, exponent);
        }
        return clip(ans);
    }

    private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int half = (i + 1) / 2;
            if ((i + 1) % 2 == 0) {
                if (half == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = half - 1 - ll - roundf - 1;
                    j2 = half + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /**
     * The Pelz-Good approximation to P(D_n <= x): Li-Chien/Korolyuk's expansion in 1/sqrt(n),
     * with each term rewritten through Jacobi theta identities to converge for small x sqrt(n).
     */
    static double pelzGoodCdf(long n, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double z = Math.sqrt((double) n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < MIN_LOG) {
            return 0;
        }
        double q = Math.exp(qlog);

        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);

        double[] terms = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        // Horner scheme over odd integers for sum c_i q^(i^2).
        for (int k = maxk; k > 0; k--) {
            double m = 2.0 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8.0 * k);
            terms[0] = terms[0] * qpower + 1;
            terms[1] = terms[1] * qpower + (k1a + k1b * m2);
            terms[2] = terms[2] * qpower + (k2a + k2b * m2 + k2c * m4);
            terms[3] = terms[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            terms[i] = terms[i] * q * SQRT_2PI / divisors[i];
        }
        // The remaining sums run over all integers k.
        double q2 = Math.exp(-PI2 / 2 / z2);
        double sqrt3z = SQRT3 * z;
        double k2extra = 0;
        double k3extra = 0;
        for (int k = maxk; k > 0; k--) {
            double k2 = (double) k * k;
            double qp = Math.pow(q2, k2);
            double kpi = Math.PI * k;
            k2extra += k2 * qp;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
        }
        terms[2] += k2extra * (PI2 * SQRT_2PI / (-36 * z3));
        terms[3] += k3extra * (PI2 * SQRT_2PI / (216 * z6));
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += terms[i] / Math.pow((double) n, i / 2.0);
        }
        return sum;
    }

    /**
     * Survival function of the one-sided statistic, P(D_n+ >= x), by the Birnbaum-Tingey sum
     * (scipy's {@code scipy.special.smirnov}).
     *
     * @param n sample size, positive
     * @param x the statistic in [0, 1]
     * @return the upper tail probability
     */
    public static double smirnovSf(long n, double x) {
        if (n <= 0 || !(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("smirnov needs n > 0 and 0 <= x <= 1, got n=" + n + ", x=" + x);
        }
        if (n == 1) {
            return 1 - x;
        }
        if (x == 0) {
            return 1;
        }
        if (x == 1) {
            return 0;
        }
        // floor(n x) and its fraction, exactly: n x = hi + lo with lo the rounding error.
        double hi = n * x;
        double lo = Math.fma((double) n, x, -hi);
        double floor = Math.floor(hi);
        if (hi == floor && lo < 0) {
            floor -= 1;
        }
        double alpha = (hi - floor) + lo;
        long nxFloor = (long) floor;
        if (alpha >= 1) {
            nxFloor += 1;
            alpha = 0;
        }
        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0)) {
            return clip(1 - x * Math.pow(1 + x, n - 1));
        }
        if (-2.0 * n * x * x < MIN_EXP) {
            return 0;
        }
        if (nxFloor >= n - 1) {
            return clip(Math.pow(1 - x, n));
        }
        if (n > SMIRNOV_MAX_COMPUTE_N) {
            double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return logp < -Math.log(2) ? Math.exp(logp) : 1 - (-Math.expm1(logp));
        }
        // Lower sum: P(D+ >= x) = x * sum_{v=0}^{n - floor(nx) - 1} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v).
        // Each term is a binomial probability b(v; n, p) / p with p = x + v/n, evaluated with
        // Loader's saddle-point form so that no large logarithms cancel.
        long terms = n - nxFloor;
        double sum = 0;
        double compensation = 0;
        long middle = n / 2;
        for (long v = 0; v < terms; v++) {
            double p = x + (double) v / n;
            double q = (double) (n - v) / n - x;
            double term = x * binomialPmf(v, n, p, q) / p;
            // Kahan summation: the terms are all positive but span many magnitudes.
            double y = term - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
            if (term != 0) {
                if (4.0 * (terms - v) * term < Math.ulp(1.0) * sum && v != terms - 1) {
                    break;
                }
            } else if (v > middle) {
                break;
            }
        }
        return clip(sum);
    }

    /**
     * Binomial probability C(n,k) p^k q^(n-k), q = 1 - p given separately for accuracy, by
     * Loader's (2000) saddle-point expansion: relative accuracy near 1e-15 even for huge n.
     */
    static double binomialPmf(long k, long n, double p, double q) {
        if (k == 0) {
            return Math.exp(n * Math.log1p(-p));
        }
        if (k == n) {
            return Math.exp(n * Math.log(p));
        }
        double lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
            - deviance(k, n * p) - deviance(n - k, n * q);
        double lf = LOG_2PI + Math.log(k) + Math.log1p(-(double) k / n);
        return Math.exp(lc - 0.5 * lf);
    }

    /** log(n!) - log(sqrt(2 pi n) (n/e)^n). */
    static double stirlingError(long n) {
        if (n >= 16) {
            return SpecialFunctions.stirlingCorrection(n);
        }
        // Recurse down from 16: se(n) = se(n+1) + (n + 1/2) log(1 + 1/n) - 1.
        double se = SpecialFunctions.stirlingCorrection(16);
        for (long m = 15; m >= n; m--) {
            se += (m + 0.5) * Math.log1p(1.0 / m) - 1;
        }
        return se;
    }

    /** The deviance term x log(x / np) + np - x, by a series when x is close to np. */
    static double deviance(double x, double np) {
        if (Math.abs(x - np) < 0.1 * (x + np)) {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            double ej = 2 * x * v;
            double v2 = v * v;
            for (int j = 1; j < 1000; j++) {
                ej *= v2;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    return s1;
                }
                s = s1;
            }
            return s;
        }
        return x * Math.log(x / np) + np - x;
    }
}
