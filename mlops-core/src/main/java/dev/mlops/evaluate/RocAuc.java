package dev.mlops.evaluate;

import dev.mlops.util.DoubleSort;

/**
 * Area under the ROC curve from sorted scores: the Mann-Whitney statistic, which equals the
 * trapezoidal area under scikit-learn's ROC curve, ties included (a tie between a positive and
 * a negative counts one half).
 */
final class RocAuc {

    private RocAuc() {
    }

    /**
     * Computes the AUC of positives against negatives. Sorts the two ranges of {@code scores}
     * in place.
     *
     * @param scores    the positives' scores in {@code [0, positives)}, followed by the negatives'
     *                  scores in {@code [positives, positives + negatives)}; all >= +0.0 (no NaN, no -0.0)
     * @param positives the number of positive scores
     * @param negatives the number of negative scores
     * @return the AUC, or NaN when either class is empty
     */
    static double of(double[] scores, int positives, int negatives) {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        int end = positives + negatives;
        DoubleSort.sort(scores, 0, positives);
        DoubleSort.sort(scores, positives, end);
        // Twice the Mann-Whitney U: per positive, 2 per lower negative plus 1 per equal negative.
        // Kept as an exact integer so the result is a single correctly rounded division.
        long twiceU = 0;
        int below = positives;
        int notAbove = positives;
        for (int i = 0; i < positives; i++) {
            double s = scores[i];
            while (below < end && scores[below] < s) {
                below++;
            }
            if (notAbove < below) {
                notAbove = below;
            }
            while (notAbove < end && scores[notAbove] == s) {
                notAbove++;
            }
            twiceU += (below - positives) + (notAbove - positives);
        }
        return twiceU / (2.0 * positives * negatives);
    }
}
