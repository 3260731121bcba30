package dev.mlops.evaluate;

import java.util.Arrays;

/**
 * Sorts non-negative doubles by a least-significant-digit radix sort of their bit patterns,
 * which for non-negative doubles order exactly as the values. On a million probabilities it is
 * about twice as fast as {@link Arrays#sort(double[])}, which makes ROC AUC cheap enough to
 * repeat for bootstrap resamples (see docs/benchmarks/evaluation.md).
 */
final class RadixSort {

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int PASSES = (64 + BITS - 1) / BITS;
    /** Below this size the comparison sort wins. */
    private static final int MIN_LENGTH = 2048;

    private RadixSort() {
    }

    /**
     * Sorts {@code a[from, to)} ascending.
     *
     * @param a       the values, all {@code >= +0.0} (no -0.0, no NaN)
     * @param from    first index, inclusive
     * @param to      last index, exclusive
     * @param scratch at least {@code to - from} doubles, used as temporary storage
     */
    static void sort(double[] a, int from, int to, double[] scratch) {
        int n = to - from;
        if (n < MIN_LENGTH) {
            Arrays.sort(a, from, to);
            return;
        }
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = from; i < to; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            for (int p = 0; p < PASSES; p++) {
                counts[p][(int) (bits >>> (p * BITS)) & MASK]++;
            }
        }
        long first = Double.doubleToRawLongBits(a[from]);
        double[] source = a;
        int sourceFrom = from;
        double[] target = scratch;
        int targetFrom = 0;
        for (int p = 0; p < PASSES; p++) {
            int[] count = counts[p];
            int shift = p * BITS;
            if (count[(int) (first >>> shift) & MASK] == n) {
                continue; // every value has the same digit here: the pass would not move anything
            }
            // turn counts into start offsets
            int offset = targetFrom;
            for (int b = 0; b < BUCKETS; b++) {
                int c = count[b];
                count[b] = offset;
                offset += c;
            }
            for (int i = sourceFrom; i < sourceFrom + n; i++) {
                double v = source[i];
                target[count[(int) (Double.doubleToRawLongBits(v) >>> shift) & MASK]++] = v;
            }
            double[] swap = source;
            source = target;
            target = swap;
            int swapFrom = sourceFrom;
            sourceFrom = targetFrom;
            targetFrom = swapFrom;
        }
        if (source != a) {
            System.arraycopy(source, sourceFrom, a, from, n);
        }
    }
}
