package dev.mlops.train;

import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.data.Task;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.EvaluationFiles;
import dev.mlops.features.FeaturePipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;

/**
 * The outcome of training: the fitted preprocessing and Tribuo model, the configuration that
 * produced it, and its evaluation on the held-out test rows.
 *
 * @param spec               the spec trained from
 * @param trainer            the chosen configuration (the spec's trainer unless a sweep picked another)
 * @param algorithm          the chosen algorithm ({@link Algorithm#CUSTOM} for a {@link CustomTrainer})
 * @param hyperparameters    every hyperparameter of the chosen configuration, defaults filled in
 * @param pipeline           preprocessing fitted on the training rows
 * @param model              the Tribuo model; its provenance carries the fixed training time
 * @param labels             the class labels in sorted order (classification), empty for regression
 * @param datasetFingerprint sha256 of the data and schema
 * @param trainRows          rows the final model was fitted on
 * @param testRows           rows it was evaluated on
 * @param evaluation         metrics on the test rows
 * @param testIds            where each test row came from (line numbers), parallel to the evaluation's rows
 * @param sweep              every configuration a sweep tried, empty without a sweep
 * @param split              the row indices of the training, validation and test parts of the data set,
 *                           so that gates can slice the test rows and look for leakage
 * @param testData           the test rows themselves (for checks such as ONNX parity), or {@code null} when not kept
 */
public record TrainedModel(
        ModelSpec spec,
        TrainerSpec trainer,
        Algorithm algorithm,
        Map<String, Object> hyperparameters,
        FeaturePipeline pipeline,
        Model<?> model,
        List<String> labels,
        String datasetFingerprint,
        int trainRows,
        int testRows,
        Evaluation evaluation,
        List<String> testIds,
        List<SweepTrial> sweep,
        Split split,
        Dataset testData) {

    /** Copies the collections. */
    public TrainedModel {
        hyperparameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperparameters));
        labels = List.copyOf(labels);
        testIds = List.copyOf(testIds);
        sweep = List.copyOf(sweep);
    }

    /** @return the model's task */
    public Task task() {
        return spec.task();
    }

    /**
     * Writes {@code metrics.json}, {@code predictions.csv} and (classification) {@code confusion_matrix.csv}.
     *
     * @param dir the output folder, e.g. {@code target/mlops/<model>}
     * @throws IOException when a file cannot be written
     */
    public void writeReports(Path dir) throws IOException {
        EvaluationFiles.write(dir, evaluation, testIds);
    }
}
