package dev.mlops.tracking;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs are recorded: a local directory in MLflow's {@code mlruns} layout or an MLflow
 * tracking server. Thread-safe; the local store is also safe for several processes at once.
 *
 * <pre>{@code
 * try (TrackingStore store = TrackingStore.open("mlruns");
 *      RunHandle run = store.startRun("iris", "sgd-baseline")) {
 *     run.logParam("epochs", "5").setTags(StandardTags.collect(Path.of(".")));
 *     run.logMetric("f1", 0.93, 5);
 *     run.logArtifact(Path.of("target/model.zip"), "model");
 * }   // ends the run as FINISHED
 * }</pre>
 */
public interface TrackingStore extends AutoCloseable {

    /**
     * Opens a store with the default {@link RestOptions}.
     *
     * @param location a directory path, a {@code file:} URI, or an {@code http(s)://} server URI
     * @return the store
     * @throws IOException when a local directory cannot be created or read
     * @see #open(String, RestOptions)
     */
    static TrackingStore open(String location) throws IOException {
        return open(location, RestOptions.defaults());
    }

    /**
     * Opens a store: {@code http://} and {@code https://} URIs select the MLflow REST API,
     * {@code file:} URIs and plain paths the local directory store (created when missing).
     *
     * @param location a directory path, a {@code file:} URI, or an {@code http(s)://} server URI
     * @param options  how to talk to a server (ignored for local stores)
     * @return the store
     * @throws IOException              when a local directory cannot be created or read
     * @throws IllegalArgumentException for other URI schemes
     */
    static TrackingStore open(String location, RestOptions options) throws IOException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new RestTrackingStore(URI.create(location), options);
        }
        return open(localPath(location));
    }

    /**
     * Opens (creating when missing) a local store in MLflow's {@code mlruns} layout.
     *
     * @param directory the store root
     * @return the store
     * @throws IOException when the directory cannot be created or is not a directory
     */
    static TrackingStore open(Path directory) throws IOException {
        return new LocalTrackingStore(directory);
    }

    /**
     * The local path a store location names.
     *
     * @param location a path or {@code file:} URI
     * @return the path
     * @throws IllegalArgumentException for URIs with other schemes
     */
    static Path localPath(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file://")) {
            return Path.of(URI.create(location));
        }
        if (lower.startsWith("file:")) { // file:relative/path, as MLflow accepts it
            return Path.of(location.substring("file:".length()));
        }
        int colon = location.indexOf(':');
        if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new IllegalArgumentException("Unsupported tracking URI '" + location + "'; valid: a directory path,"
                    + " file:///path, http://host:port or https://host:port");
        }
        return Path.of(location);
    }

    /**
     * Where this store is, as a URI string.
     *
     * @return {@code file:///...} or {@code http(s)://...}
     */
    String location();

    /**
     * The active experiment with this name, created when missing. Safe when several processes
     * ask for the same new name at once: all get the same experiment.
     *
     * @param name the experiment name
     * @return the experiment
     * @throws IOException when the store cannot be read or written
     */
    Experiment getOrCreateExperiment(String name) throws IOException;

    /**
     * The active experiment with this name.
     *
     * @param name the experiment name
     * @return the experiment, or empty
     * @throws IOException when the store cannot be read
     */
    Optional<Experiment> findExperiment(String name) throws IOException;

    /**
     * An experiment by id (active or deleted).
     *
     * @param experimentId the id
     * @return the experiment
     * @throws NotFoundException when there is no such experiment
     * @throws IOException       when the store cannot be read
     */
    Experiment getExperiment(String experimentId) throws IOException;

    /**
     * The active experiments.
     *
     * @return experiments sorted by id
     * @throws IOException when the store cannot be read
     */
    List<Experiment> listExperiments() throws IOException;

    /**
     * Starts a run in the named experiment (created when missing).
     *
     * @param experimentName the experiment
     * @param runName        the run's display name, or null for a generated one
     * @return the running run
     * @throws IOException when the store cannot be written
     */
    default RunHandle startRun(String experimentName, String runName) throws IOException {
        return startRun(experimentName, runName, Map.of());
    }

    /**
     * Starts a run in the named experiment (created when missing) with initial tags. Sets
     * {@code mlflow.runName} and {@code mlflow.user}; put {@code mlflow.parentRunId} in
     * {@code tags} (or use {@link RunHandle#startChild}) to nest it.
     *
     * @param experimentName the experiment
     * @param runName        the run's display name, or null for a generated one
     * @param tags           initial tags
     * @return the running run
     * @throws IOException when the store cannot be written
     */
    RunHandle startRun(String experimentName, String runName, Map<String, String> tags) throws IOException;

    /**
     * A handle to log more to an existing run (e.g. from another process).
     *
     * @param runId the run id
     * @return the handle; closing it ends the run only if it is still RUNNING
     * @throws NotFoundException when there is no such run
     * @throws IOException       when the store cannot be read
     */
    RunHandle resumeRun(String runId) throws IOException;

    /**
     * A snapshot of a run.
     *
     * @param runId the run id
     * @return the run
     * @throws NotFoundException when there is no such run
     * @throws IOException       when the run's files cannot be read; the message names the file
     */
    Run getRun(String runId) throws IOException;

    /**
     * Every logged point of a metric, in logging order.
     *
     * @param runId the run id
     * @param key   the metric name
     * @return the points; empty when never logged
     * @throws NotFoundException when there is no such run
     * @throws IOException       when the store cannot be read
     */
    List<Metric> metricHistory(String runId, String key) throws IOException;

    /**
     * Searches runs (active ones only).
     *
     * @param query experiments, filter, order and limit
     * @return the matching runs in order
     * @throws IllegalArgumentException when the filter or an order entry is malformed
     * @throws IOException              when the store cannot be read
     */
    List<Run> searchRuns(RunQuery query) throws IOException;

    /**
     * Two runs side by side.
     *
     * @param leftRunId  the first run
     * @param rightRunId the second run
     * @return every param and metric of either run, with differences marked
     * @throws NotFoundException when a run does not exist
     * @throws IOException       when the store cannot be read
     */
    default RunComparison compare(String leftRunId, String rightRunId) throws IOException {
        return RunComparison.of(getRun(leftRunId), getRun(rightRunId));
    }

    /**
     * The entries directly under an artifact directory of a run.
     *
     * @param runId the run id
     * @param path  a directory relative to the run's artifact root, or "" for the root
     * @return the entries sorted by path
     * @throws NotFoundException when there is no such run
     * @throws IOException       when the artifacts cannot be listed
     */
    List<ArtifactEntry> listArtifacts(String runId, String path) throws IOException;

    /**
     * Copies an artifact file or directory of a run to a local directory.
     *
     * @param runId     the run id
     * @param path      the artifact path relative to the run's artifact root
     * @param targetDir the directory to copy into (created when missing)
     * @return the local copy: {@code targetDir/<last segment of path>}
     * @throws NotFoundException when there is no such run or artifact
     * @throws IOException       when reading or writing fails
     */
    Path downloadArtifacts(String runId, String path, Path targetDir) throws IOException;

    /** Releases resources (HTTP connections); the local store holds none between calls. */
    @Override
    void close();
}
