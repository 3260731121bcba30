/**
 * The model report: one self-contained HTML page per model ({@code target/mlops/<model>/report.html})
 * with gates, metrics, evaluation charts (confusion heat map, ROC, precision-recall, calibration,
 * residuals), per-slice bars, drift, the metric history across runs, the sweep and the
 * hyperparameters.
 *
 * <p>{@link dev.mlops.report.ModelReport} is the entry point. Gates, history and slices come in as
 * small neutral records ({@link dev.mlops.report.GateRow}, {@link dev.mlops.report.HistoryPoint},
 * {@link dev.mlops.report.SliceMetric}) so that this package depends only on the evaluation, drift
 * and training packages. Charts are inline SVG generated here, with curve points computed as
 * scikit-learn computes them; the page needs no script and makes no network request.
 */
package dev.mlops.report;
