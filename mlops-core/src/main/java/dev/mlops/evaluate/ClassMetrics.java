package dev.mlops.evaluate;

/**
 * The metrics of one class of a classification, as scikit-learn's
 * {@code precision_recall_fscore_support(average=None)} computes them: a ratio whose denominator
 * is zero is 0.0.
 *
 * @param precision correct predictions of the class divided by all predictions of the class
 * @param recall    correct predictions of the class divided by the rows whose actual value is the class
 * @param f1        harmonic mean of precision and recall
 * @param support   number of rows whose actual value is the class
 */
public record ClassMetrics(double precision, double recall, double f1, int support) {
}
