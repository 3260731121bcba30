package dev.mlops.maven;

import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.TrainedModel;
import dev.mlops.tracking.TrackingStore;
import dev.mlops.tracking.TrainingRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the model described by the spec, evaluates it on the held-out test rows and writes
 * {@code metrics.json}, {@code predictions.csv} and {@code confusion_matrix.csv} under
 * {@code target/mlops/<model>/}.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainMojo extends AbstractMlopsMojo {

    /** Skips this goal. */
    @Parameter(property = "mlops.train.skip", defaultValue = "false")
    boolean skipTrain;

    /**
     * Where runs are recorded: a folder (MLflow's {@code mlruns} layout) or an MLflow server URL such
     * as {@code http://mlflow:5000} (token from the {@code MLFLOW_TRACKING_TOKEN} environment variable).
     */
    @Parameter(property = "mlops.tracking.uri", defaultValue = "${project.basedir}/mlruns")
    String trackingUri;

    /** The version recorded in the model bundle (and image labels). */
    @Parameter(property = "mlops.bundle.version", defaultValue = "${project.version}")
    String bundleVersion;

    /** Trains without recording a tracking run. */
    @Parameter(property = "mlops.tracking.skip", defaultValue = "false")
    boolean skipTracking;

    @Override
    String goal() {
        return "train";
    }

    @Override
    boolean skipGoal() {
        return skipTrain;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        Path specFile = specPath();
        ModelSpec modelSpec = ModelSpecReader.read(specFile);
        Path baseDir = project.getBasedir().toPath();
        TrainedModel model = trained(specFile, modelSpec).model();
        Path out = modelDirectory(modelSpec.name());
        model.writeReports(out);
        ModelBundle bundle = ModelBundle.from(model, new BundleMetadata(bundleVersion, buildTimestamp(), null)
                .withGitCommitFrom(baseDir));
        bundle.write(bundleDirectory(modelSpec.name()));
        Path zip = out.resolve(bundle.fileName());
        bundle.writeZip(zip);
        getLog().info("Bundle " + bundle.fileName() + (bundle.hasOnnx() ? " (Tribuo + ONNX)" : " (Tribuo; "
                + "no ONNX: " + bundle.manifest().onnx().reason() + ")"));
        getLog().info("Model " + modelSpec.name() + " (" + model.trainer().describe() + "), test metrics on "
                + model.testRows() + " rows:");
        for (Map.Entry<String, Double> e : model.evaluation().asMap().entrySet()) {
            if (!e.getKey().contains(".")) {
                getLog().info(String.format(Locale.ROOT, "  %-20s %.4f", e.getKey(), e.getValue()));
            }
        }
        getLog().info("Reports written to " + project.getBasedir().toPath().relativize(out.toAbsolutePath()));
        if (!skipTracking) {
            try (TrackingStore store = TrackingStore.open(trackingUri)) {
                String runId = TrainingRuns.record(store, model, new TrainingRuns.Attachments(baseDir, out, zip));
                getLog().info("Recorded run " + runId + " in experiment '" + modelSpec.name() + "' at " + trackingUri);
            }
        }
    }
}
