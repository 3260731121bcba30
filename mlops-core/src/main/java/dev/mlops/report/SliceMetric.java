package dev.mlops.report;

/**
 * A metric computed on a slice of the evaluated rows, a bar of the per-slice charts. The report
 * draws one chart per metric with one bar per slice, in the order given.
 *
 * @param slice  the slice's name, e.g. {@code ocean_proximity=INLAND}; not blank
 * @param metric the metric's name, e.g. {@code rmse}; not blank
 * @param value  the metric's value on the slice; NaN when undefined (drawn as a gap)
 * @param rows   the number of rows in the slice, at least 0
 */
public record SliceMetric(String slice, String metric, double value, int rows) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when a name is blank, the value infinite or rows negative
     */
    public SliceMetric {
        if (slice == null || slice.isBlank()) {
            throw new IllegalArgumentException("slice name must not be blank, was " + (slice == null ? "null" : "'" + slice + "'"));
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("slice '" + slice + "' has a blank metric name");
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("slice '" + slice + "' metric " + metric + " = " + value
                    + " is infinite; give a finite value or NaN for undefined");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("slice '" + slice + "' has " + rows + " rows; must be >= 0");
        }
    }
}
