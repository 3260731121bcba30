package dev.mlops.drift.stats;

/**
 * Distances between two distributions: population stability index, Jensen-Shannon distance and
 * the first Wasserstein distance, with the semantics of the reference implementations noted on
 * each method.
 */
public final class Distances {

    private Distances() {
    }

    /**
     * Population stability index: sum of (r - c) ln(r / c) over bins. The shares must already be
     * free of zeros (see {@link Binning#fillEmptyShares}), as Evidently fills them before this sum.
     *
     * @param reference reference shares per bin
     * @param current   current shares per bin, same length
     * @return the index, 0 for identical distributions
     */
    public static double psi(double[] reference, double[] current) {
        checkSameLength(reference, current);
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            sum += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
        }
        return sum;
    }

    /**
     * Jensen-Shannon distance with natural logarithms, as {@code scipy.spatial.distance.jensenshannon}:
     * both vectors are normalised to sum 1, and the result is the square root of the divergence.
     *
     * @param p first vector of non-negative weights
     * @param q second vector of non-negative weights, same length
     * @return the distance in [0, sqrt(ln 2)]
     */
    public static double jensenShannon(double[] p, double[] q) {
        checkSameLength(p, q);
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sp;
            double qi = q[i] / sq;
            double m = (pi + qi) / 2;
            left += relativeEntropy(pi, m);
            right += relativeEntropy(qi, m);
        }
        return Math.sqrt((left + right) / 2);
    }

    private static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * First Wasserstein distance between two samples, as {@code scipy.stats.wasserstein_distance}:
     * the integral of |U(x) - V(x)| over the merged support.
     *
     * @param u first sample, sorted ascending, not empty
     * @param v second sample, sorted ascending, not empty
     * @return the distance
     */
    public static double wassersteinSorted(double[] u, double[] v) {
        int nu = u.length;
        int nv = v.length;
        if (nu == 0 || nv == 0) {
            throw new IllegalArgumentException("Wasserstein distance needs two non-empty samples, got sizes "
                + nu + " and " + nv);
        }
        int i = 0;
        int j = 0;
        double sum = 0;
        double compensation = 0;
        double previous = Math.min(u[0], v[0]);
        while (i < nu || j < nv) {
            double x = (j >= nv || (i < nu && u[i] <= v[j])) ? u[i] : v[j];
            if (x > previous) {
                // Between 'previous' and 'x' the CDFs are the counts seen so far.
                double term = Math.abs((double) i / nu - (double) j / nv) * (x - previous);
                double y = term - compensation;
                double s = sum + y;
                compensation = (s - sum) - y;
                sum = s;
                previous = x;
            }
            while (i < nu && u[i] <= x) {
                i++;
            }
            while (j < nv && v[j] <= x) {
                j++;
            }
        }
        return sum;
    }

    /**
     * Wasserstein distance normalised by the reference spread, as Evidently's
     * {@code wasserstein} drift method: W1(reference, current) / max(std(reference), 0.001).
     *
     * @param reference    reference sample, sorted ascending
     * @param current      current sample, sorted ascending
     * @param referenceStd population standard deviation of the reference
     * @return the normalised distance
     */
    public static double wassersteinNormed(double[] reference, double[] current, double referenceStd) {
        return wassersteinSorted(reference, current) / Math.max(referenceStd, 0.001);
    }

    private static void checkSameLength(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("distributions need the same non-zero number of bins, got "
                + a.length + " and " + b.length);
        }
    }
}
