package dev.mlops.drift.stats;

import java.util.Arrays;

/**
 * Sorts large arrays of doubles with a least-significant-digit radix sort on their order-preserving
 * bit patterns: a fixed number of linear passes instead of comparisons, several times faster than
 * {@link Arrays#sort(double[])} for a million values. Orders like {@code Arrays.sort}, including
 * -0.0 before 0.0; NaN must not be present.
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
        int n = a.length;
        if (n < RADIX_THRESHOLD) {
            Arrays.sort(a);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            // Negative numbers: flip all bits; positive: flip the sign bit. Unsigned order = numeric order.
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            for (int p = 0; p < PASSES; p++) {
                counts[p][(int) ((key >>> (p * BITS)) & (BUCKETS - 1))]++;
            }
        }
        long[] from = keys;
        long[] to = new long[n];
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            int shift = p * BITS;
            // A digit that is the same for every key does not reorder anything.
            if (c[(int) ((from[0] >>> shift) & (BUCKETS - 1))] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int t = c[b];
                c[b] = sum;
                sum += t;
            }
            for (int i = 0; i < n; i++) {
                long k = from[i];
                to[c[(int) ((k >>> shift) & (BUCKETS - 1))]++] = k;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        for (int i = 0; i < n; i++) {
            long key = from[i];
            long bits = key ^ (((~key) >> 63) | Long.MIN_VALUE);
            a[i] = Double.longBitsToDouble(bits);
        }
    }
}
