package dev.mlops.evaluate;

import java.util.Map;

/**
 * The metrics of a set of predictions compared with the actual values. Implementations are
 * immutable and thread-safe; metrics are computed on first use.
 *
 * <p>Metric names and definitions follow scikit-learn, see {@code docs/metrics.md}.
 */
public interface Evaluation {

    /**
     * Returns every metric of this evaluation by name, in a fixed documented order. A metric
     * that is undefined for these rows (for example ROC AUC when the actual values contain a single
     * class) is present with the value {@link Double#NaN}, so the set of names depends only on the
     * kind of evaluation and its labels, never on the rows.
     *
     * @return an unmodifiable, insertion-ordered map from metric name to value
     */
    Map<String, Double> asMap();

    /**
     * Returns one metric by name.
     *
     * @param name a metric name, as in {@link #asMap()}
     * @return the value, {@link Double#NaN} when the metric is undefined for these rows
     * @throws IllegalArgumentException when no metric has that name (the message suggests the
     *                                  nearest valid name and lists them all)
     */
    double metric(String name);

    /**
     * Returns the number of evaluated rows.
     *
     * @return the number of rows, at least 1
     */
    int size();

    /**
     * Returns a new evaluation over the given rows of this one, for example a bootstrap resample
     * or a slice. Rows may repeat and appear in any order; the new evaluation has
     * {@code rows.length} rows. Costs time proportional to {@code rows.length}.
     *
     * @param rows row indices into this evaluation, each in {@code [0, size())}; not empty
     * @return the evaluation of those rows
     * @throws IllegalArgumentException when {@code rows} is empty or an index is out of range
     */
    Evaluation restrictTo(int[] rows);
}
