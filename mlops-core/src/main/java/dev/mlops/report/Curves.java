package dev.mlops.report;

import dev.mlops.util.DoubleSort;
import java.util.Arrays;

/**
 * The curves the report draws, computed as scikit-learn 1.2 computes them so that the pictures
 * agree with the numbers people check elsewhere: {@code roc_curve} (with its default
 * {@code drop_intermediate=True}), {@code precision_recall_curve}, {@code average_precision_score},
 * {@code calibration_curve(strategy="uniform")} and {@code numpy.histogram}. The tests pin them
 * against {@code src/test/python/report_reference.py}.
 */
final class Curves {

    private Curves() {
    }

    /**
     * A ROC curve: false and true positive rates from the strictest threshold to the loosest,
     * starting at (0, 0).
     *
     * @param fpr false positive rates, ascending
     * @param tpr true positive rates, ascending
     * @param auc trapezoidal area under the curve
     */
    record Roc(double[] fpr, double[] tpr, double auc) {
    }

    /**
     * A precision-recall curve in scikit-learn's order: recall descending, ending at
     * (recall 0, precision 1).
     *
     * @param precision        precision at each threshold, then 1
     * @param recall           recall at each threshold, then 0
     * @param averagePrecision the step-wise area, {@code sum (R_n - R_n-1) P_n}
     */
    record PrecisionRecall(double[] precision, double[] recall, double averagePrecision) {
    }

    /**
     * A reliability curve over equal-width probability bins; empty bins are left out.
     *
     * @param meanPredicted    mean predicted probability in each non-empty bin
     * @param fractionPositive share of positives in each non-empty bin
     * @param counts           rows in each non-empty bin
     */
    record Calibration(double[] meanPredicted, double[] fractionPositive, int[] counts) {
    }

    /**
     * Equal-width bins over {@code [edges[0], edges[bins]]}, the last bin closed.
     *
     * @param edges  bins + 1 edges, ascending
     * @param counts values in each bin
     */
    record Histogram(double[] edges, int[] counts) {
    }

    /**
     * Cumulative true and false positives at each distinct score, from the highest score down;
     * the common input of the ROC and precision-recall curves.
     *
     * @param tps  true positives at or above each distinct score
     * @param fps  false positives at or above each distinct score
     * @param size the number of distinct scores
     */
    record Counts(int[] tps, int[] fps, int size) {
    }

    /**
     * The ROC curve of one class against the rest.
     *
     * @param scores   the score of each row for the class
     * @param positive whether each row belongs to the class
     * @return the curve, or null when either the positives or the negatives are missing
     */
    static Roc roc(double[] scores, boolean[] positive) {
        return roc(counts(scores, positive));
    }

