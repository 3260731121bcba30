package dev.mlops.maven;

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
                String runId = TrainingRuns.record(store, model, new TrainingRuns.Attachments(baseDir, out, null));
                getLog().info("Recorded run " + runId + " in experiment '" + modelSpec.name() + "' at " + trackingUri);
            }
        }
    }
}
