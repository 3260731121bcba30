package dev.mlops.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes to one run. Every call is committed when it returns (a local store survives a kill of
 * the process right after; a server has acknowledged it). Params are write-once as in MLflow:
 * logging the same key again with another value is an error. Closing the handle ends the run as
 * FINISHED if it is still running; end it with {@link #end(RunStatus)} to record a failure.
 */
public interface RunHandle extends AutoCloseable {

    /**
     * The run id.
     *
     * @return the id
     */
    String runId();

    /**
     * The experiment of the run.
     *
     * @return the experiment id
     */
    String experimentId();

    /**
     * Logs params, metric points and tags in one call (a REST store splits it into as many
     * {@code runs/log-batch} calls as MLflow's limits require).
     *
     * @param metrics metric points
     * @param params  params by key; values are written as text
     * @param tags    tags by key
     * @return this handle
     * @throws IllegalArgumentException for invalid keys, over-long values, or a param changing value
     * @throws IOException              when the store cannot be written
     */
    RunHandle logBatch(Collection<Metric> metrics, Map<String, String> params, Map<String, String> tags)
            throws IOException;

    /**
     * Logs a param (write-once).
     *
     * @param key   the param name
     * @param value its value as text
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle logParam(String key, String value) throws IOException {
        return logBatch(List.of(), Map.of(key, value), Map.of());
    }

    /**
     * Logs several params; values are converted with {@link String#valueOf(Object)}.
     *
     * @param params params by key
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle logParams(Map<String, ?> params) throws IOException {
        Map<String, String> text = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return logBatch(List.of(), text, Map.of());
    }

    /**
     * Logs a metric point measured now at step 0.
     *
     * @param key   the metric name
     * @param value the value
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle logMetric(String key, double value) throws IOException {
        return logMetric(key, value, 0);
    }

    /**
     * Logs a metric point measured now.
     *
     * @param key   the metric name
     * @param value the value
     * @param step  the step
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle logMetric(String key, double value, long step) throws IOException {
        return logBatch(List.of(Metric.now(key, value, step)), Map.of(), Map.of());
    }

    /**
     * Logs many metric points in one call.
     *
     * @param metrics the points
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle logMetrics(Collection<Metric> metrics) throws IOException {
        return logBatch(metrics, Map.of(), Map.of());
    }

    /**
     * Sets a tag (tags may be overwritten).
     *
     * @param key   the tag name
     * @param value its value
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle setTag(String key, String value) throws IOException {
        return logBatch(List.of(), Map.of(), Map.of(key, value));
    }

    /**
     * Sets several tags, e.g. {@link StandardTags#collect(Path)}.
     *
     * @param tags tags by key
     * @return this handle
     * @throws IOException when the store cannot be written
     */
    default RunHandle setTags(Map<String, String> tags) throws IOException {
        return logBatch(List.of(), Map.of(), tags);
    }

    /**
     * Stores a file or a directory tree as an artifact of the run, under its own name inside
     * {@code artifactDir}.
     *
     * @param fileOrDirectory the local file or directory
     * @param artifactDir     the artifact directory, relative to the run's artifact root; "" or
     *                        null for the root
     * @return this handle
     * @throws IllegalArgumentException when the file does not exist or the path is invalid
     * @throws IOException              when copying or uploading fails
     */
    RunHandle logArtifact(Path fileOrDirectory, String artifactDir) throws IOException;

    /**
     * Starts a nested run in the same experiment, tagged {@code mlflow.parentRunId} = this run
     * (MLflow's UI shows it under this one). Sweeps log one child per configuration.
     *
     * @param runName the child's name
     * @return the running child
     * @throws IOException when the store cannot be written
     */
    RunHandle startChild(String runName) throws IOException;

    /**
     * A snapshot of the run as stored.
     *
     * @return the run
     * @throws IOException when the store cannot be read
     */
    Run snapshot() throws IOException;

    /**
     * Ends the run with a status and the current time as end time.
     *
     * @param status FINISHED, FAILED or KILLED
     * @throws IllegalArgumentException for a non-terminal status
     * @throws IOException              when the store cannot be written
     */
    void end(RunStatus status) throws IOException;

    /**
     * Ends the run as FINISHED unless it was already ended (by {@link #end} or elsewhere).
     *
     * @throws IOException when the store cannot be written
     */
    @Override
    void close() throws IOException;
}
