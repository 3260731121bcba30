package dev.mlops.drift.stats;

import java.util.Arrays;

/**
 * Bins for the share-based distances (PSI, Jensen-Shannon) as Evidently builds them: equal-width
 * bins by Sturges' rule over both samples together ({@code numpy.histogram_bin_edges(..., "sturges")}),
 * histogram counts with numpy's half-open bins, and Evidently's rule for empty shares.
 */
public final class Binning {

    private Binning() {
    }

    /**
     * Bin edges by Sturges' rule for data spanning [min, max] with n values in total: width
     * (max - min) / (log2(n) + 1), ceil(range / width) equal bins; a zero range becomes one bin
     * [min - 0.5, max + 0.5].
     *
     * @param min smallest value of both samples
     * @param max largest value of both samples
     * @param n   number of values in both samples together, positive
     * @return increasing bin edges, at least two
     */
    public static double[] sturgesEdges(double min, double max, long n) {
        if (n <= 0 || !(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Sturges bins need finite min <= max and n > 0, got min=" + min
                + ", max=" + max + ", n=" + n);
        }
        double first = min;
        double last = max;
        double range = max - min;
        int bins;
        if (range == 0) {
            first -= 0.5;
            last += 0.5;
            bins = 1;
        } else {
            double width = range / (log2(n) + 1.0);
            bins = (int) Math.ceil(range / width);
        }
        return linspace(first, last, bins + 1);
    }

    /** log2 that is exact for powers of two, as the C library's log2 is. */
    static double log2(long n) {
        if (Long.bitCount(n) == 1) {
            return Long.numberOfTrailingZeros(n);
        }
        return Math.log(n) / Math.log(2);
    }

    /** numpy.linspace with endpoint: start + i * step, the last edge exactly stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int i = 0; i < num; i++) {
            y[i] = step == 0 ? i / (double) div * delta + start : i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /**
     * Counts of sorted values per bin: bin i holds edges[i] <= x < edges[i+1], the last bin also
     * its right edge, values outside [edges[0], edges[last]] are not counted (numpy.histogram).
     *
     * @param sorted values sorted ascending
     * @param edges  increasing bin edges
     * @return one count per bin
     */
    public static long[] histogram(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length - 1];
        int previous = lowerBound(sorted, edges[0]);
        for (int b = 0; b < counts.length; b++) {
            int next = b == counts.length - 1 ? upperBound(sorted, edges[b + 1]) : lowerBound(sorted, edges[b + 1]);
            counts[b] = next - previous;
            previous = next;
        }
        return counts;
    }

    /** Index of the first element >= key. */
    static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first element > key. */
    static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Shares of counts over a total.
     *
     * @param counts counts per bin
     * @param total  the divisor (Evidently divides by the sample size)
     * @return counts / total
     */
    public static double[] shares(long[] counts, long total) {
        double[] s = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            s[i] = (double) counts[i] / total;
        }
        return s;
    }

    /**
     * Evidently's empty-bin rule (for PSI): every zero share becomes min_nonzero / 1e6 when the
     * smallest non-zero share is at most 1e-4, otherwise 1e-4. Returns a new array.
     *
     * @param shares shares per bin, at least one positive
     * @return the shares with zeros replaced
     */
    public static double[] fillEmptyShares(double[] shares) {
        double minNonZero = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s != 0 && s < minNonZero) {
                minNonZero = s;
            }
        }
        if (Double.isInfinite(minNonZero)) {
            throw new IllegalArgumentException("shares are all zero: " + Arrays.toString(shares));
        }
        double fill = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
        double[] out = shares.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = fill;
            }
        }
        return out;
    }
}
