package dev.mlops.tracking;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A snapshot of a run: its metadata, params, the latest value of each metric, and tags.
 *
 * @param info    the metadata
 * @param params  params by key
 * @param metrics the latest point of each metric (highest step, then latest timestamp, as MLflow)
 * @param tags    tags by key, including MLflow's system tags such as {@code mlflow.runName}
 */
public record Run(RunInfo info, Map<String, String> params, Map<String, Metric> metrics, Map<String, String> tags) {

    /**
     * Copies the maps.
     *
     * @param info the metadata
     * @param params params by key
     * @param metrics the latest point of each metric (highest step, then latest timestamp, as MLflow)
     * @param tags tags by key, including MLflow's system tags such as {@code mlflow.runName}
     */
    public Run {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }

    /**
     * The run id.
     *
     * @return {@code info().runId()}
     */
    public String id() {
        return info.runId();
    }

    /**
     * The latest value of a metric.
     *
     * @param key the metric name
     * @return its latest value, or empty when never logged
     */
    public OptionalDouble metric(String key) {
        Metric m = metrics.get(key);
        return m == null ? OptionalDouble.empty() : OptionalDouble.of(m.value());
    }

    /**
     * A param value.
     *
     * @param key the param name
     * @return its value, or empty when never logged
     */
    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /**
     * A tag value.
     *
     * @param key the tag name
     * @return its value, or empty when not set
     */
    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
