package dev.mlops.tracking;

import dev.mlops.tracking.internal.StoreFiles;

/**
 * One logged value of a metric.
 *
 * @param key       the metric name (MLflow key rules: letters, digits, {@code _ - . / space})
 * @param value     the value; NaN and infinities are allowed, as in MLflow
 * @param timestamp when it was measured, in milliseconds since the epoch (not negative)
 * @param step      the training step or iteration it belongs to
 */
public record Metric(String key, double value, long timestamp, long step) {

    /**
     * Validates the key and timestamp.
     *
     * @param key the metric name (MLflow key rules: letters, digits, {@code _ - . / space})
     * @param value the value; NaN and infinities are allowed, as in MLflow
     * @param timestamp when it was measured, in milliseconds since the epoch (not negative)
     * @param step the training step or iteration it belongs to
     */
    public Metric {
        StoreFiles.validateKey("metric", key);
        if (timestamp < 0) {
            throw new IllegalArgumentException("metric '" + key + "' has timestamp " + timestamp
                    + "; timestamps are milliseconds since the epoch and must not be negative");
        }
    }

    /**
     * A value measured now.
     *
     * @param key   the metric name
     * @param value the value
     * @param step  the step
     * @return the metric point
     */
    public static Metric now(String key, double value, long step) {
        return new Metric(key, value, System.currentTimeMillis(), step);
    }
}
