package dev.mlops.maven;

import dev.mlops.MlopsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the project, the spec file, the output folder, the skip switch, the build
 * timestamp, and the translation of library errors into one clear build message.
 */
abstract class AbstractMlopsMojo extends AbstractMojo {

    /** The Maven project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The model spec file. */
    @Parameter(property = "mlops.spec", defaultValue = "${project.basedir}/src/main/mlops/model.yaml")
    protected java.io.File spec;

    /** Where models, bundles and reports are written; each model gets a sub-folder named after it. */
    @Parameter(property = "mlops.outputDirectory", defaultValue = "${project.build.directory}/mlops")
    protected java.io.File outputDirectory;

    /**
     * Where runs are recorded: a folder (MLflow's {@code mlruns} layout) or an MLflow server URL such
     * as {@code http://mlflow:5000} (token from the {@code MLFLOW_TRACKING_TOKEN} environment variable).
     */
    @Parameter(property = "mlops.tracking.uri", defaultValue = "${project.basedir}/mlruns")
    protected String trackingUri;

    /** Skips every mlops goal. */
    @Parameter(property = "mlops.skip", defaultValue = "false")
    protected boolean skip;

    /** The build's reproducibility timestamp; models and images are stamped with it instead of the clock. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    protected String outputTimestamp;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("Skipping mlops:" + goal() + " (" + (skip ? "mlops.skip" : "mlops." + goal() + ".skip") + ")");
            return;
        }
        // Tribuo and ONNX Runtime log progress through java.util.logging at INFO; keep the build log to
        // what matters unless Maven runs with -X. Holding the loggers keeps the levels from being collected.
        java.util.List<java.util.logging.Logger> quiet = java.util.stream.Stream.of("org.tribuo", "com.oracle.labs",
                "ai.onnxruntime").map(java.util.logging.Logger::getLogger).toList();
        java.util.logging.Level level = getLog().isDebugEnabled() ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING;
        quiet.forEach(l -> l.setLevel(level));
        try {
            run();
        } catch (MlopsException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("mlops:" + goal() + " could not read or write a file: " + e.getMessage(), e);
        }
    }

    /** @return the goal name, for messages */
    abstract String goal();

    /** @return whether this goal's own skip switch is on */
    abstract boolean skipGoal();

    /** Does the goal's work. */
    abstract void run() throws MojoExecutionException, MojoFailureException, java.io.IOException;

    Path specPath() throws MojoExecutionException {
        Path path = spec.toPath();
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new MojoExecutionException("<spec> " + path + " does not exist: create the model spec there"
                    + " (see docs/spec.md) or point <spec> / -Dmlops.spec at it");
        }
        return path;
    }

    /**
     * Loads the bundle {@code train} wrote for this model, refusing one whose data has changed since:
     * gates and images must describe what would ship.
     */
    dev.mlops.model.ModelBundle builtBundle(dev.mlops.train.ModelSpec modelSpec, dev.mlops.data.Dataset data)
            throws java.io.IOException, MojoExecutionException {
        Path dir = bundleDirectory(modelSpec.name());
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new MojoExecutionException("No model bundle at " + dir + ": run mlops:train first (mvn verify runs it"
                    + " in the process-classes phase)");
        }
        dev.mlops.model.ModelBundle bundle = dev.mlops.model.ModelBundle.load(dir);
        String trainedOn = bundle.info().datasetFingerprint();
        if (data != null && !data.fingerprint().equals(trainedOn)) {
            throw new MojoExecutionException("The bundle at " + dir + " was trained on data with fingerprint "
                    + trainedOn.substring(0, 12) + " but " + data.source() + " now has " + data.fingerprint().substring(0, 12)
                    + ": run mlops:train to retrain");
        }
        return bundle;
    }

    /**
     * Writes {@code report.html} next to the other reports, with the metric history of the model's
     * recorded runs when the tracking store is a local folder that has them.
     */
    void writeReport(dev.mlops.report.ModelReport.Builder report, String model) throws java.io.IOException {
        if (trackingUri != null && !trackingUri.startsWith("http")) {
            Path runs = Path.of(trackingUri);
            if (java.nio.file.Files.isDirectory(runs)) {
                try (dev.mlops.tracking.TrackingStore store = dev.mlops.tracking.TrackingStore.open(runs)) {
                    var experiment = store.findExperiment(model);
                    if (experiment.isPresent()) {
                        java.util.List<dev.mlops.report.HistoryPoint> history = new java.util.ArrayList<>();
                        for (var run : store.searchRuns(dev.mlops.tracking.RunQuery.of(experiment.get().id()))) {
                            if (run.tags().containsKey(dev.mlops.tracking.StandardTags.PARENT_RUN_ID)) {
                                continue;
                            }
                            java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
                            run.metrics().forEach((k, v) -> metrics.put(k, v.value()));
                            history.add(new dev.mlops.report.HistoryPoint(run.info().runId(),
                                    java.time.Instant.ofEpochMilli(run.info().startTime()), metrics));
                        }
                        history.sort(java.util.Comparator.comparing(dev.mlops.report.HistoryPoint::time));
                        report.history(history);
                    }
                }
            }
        }
        Path file = modelDirectory(model).resolve(dev.mlops.report.ModelReport.FILE_NAME);
        report.build().write(file);
        getLog().info("Report " + project.getBasedir().toPath().relativize(file.toAbsolutePath()));
    }

    /** A path for messages: relative to the project folder when inside it, else absolute. */
    String relative(Path path) {
        Path base = project.getBasedir() == null ? null : project.getBasedir().toPath().toAbsolutePath();
        Path abs = path.toAbsolutePath();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    Path modelDirectory(String model) {
        return outputDirectory.toPath().resolve(model);
    }

    /** The model bundle's directory form, written by {@code train}: {@code target/mlops/<model>/bundle}. */
    Path bundleDirectory(String model) {
        return modelDirectory(model).resolve("bundle");
    }

    /**
     * The instant of {@code project.build.outputTimestamp} (ISO-8601 or seconds since the epoch), or the
     * Unix epoch when the project does not set one, so that builds are reproducible by default.
     */
    Instant buildTimestamp() throws MojoExecutionException {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.length() == 1) {
            return Instant.EPOCH;
        }
        try {
            if (outputTimestamp.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(outputTimestamp));
            }
            return OffsetDateTime.parse(outputTimestamp).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new MojoExecutionException("<project.build.outputTimestamp> '" + outputTimestamp + "' is neither an"
                    + " ISO-8601 date-time such as 2026-01-01T00:00:00Z nor seconds since the epoch");
        }
    }
}
