/**
 * Evaluation of predictions against actual values: classification and regression metrics whose
 * names and definitions match scikit-learn, per-class metrics, row subsets for bootstrap intervals
 * and slices, and the files a run keeps ({@code metrics.json}, {@code predictions.csv},
 * {@code confusion_matrix.csv}).
 *
 * <p>The package works on plain arrays and does not depend on any training library, so that
 * predictions from Tribuo, ONNX Runtime or a file can be evaluated alike. Metric names and edge
 * cases are documented in {@code docs/metrics.md}.
 */
package dev.mlops.evaluate;
