package dev.mlops.drift;

import dev.mlops.util.DoubleSort;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Summary of a numeric feature's non-missing values, with the sorted sample the KS and
 * Wasserstein tests compare against.
 *
 * @param count     non-missing values
 * @param min       smallest value, null when count is 0
 * @param max       largest value, null when count is 0
 * @param mean      arithmetic mean, null when count is 0
 * @param std       population standard deviation (ddof 0, as numpy.std), null when count is 0
 * @param quantiles quantiles by linear interpolation (numpy's default) at 1, 5, 25, 50, 75, 95, 99 %
 * @param distinct  number of distinct values
 * @param values    every distinct value with its count when there are at most
 *                  {@value #MAX_EXACT_VALUES} of them, else empty
 * @param sample    the sample, sorted ascending: all values when count is at most the sample
 *                  size, else a seeded uniform sample without replacement
 */
public record NumericSummary(long count, Double min, Double max, Double mean, Double std,
                             List<Quantile> quantiles, long distinct, List<ValueCount> values, double[] sample) {

    /** Up to this many distinct values the exact value counts are kept (Evidently bins above 20). */
    public static final int MAX_EXACT_VALUES = 20;

    /** The quantile levels every summary reports. */
    public static final double[] QUANTILE_LEVELS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    /**
     * A quantile.
     *
     * @param p     the level in [0, 1]
     * @param value the value at that level
     */
    public record Quantile(double p, double value) {
    }

    /**
     * A distinct value and how often it occurs.
     *
     * @param value the value
     * @param count occurrences
     */
    public record ValueCount(double value, long count) {
    }

    /** Copies the lists and the sample. */
    public NumericSummary {
        quantiles = List.copyOf(quantiles);
        values = List.copyOf(values);
        sample = sample.clone();
    }

    /**
     * A copy of the sorted sample.
     *
     * @return the sample
     */
    @Override
    public double[] sample() {
        return sample.clone();
    }

    /** The sample without a copy, for the tests in this package, which only read it. */
    double[] sortedSample() {
        return sample;
    }

    /** Summarises non-missing values (a private, sortable copy). */
    static NumericSummary of(double[] values, int sampleSize, long seed) {
        int n = values.length;
        if (n == 0) {
            return new NumericSummary(0, null, null, null, null, List.of(), 0, List.of(), new double[0]);
        }
        double[] sorted = values.clone();
        double[] sample = n <= sampleSize ? sorted : reservoir(values, sampleSize, seed);
        DoubleSort.sort(sorted);
        if (sample != sorted) {
            DoubleSort.sort(sample);
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : sorted) {
            double d = v - mean;
            ss += d * d;
        }
        Quantile[] qs = new Quantile[QUANTILE_LEVELS.length];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = new Quantile(QUANTILE_LEVELS[i], quantile(sorted, QUANTILE_LEVELS[i]));
        }
        long distinct = 0;
        List<ValueCount> counts = new java.util.ArrayList<>();
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            distinct++;
            if (distinct <= MAX_EXACT_VALUES) {
                counts.add(new ValueCount(sorted[i], j - i));
            }
            i = j;
        }
        return new NumericSummary(n, sorted[0], sorted[n - 1], mean, Math.sqrt(ss / n), List.of(qs), distinct,
            distinct <= MAX_EXACT_VALUES ? counts : List.of(), sample);
    }

    /** Algorithm R: a uniform sample of k values without replacement, deterministic for a seed. */
    private static double[] reservoir(double[] values, int k, long seed) {
        double[] sample = Arrays.copyOf(values, k);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = k; i < values.length; i++) {
            long j = random.nextLong(i + 1L);
            if (j < k) {
                sample[(int) j] = values[i];
            }
        }
        return sample;
    }

    /** numpy.quantile with the default 'linear' method on sorted data. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        // numpy's _lerp: exact at both ends and monotonic.
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    /** Checks the invariants a profile read from a file must satisfy. */
    void validate(String where) {
        if (count < 0 || distinct < 0 || distinct > count) {
            throw new IllegalArgumentException(where + ": count " + count + " and distinct " + distinct
                + " must satisfy 0 <= distinct <= count");
        }
        if (count == 0) {
            if (sample.length != 0) {
                throw new IllegalArgumentException(where + ": an empty summary must have an empty sample");
            }
            return;
        }
        if (min == null || max == null || mean == null || std == null) {
            throw new IllegalArgumentException(where + ": min, max, mean and std are required when count > 0");
        }
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max) || !(std >= 0)) {
            throw new IllegalArgumentException(where + ": need finite min <= max and std >= 0, got min=" + min
                + ", max=" + max + ", std=" + std);
        }
        if (sample.length == 0 || sample.length > count) {
            throw new IllegalArgumentException(where + ": sample has " + sample.length
                + " values; it needs between 1 and count=" + count);
        }
        for (int i = 0; i < sample.length; i++) {
            double v = sample[i];
            if (!Double.isFinite(v) || v < min || v > max || (i > 0 && v < sample[i - 1])) {
                throw new IllegalArgumentException(where + ": sample[" + i + "]=" + v
                    + " is not finite, outside [min, max] or out of ascending order");
            }
        }
        if (!values.isEmpty()) {
            long total = 0;
            for (ValueCount vc : values) {
                if (vc.count() <= 0) {
                    throw new IllegalArgumentException(where + ": value " + vc.value() + " has count " + vc.count());
                }
                total += vc.count();
            }
            if (total != count || values.size() != distinct) {
                throw new IllegalArgumentException(where + ": value counts add up to " + total + " over "
                    + values.size() + " values but count=" + count + ", distinct=" + distinct);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericSummary s && count == s.count && Objects.equals(min, s.min)
            && Objects.equals(max, s.max) && Objects.equals(mean, s.mean) && Objects.equals(std, s.std)
            && quantiles.equals(s.quantiles) && distinct == s.distinct && values.equals(s.values)
            && Arrays.equals(sample, s.sample);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, min, max, mean, std, quantiles, distinct, values, Arrays.hashCode(sample));
    }

    @Override
    public String toString() {
        return "NumericSummary[count=" + count + ", min=" + min + ", max=" + max + ", mean=" + mean + ", std=" + std
            + ", distinct=" + distinct + ", sample=" + sample.length + " values]";
    }
}
