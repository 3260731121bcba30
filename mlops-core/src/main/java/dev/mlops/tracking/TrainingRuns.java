package dev.mlops.tracking;

import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.SweepTrial;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a training as a tracking run: every hyperparameter, every test metric, the dataset
 * fingerprint, git and environment tags, the spec, the reports and (when given) the bundle. A sweep
 * adds one nested run per configuration with its validation score, and tags the chosen one.
 * The experiment is named after the model.
 */
public final class TrainingRuns {

    private TrainingRuns() {
    }

    /**
     * What to attach to the run besides the trained model.
     *
     * @param workDir    where to read git information from (the project folder)
     * @param reportsDir folder of the evaluation reports to log as artifacts under {@code reports/}, or {@code null}
     * @param bundle     the model bundle (file or folder) to log under {@code bundle/}, or {@code null}
     */
    public record Attachments(Path workDir, Path reportsDir, Path bundle) {

        /** Requires the work folder. */
        public Attachments {
            Objects.requireNonNull(workDir, "workDir");
        }
    }

    /**
     * Logs the training as a finished run.
     *
     * @param store       where to record
     * @param model       the trained model
     * @param attachments files to attach
     * @return the run's id
     * @throws IOException when the store cannot be written
     */
    public static String record(TrackingStore store, TrainedModel model, Attachments attachments) throws IOException {
        String name = model.spec().name();
        Map<String, String> tags = new LinkedHashMap<>(StandardTags.collect(attachments.workDir()));
        tags.put(StandardTags.DATASET_FINGERPRINT, model.datasetFingerprint());
        try (RunHandle run = store.startRun(name, name + "-" + model.trainer().type(), tags)) {
            run.logParams(params(model, model.hyperparameters()));
            run.logMetrics(metrics(model.evaluation().asMap()));
            if (!model.sweep().isEmpty()) {
                recordSweep(run, model);
            }
            Path dir = Files.createTempDirectory("mlops-spec");
            Path spec = dir.resolve("model.yaml");
            try {
                Files.writeString(spec, ModelSpecReader.write(model.spec()), StandardCharsets.UTF_8);
                run.logArtifact(spec, "spec");
            } finally {
                Files.deleteIfExists(spec);
                Files.deleteIfExists(dir);
            }
            if (attachments.reportsDir() != null && Files.isDirectory(attachments.reportsDir())) {
                try (var files = Files.list(attachments.reportsDir())) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        run.logArtifact(file, "reports");
                    }
                }
            }
            if (attachments.bundle() != null) {
                run.logArtifact(attachments.bundle(), "bundle");
            }
            return run.runId();
        }
    }

    private static void recordSweep(RunHandle parent, TrainedModel model) throws IOException {
        String chosen = null;
        int i = 0;
        for (SweepTrial trial : model.sweep()) {
            try (RunHandle child = parent.startChild(model.spec().name() + "-sweep-" + (++i))) {
                Map<String, Object> params = new LinkedHashMap<>(trial.hyperparameters());
                params.put("trainer.type", trial.trainer().type());
                if (trial.trainer().className() != null) {
                    params.put("trainer.class", trial.trainer().className());
                }
                params.put("trainer.seed", trial.trainer().seed());
                child.logParams(params);
                if (Double.isFinite(trial.score())) {
                    child.logMetric("validation_" + trial.metric(), trial.score());
                }
                child.logMetric("training_seconds", trial.seconds());
                child.setTag(StandardTags.SWEEP_CHOSEN, Boolean.toString(trial.chosen()));
                if (trial.chosen()) {
                    chosen = child.runId();
                }
            }
        }
        if (chosen != null) {
            parent.setTag(StandardTags.SWEEP_CHOSEN_RUN_ID, chosen);
        }
    }

    private static Map<String, Object> params(TrainedModel model, Map<String, Object> hyperparameters) {
        Map<String, Object> params = new LinkedHashMap<>(hyperparameters);
        var dataset = model.spec().dataset();
        params.put("trainer.type", model.trainer().type());
        if (model.trainer().className() != null) {
            params.put("trainer.class", model.trainer().className());
        }
        params.put("trainer.seed", model.trainer().seed());
        params.put("task", model.task().specName());
        params.put("dataset.file", dataset.file());
        params.put("dataset.target", dataset.target());
        params.put("split.seed", dataset.split().seed());
        params.put("split.test_fraction", dataset.split().testFile() != null ? "test_file" : dataset.split().testFraction());
        params.put("rows.train", model.trainRows());
        params.put("rows.test", model.testRows());
        if (!model.sweep().isEmpty()) {
            params.put("sweep.metric", model.sweep().get(0).metric());
            params.put("sweep.configurations", model.sweep().size());
        }
        return params;
    }

    /** NaN marks a metric undefined for these rows (e.g. AUC with one class present): not logged. */
    private static List<Metric> metrics(Map<String, Double> values) {
        List<Metric> metrics = new ArrayList<>();
        long now = System.currentTimeMillis();
        values.forEach((k, v) -> {
            if (!v.isNaN()) {
                metrics.add(new Metric(k, v, now, 0));
            }
        });
        return metrics;
    }
}
