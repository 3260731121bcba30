package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrackingStoreTest {

    @TempDir
    Path tmp;
    TrackingStore store;

    @BeforeEach
    void open() throws IOException {
        store = TrackingStore.open("file://" + tmp.resolve("mlruns").toAbsolutePath());
    }

    @Test
    void open_selectsImplementationByUri() throws IOException {
        assertEquals(tmp.resolve("mlruns").toUri().toString().replaceAll("/$", ""), store.location());
        try (TrackingStore byPath = TrackingStore.open(tmp.resolve("other").toString())) {
            assertTrue(byPath.location().startsWith("file:///"));
        }
        try (TrackingStore remote = TrackingStore.open("http://127.0.0.1:5000/")) {
            assertEquals("http://127.0.0.1:5000", remote.location());
        }
        assertEquals(Path.of("rel/mlruns"), TrackingStore.localPath("file:rel/mlruns"));
        assertEquals(Path.of("/abs/mlruns"), TrackingStore.localPath("file:///abs/mlruns"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrackingStore.open("s3://bucket/mlruns"));
        assertTrue(e.getMessage().contains("Unsupported tracking URI 's3://bucket/mlruns'"), e.getMessage());
    }

    @Test
    void experiments_getOrCreateIsIdempotentAndNumbered() throws IOException {
        Experiment iris = store.getOrCreateExperiment("iris");
        Experiment housing = store.getOrCreateExperiment("housing");
        assertEquals("1", iris.id());
        assertEquals("2", housing.id());
        assertEquals(iris, store.getOrCreateExperiment("iris"));
        assertEquals(List.of("0", "1", "2"), store.listExperiments().stream().map(Experiment::id).toList());
        assertEquals("housing", store.getExperiment("2").name());
        assertTrue(store.findExperiment("nope").isEmpty());
        NotFoundException e = assertThrows(NotFoundException.class, () -> store.getExperiment("7"));
        assertTrue(e.getMessage().contains("1 (iris), 2 (housing)"), e.getMessage());
    }

    @Test
    void run_paramsMetricsTagsRoundTrip() throws IOException {
        String id;
        try (RunHandle run = store.startRun("iris", "sgd", Map.of("team", "ml"))) {
            id = run.runId();
            run.logParams(Map.of("epochs", 5, "lr", 0.01));
            run.logMetric("f1", 0.80, 1).logMetric("f1", 0.90, 3).logMetric("f1", 0.85, 2);
            run.logMetrics(List.of(new Metric("loss", 1.5, 10, 0), new Metric("loss", 0.5, 20, 0)));
            run.setTag(StandardTags.NOTE, "baseline");
            Run snapshot = run.snapshot();
            assertEquals(RunStatus.RUNNING, snapshot.info().status());
            assertNull(snapshot.info().endTime());
        }
        Run run = store.getRun(id);
        assertEquals(RunStatus.FINISHED, run.info().status(), "close() ends the run as FINISHED");
        assertNotNull(run.info().endTime());
        assertEquals("sgd", run.info().runName());
        assertEquals("1", run.info().experimentId());
        assertEquals(Map.of("epochs", "5", "lr", "0.01"), run.params());
        assertEquals(0.90, run.metric("f1").getAsDouble(), "latest = highest step");
        assertEquals(0.5, run.metric("loss").getAsDouble(), "same step: latest timestamp");
        assertEquals("ml", run.tag("team").orElseThrow());
        assertEquals("baseline", run.tag(StandardTags.NOTE).orElseThrow());
        assertEquals("sgd", run.tag(StandardTags.RUN_NAME).orElseThrow());
        List<Metric> history = store.metricHistory(id, "f1");
        assertEquals(List.of(0.80, 0.90, 0.85), history.stream().map(Metric::value).toList(), "logging order");
        assertEquals(List.of(1L, 3L, 2L), history.stream().map(Metric::step).toList());
        assertEquals(List.of(), store.metricHistory(id, "never"));
    }

    @Test
    void params_areWriteOnce() throws IOException {
        try (RunHandle run = store.startRun("iris", "sgd")) {
            run.logParam("lr", "0.1").logParam("lr", "0.1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.logParam("lr", "0.2"));
            assertTrue(e.getMessage().contains("Param 'lr' of run " + run.runId()
                    + " was already logged with value '0.1'; params are write-once, cannot change it to '0.2'"),
                    e.getMessage());
            assertEquals("0.1", run.snapshot().param("lr").orElseThrow());
        }
    }

    @Test
    void end_recordsStatus_andCloseDoesNotOverride() throws IOException {
        RunHandle run = store.startRun("iris", null);
        assertTrue(run.snapshot().info().runName().startsWith("run-"));
        run.end(RunStatus.FAILED);
        run.close();
        assertEquals(RunStatus.FAILED, store.getRun(run.runId()).info().status());
        assertThrows(IllegalArgumentException.class, () -> run.end(RunStatus.RUNNING));
    }

    @Test
    void resumeRun_appendsFromAnotherHandle() throws IOException {
        RunHandle first = store.startRun("iris", "a");
        first.logMetric("m", 1, 0);
        try (RunHandle again = store.resumeRun(first.runId())) {
            again.logMetric("m", 2, 1);
        }
        assertEquals(2, store.metricHistory(first.runId(), "m").size());
        assertEquals(RunStatus.FINISHED, store.getRun(first.runId()).info().status());
    }

    @Test
    void sweep_childRunsNestedUnderParentAndChosenTagged() throws IOException {
        String chosen = null;
        try (RunHandle parent = store.startRun("iris", "sweep")) {
            double best = -1;
            for (double lr : new double[] {0.1, 0.01, 0.001}) {
                try (RunHandle child = parent.startChild("lr=" + lr)) {
                    double f1 = 1 - Math.abs(Math.log10(lr) + 2) / 10; // peaks at lr=0.01
                    child.logParam("lr", String.valueOf(lr)).logMetric("f1", f1);
                    if (f1 > best) {
                        best = f1;
                        chosen = child.runId();
                    }
                }
            }
            store.resumeRun(chosen).setTag(StandardTags.SWEEP_CHOSEN, "true");
            parent.setTag(StandardTags.SWEEP_CHOSEN_RUN_ID, chosen);
            List<Run> children = store.searchRuns(RunQuery.of(parent.experimentId())
                    .filter("tags.mlflow.parentRunId = '" + parent.runId() + "'"));
            assertEquals(3, children.size());
            List<Run> picked = store.searchRuns(RunQuery.of(parent.experimentId())
                    .filter("tags.mlops.sweep.chosen = 'true'"));
            assertEquals(1, picked.size());
            assertEquals("0.01", picked.get(0).param("lr").orElseThrow());
            assertEquals(chosen, store.getRun(parent.runId()).tag(StandardTags.SWEEP_CHOSEN_RUN_ID).orElseThrow());
        }
    }

    @Test
    void search_top5ByF1_andCompare() throws IOException {
        String experiment = store.getOrCreateExperiment("iris").id();
        double[] f1 = {0.71, 0.93, 0.88, 0.95, 0.60, 0.91, 0.89};
        for (int i = 0; i < f1.length; i++) {
            try (RunHandle run = store.startRun("iris", "run" + i)) {
                run.logParam("model", i % 2 == 0 ? "sgd" : "tree").logMetric("f1", f1[i], 1);
            }
        }
        try (RunHandle noMetric = store.startRun("iris", "crashed")) {
            noMetric.logParam("model", "sgd");
        }
        List<Run> top = store.searchRuns(RunQuery.of(experiment).orderBy("metrics.f1 DESC").limit(5));
        assertEquals(List.of("run3", "run1", "run5", "run6", "run2"),
                top.stream().map(r -> r.info().runName()).toList());
        List<Run> sgd = store.searchRuns(RunQuery.of(experiment).filter("params.model = 'sgd' and metrics.f1 > 0.7")
                .orderBy("metrics.f1"));
        assertEquals(List.of("run0", "run2", "run6"), sgd.stream().map(r -> r.info().runName()).toList());
        assertEquals(8, store.searchRuns(RunQuery.of(experiment)).size());

        RunComparison cmp = store.compare(top.get(0).id(), top.get(4).id());
        assertEquals(List.of("PARAM model tree sgd", "METRIC f1 0.95 0.88"), cmp.rows().stream()
                .map(r -> r.kind() + " " + r.key() + " " + r.left() + " " + r.right()).toList());
        assertEquals(-0.07, cmp.rows().get(1).delta(), 1e-12);
        assertEquals(2, cmp.differences().size());
        String table = cmp.toTable();
        assertTrue(table.lines().anyMatch(l -> l.matches("\\*\\s+metric\\s+f1\\s+0\\.95\\s+0\\.88\\s+-0\\.0700000")),
                table);
    }

    @Test
    void artifacts_fileAndDirectory_listAndDownload() throws IOException {
        Path report = Files.writeString(tmp.resolve("report.txt"), "accuracy 0.9");
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("weights.bin"), "w");
        Files.createDirectories(model.resolve("meta"));
        Files.writeString(model.resolve("meta/spec.json"), "{}");
        try (RunHandle run = store.startRun("iris", "sgd")) {
            run.logArtifact(report, null).logArtifact(model, "bundles");
            assertEquals(List.of(new ArtifactEntry("bundles", true, -1), new ArtifactEntry("report.txt", false, 12)),
                    store.listArtifacts(run.runId(), ""));
            assertEquals(List.of(new ArtifactEntry("bundles/model/meta", true, -1),
                    new ArtifactEntry("bundles/model/weights.bin", false, 1)),
                    store.listArtifacts(run.runId(), "bundles/model"));
            Path copy = store.downloadArtifacts(run.runId(), "bundles/model", tmp.resolve("download"));
            assertEquals("{}", Files.readString(copy.resolve("meta/spec.json")));
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> store.downloadArtifacts(run.runId(), "nope", tmp));
            assertTrue(e.getMessage().contains("has no artifact 'nope'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> run.logArtifact(tmp.resolve("missing"), ""));
        }
    }
}
