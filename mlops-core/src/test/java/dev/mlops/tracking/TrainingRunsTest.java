package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunsTest {

    @TempDir
    Path dir;

    @Test
    void record_sweep_logsParentWithMetricsAndOneChildPerConfiguration() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: cart}
                sweep:
                  metric: accuracy
                  grid: {max_depth: [1, 3]}
                """);
        TrainedModel model = new ModelTrainer().train(spec, Path.of("src/test/resources/data"));
        Path reports = dir.resolve("reports");
        model.writeReports(reports);
        try (TrackingStore store = TrackingStore.open(dir.resolve("mlruns"))) {
            String runId = TrainingRuns.record(store, model, new TrainingRuns.Attachments(dir, reports, null));
            Run run = store.getRun(runId);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(model.evaluation().metric("accuracy"), run.metrics().get("accuracy").value());
            assertEquals(model.evaluation().metric("f1.virginica"), run.metrics().get("f1.virginica").value());
            assertEquals("cart", run.params().get("trainer.type"));
            assertEquals("3", run.params().get("max_depth"), "a sweep picks depth 3 over a stump");
            assertEquals(model.datasetFingerprint(), run.tags().get(StandardTags.DATASET_FINGERPRINT));
            List<Run> children = store.searchRuns(RunQuery.of(run.info().experimentId()).filter("tags.mlflow.parentRunId = '" + runId + "'"));
            assertEquals(2, children.size());
            String chosen = run.tags().get(StandardTags.SWEEP_CHOSEN_RUN_ID);
            assertTrue(children.stream().anyMatch(c -> c.info().runId().equals(chosen)
                    && "true".equals(c.tags().get(StandardTags.SWEEP_CHOSEN))));
            Path artifacts = dir.resolve("mlruns").resolve(run.info().experimentId()).resolve(runId).resolve("artifacts");
            assertTrue(Files.exists(artifacts.resolve("reports/metrics.json")));
            assertTrue(Files.readString(artifacts.resolve("spec/model.yaml")).contains("name: iris"));
        }
    }
}
