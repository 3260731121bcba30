package dev.mlops.report;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of one recorded run of the model, a point of the history charts.
 *
 * @param runId   the run's identifier; not blank
 * @param time    when the run happened; the history is drawn in this order
 * @param metrics metric values by name (final values of the run); non-finite values are not drawn
 */
public record HistoryPoint(String runId, Instant time, Map<String, Double> metrics) {

    /**
     * Checks the fields and copies the metrics into name order.
     *
     * @throws IllegalArgumentException when a field is missing or a metric name or value is null
     */
    public HistoryPoint {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("history run id must not be blank, was " + (runId == null ? "null" : "'" + runId + "'"));
        }
        if (time == null) {
            throw new IllegalArgumentException("history run '" + runId + "' has no time");
        }
        if (metrics == null) {
            throw new IllegalArgumentException("history run '" + runId + "' has no metrics map");
        }
        TreeMap<String, Double> copy = new TreeMap<>();
        metrics.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("history run '" + runId + "' has a null metric name or value: "
                        + name + " = " + value);
            }
            copy.put(name, value);
        });
        metrics = Collections.unmodifiableMap(copy);
    }
}
