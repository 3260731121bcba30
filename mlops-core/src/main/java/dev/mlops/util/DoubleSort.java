package dev.mlops.util;

import java.util.Arrays;

/**
 * Sorts large arrays of doubles with a least-significant-digit radix sort on their order-preserving
 * bit patterns: a fixed number of linear passes instead of comparisons, several times faster than
 * {@link Arrays#sort(double[])} for a million values (ROC AUC over bootstrap resamples, KS tests
 * over large samples). Orders like {@code Arrays.sort}, including -0.0 before 0.0; NaN must not be
 * present.
 */
public final class DoubleSort {

    /** Below this size the comparison sort is faster. */
    private static final int RADIX_THRESHOLD = 4096;
    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int PASSES = (64 + BITS - 1) / BITS;

    private DoubleSort() {
    }

    /**
     * Sorts the array in place, ascending.
     *
     * @param a values without NaN
     */
    public static void sort(double[] a) {
        sort(a, 0, a.length);
    }

    /**
     * Sorts {@code a[from, to)} in place, ascending.
     *
     * @param a    values without NaN in the range
     * @param from first index, inclusive
     * @param to   last index, exclusive
     */
    public static void sort(double[] a, int from, int to) {
        int n = to - from;
        if (n < RADIX_THRESHOLD) {
            Arrays.sort(a, from, to);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(a[from + i]);
            // Negative numbers: flip all bits; positive: flip the sign bit. Unsigned order = numeric order.
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            for (int p = 0; p < PASSES; p++) {
                counts[p][(int) ((key >>> (p * BITS)) & (BUCKETS - 1))]++;
            }
        }
        long[] source = keys;
        long[] target = new long[n];
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            int shift = p * BITS;
            // A digit that is the same for every key does not reorder anything.
            if (c[(int) ((source[0] >>> shift) & (BUCKETS - 1))] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int t = c[b];
                c[b] = sum;
                sum += t;
            }
            for (int i = 0; i < n; i++) {
                long k = source[i];
                target[c[(int) ((k >>> shift) & (BUCKETS - 1))]++] = k;
            }
            long[] swap = source;
            source = target;
            target = swap;
        }
        for (int i = 0; i < n; i++) {
            long key = source[i];
            a[from + i] = Double.longBitsToDouble(key ^ (((~key) >> 63) | Long.MIN_VALUE));
        }
    }
}