    /**
     * The ROC curve from counts.
     *
     * @param c the counts of {@link #counts}
     * @return the curve, or null when either the positives or the negatives are missing
     */
    static Roc roc(Counts c) {
        int m = c.size;
        int positives = c.tps[m - 1];
        int negatives = c.fps[m - 1];
        if (positives == 0 || negatives == 0) {
            return null;
        }
        // drop_intermediate: keep the ends and every point where either count changes slope
        int[] keep = new int[m];
        int kept = 0;
        for (int i = 0; i < m; i++) {
            boolean corner = i == 0 || i == m - 1 || m <= 2
                    || c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1] != 0
                    || c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1] != 0;
            if (corner) {
                keep[kept++] = i;
            }
        }
        double[] fpr = new double[kept + 1];
        double[] tpr = new double[kept + 1];
        for (int j = 0; j < kept; j++) {
            fpr[j + 1] = (double) c.fps[keep[j]] / negatives;
            tpr[j + 1] = (double) c.tps[keep[j]] / positives;
        }
        double auc = 0;
        for (int j = 1; j < fpr.length; j++) {
            auc += (fpr[j] - fpr[j - 1]) * (tpr[j] + tpr[j - 1]) / 2;
        }
        return new Roc(fpr, tpr, auc);
    }

    /**
     * The precision-recall curve of one class against the rest.
     *
     * @param scores   the score of each row for the class
     * @param positive whether each row belongs to the class
     * @return the curve, or null when no row belongs to the class (recall is undefined)
     */
    static PrecisionRecall precisionRecall(double[] scores, boolean[] positive) {
        return precisionRecall(counts(scores, positive));
    }

    /**
     * The precision-recall curve from counts.
     *
     * @param c the counts of {@link #counts}
     * @return the curve, or null when no row belongs to the class (recall is undefined)
     */
    static PrecisionRecall precisionRecall(Counts c) {
        int m = c.size;
        int positives = c.tps[m - 1];
        if (positives == 0) {
            return null;
        }
        double[] precision = new double[m + 1];
        double[] recall = new double[m + 1];
        for (int i = 0; i < m; i++) {
            // reversed so that recall descends, as scikit-learn returns it
            precision[m - 1 - i] = (double) c.tps[i] / (c.tps[i] + c.fps[i]);
            recall[m - 1 - i] = (double) c.tps[i] / positives;
        }
        precision[m] = 1;
        recall[m] = 0;
        double ap = 0;
        for (int i = 0; i < m; i++) {
            ap += (recall[i] - recall[i + 1]) * precision[i];
        }
        return new PrecisionRecall(precision, recall, ap);
    }

    /**
     * The reliability curve of one class: rows binned by predicted probability into {@code bins}
     * equal-width bins, where a probability on an inner edge falls into the lower bin (numpy's
     * {@code searchsorted} on the inner edges, as {@code calibration_curve} does).
     *
     * @param probabilities the predicted probability of the class for each row, in [0, 1]
     * @param positive      whether each row belongs to the class
     * @param bins          the number of bins, at least 1
     * @return the curve over the non-empty bins
     */
    static Calibration calibration(double[] probabilities, boolean[] positive, int bins) {
        double[] inner = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            inner[i - 1] = i * (1.0 / bins); // numpy.linspace(0, 1, bins + 1)[i], bit for bit
        }
        double[] sums = new double[bins];
        int[] trues = new int[bins];
        int[] totals = new int[bins];
        for (int r = 0; r < probabilities.length; r++) {
            double p = probabilities[r];
            int bin = 0;
            while (bin < inner.length && inner[bin] < p) {
                bin++;
            }
            sums[bin] += p;
            totals[bin]++;
            if (positive[r]) {
                trues[bin]++;
            }
        }
        int nonEmpty = 0;
        for (int total : totals) {
            nonEmpty += total > 0 ? 1 : 0;
        }
        double[] mean = new double[nonEmpty];
        double[] fraction = new double[nonEmpty];
        int[] counts = new int[nonEmpty];
        int j = 0;
        for (int b = 0; b < bins; b++) {
            if (totals[b] > 0) {
                mean[j] = sums[b] / totals[b];
                fraction[j] = (double) trues[b] / totals[b];
                counts[j] = totals[b];
                j++;
            }
        }
        return new Calibration(mean, fraction, counts);
    }

    /**
     * Counts finite values into {@code bins} equal-width bins between their minimum and maximum,
     * as {@code numpy.histogram(values, bins)} does (a constant sample spans value - 0.5 to
     * value + 0.5).
     *
     * @param values finite values, at least one
     * @param bins   the number of bins, at least 1
     * @return the edges and counts
     */
    static Histogram histogram(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double step = (hi - lo) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + lo; // numpy.linspace, bit for bit
        }
        edges[bins] = hi;
        int[] counts = new int[bins];
        double norm = bins / (hi - lo);
        for (double v : values) {
            // numpy's fast path, then its correction for values that rounding put in a neighbour bin
            int i = (int) ((v - lo) * norm);
            if (i == bins) {
                i = bins - 1;
            }
            if (v < edges[i]) {
                i--;
            } else if (v >= edges[i + 1] && i != bins - 1) {
                i++;
            }
            counts[i]++;
        }
        return new Histogram(edges, counts);
    }

    /**
     * The number of histogram bins for {@code n} values: the Rice rule {@code ceil(2 n^(1/3))},
     * kept between 10 and 50 so that small samples still show a shape and large ones stay legible.
     *
     * @param n the number of values
     * @return the number of bins
     */
    static int histogramBins(int n) {
        return Math.max(10, Math.min(50, (int) Math.ceil(2 * Math.cbrt(n))));
    }

    /**
     * Chooses at most {@code max} of {@code n} rows, evenly spread and always the same ones:
     * row {@code floor(i * n / max)} for {@code i < max}.
     *
     * @param n   the number of rows
     * @param max the most rows to keep, at least 1
     * @return ascending row indices, all rows when {@code n <= max}
     */
    static int[] evenSample(int n, int max) {
        int size = Math.min(n, max);
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = n <= max ? i : (int) ((long) i * n / max);
        }
        return rows;
    }

    /**
     * Cumulative counts at each distinct score, from the highest down: scikit-learn's
     * {@code _binary_clf_curve}. Sorts the positives' and the negatives' scores separately and
     * merges them from the top, so no index sort is needed.
     *
     * @param scores   the score of each row, no NaN
     * @param positive whether each row is positive
     * @return the counts
     */
    static Counts counts(double[] scores, boolean[] positive) {
        int n = scores.length;
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        double[] pos = new double[positives];
        double[] neg = new double[n - positives];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            double s = scores[i] + 0.0; // -0.0 ties with 0.0, as in numpy
            if (positive[i]) {
                pos[a++] = s;
            } else {
                neg[b++] = s;
            }
        }
        DoubleSort.sort(pos);
        DoubleSort.sort(neg);
        int[] tps = new int[n];
        int[] fps = new int[n];
        int m = 0;
        int i = pos.length - 1;
        int j = neg.length - 1;
        int tp = 0;
        int fp = 0;
        while (i >= 0 || j >= 0) {
            double v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            while (i >= 0 && pos[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == v) {
                fp++;
                j--;
            }
            tps[m] = tp;
            fps[m] = fp;
            m++;
        }
        return new Counts(Arrays.copyOf(tps, m), Arrays.copyOf(fps, m), m);
    }
}
