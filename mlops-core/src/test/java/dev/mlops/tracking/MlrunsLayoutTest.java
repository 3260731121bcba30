package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store against MLflow's file layout, field by field, as MLflow's FileStore writes and
 * reads it (mlflow/store/tracking/file_store.py, mlflow/store/model_registry/file_store.py).
 */
class MlrunsLayoutTest {

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("mlruns");
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new YAMLMapper().readValue(file.toFile(), Map.class);
        return new TreeMap<>(map);
    }

    @Test
    void openingCreatesDefaultExperimentZeroAndTrash() throws IOException {
        TrackingStore.open(root).close();
        assertTrue(Files.isDirectory(root.resolve(".trash")));
        Map<String, Object> meta = yaml(root.resolve("0/meta.yaml"));
        assertEquals(Set.of("artifact_location", "creation_time", "experiment_id", "last_update_time",
                "lifecycle_stage", "name"), meta.keySet());
        assertEquals("0", meta.get("experiment_id"));
        assertEquals("Default", meta.get("name"));
        assertEquals("active", meta.get("lifecycle_stage"));
        assertEquals(root.resolve("0").toUri().toString().replaceAll("/$", ""), meta.get("artifact_location"));
        assertInstanceOf(Number.class, meta.get("creation_time"));
    }

    @Test
    void experimentMetaYaml_fieldsTypesAndQuoting() throws IOException {
        try (TrackingStore store = TrackingStore.open(root)) {
            Experiment e = store.getOrCreateExperiment("iris: 'quoted' #1");
            assertEquals("1", e.id());
            String text = Files.readString(root.resolve("1/meta.yaml"));
            // every string quoted (the id stays a string for YAML readers), keys sorted like yaml.safe_dump
            assertTrue(text.contains("experiment_id: \"1\"\n"), text);
            assertFalse(text.startsWith("---"), text);
            List<String> keys = text.lines().map(l -> l.substring(0, l.indexOf(':'))).toList();
            assertEquals(List.of("artifact_location", "creation_time", "experiment_id", "last_update_time",
                    "lifecycle_stage", "name"), keys);
            Map<String, Object> meta = yaml(root.resolve("1/meta.yaml"));
            assertEquals("iris: 'quoted' #1", meta.get("name"));
            assertEquals(meta.get("creation_time"), meta.get("last_update_time"));
            assertEquals(e.creationTime(), ((Number) meta.get("creation_time")).longValue());
        }
    }

    @Test
    void runFolder_metaYamlFieldByField() throws IOException {
        try (TrackingStore store = TrackingStore.open(root)) {
            RunHandle run = store.startRun("iris", "sgd");
            Path dir = root.resolve("1").resolve(run.runId());
            assertTrue(run.runId().matches("[0-9a-f]{32}"), run.runId());
            for (String folder : List.of("metrics", "params", "artifacts", "tags")) {
                assertTrue(Files.isDirectory(dir.resolve(folder)), folder + " exists even when empty");
            }
            Map<String, Object> meta = yaml(dir.resolve("meta.yaml"));
            assertEquals(Set.of("artifact_uri", "deleted_time", "end_time", "entry_point_name", "experiment_id",
                    "lifecycle_stage", "run_id", "run_name", "run_uuid", "source_name", "source_type",
                    "source_version", "start_time", "status", "tags", "user_id"), meta.keySet());
            assertEquals(run.runId(), meta.get("run_id"));
            assertEquals(run.runId(), meta.get("run_uuid"));
            assertEquals("1", meta.get("experiment_id"));
            assertEquals("sgd", meta.get("run_name"));
            assertEquals(1, meta.get("status"), "RUNNING is 1 in MLflow's RunStatus enum");
            assertEquals(4, meta.get("source_type"), "LOCAL is 4 in MLflow's SourceType enum");
            assertEquals("", meta.get("source_name"));
            assertEquals("", meta.get("entry_point_name"));
            assertEquals("", meta.get("source_version"));
            assertEquals(List.of(), meta.get("tags"));
            assertEquals("active", meta.get("lifecycle_stage"));
            assertNull(meta.get("end_time"));
            assertNull(meta.get("deleted_time"));
            assertEquals(System.getProperty("user.name"), meta.get("user_id"));
            assertEquals(dir.resolve("artifacts").toUri().toString().replaceAll("/$", ""), meta.get("artifact_uri"));
            assertInstanceOf(Number.class, meta.get("start_time"));
            assertEquals("sgd", Files.readString(dir.resolve("tags/mlflow.runName")));
            assertEquals(System.getProperty("user.name"), Files.readString(dir.resolve("tags/mlflow.user")));

            run.end(RunStatus.FAILED);
            meta = yaml(dir.resolve("meta.yaml"));
            assertEquals(4, meta.get("status"), "FAILED is 4");
            long end = ((Number) meta.get("end_time")).longValue();
            assertTrue(end >= ((Number) meta.get("start_time")).longValue());
            assertEquals(run.runId(), meta.get("run_id"), "other fields kept");
        }
    }

    @Test
    void metricParamAndTagFiles_exactContent() throws IOException {
        try (TrackingStore store = TrackingStore.open(root); RunHandle run = store.startRun("iris", "sgd")) {
            run.logMetrics(List.of(new Metric("f1", 0.5, 1700000000000L, 1),
                    new Metric("f1", 1e-5, 1700000000001L, 2),
                    new Metric("f1", Double.NaN, 1700000000002L, 3),
                    new Metric("train/loss", 2.0, 1700000000003L, -1)));
            run.logMetrics(List.of(new Metric("f1", 0.9333333333333333, 1700000000004L, 4)));
            run.logParam("learning rate", "0.01").logParam("epochs", "5");
            run.setTag("team", "ml\nops").setTag("team", "mlops");
            Path dir = root.resolve("1").resolve(run.runId());
            assertEquals("1700000000000 0.5 1\n1700000000001 1e-05 2\n1700000000002 nan 3\n"
                    + "1700000000004 0.9333333333333333 4\n", Files.readString(dir.resolve("metrics/f1")));
            assertEquals("1700000000003 2.0 -1\n", Files.readString(dir.resolve("metrics/train/loss")),
                    "a key with '/' is a nested file, as in MLflow");
            assertEquals("0.01", Files.readString(dir.resolve("params/learning rate")), "no trailing newline");
            assertEquals("5", Files.readString(dir.resolve("params/epochs")));
            assertEquals("mlops", Files.readString(dir.resolve("tags/team")));
            try (Stream<Path> files = Files.list(dir.resolve("params"))) {
                assertEquals(2, files.count(), "no temporary files inside params/");
            }
        }
    }

    @Test
    void registryLayout_fieldByField() throws IOException {
        Path bundle = Files.writeString(tmp.resolve("model.bin"), "weights");
        try (TrackingStore store = TrackingStore.open(root); RunHandle run = store.startRun("iris", "sgd");
             ModelRegistry registry = ModelRegistry.open(root)) {
            registry.register("iris-clf", bundle, run.runId());
            registry.setAlias("iris-clf", "champion", 1);
            Path model = root.resolve("models/iris-clf");
            Map<String, Object> meta = yaml(model.resolve("meta.yaml"));
            assertEquals(Set.of("aliases", "creation_timestamp", "description", "last_updated_timestamp", "name"),
                    meta.keySet());
            assertEquals("iris-clf", meta.get("name"));
            assertNull(meta.get("description"));
            assertEquals(Map.of("champion", "1"), meta.get("aliases"), "MLflow mirrors alias -> version string");
            Map<String, Object> version = yaml(model.resolve("version-1/meta.yaml"));
            assertEquals(Set.of("aliases", "creation_timestamp", "current_stage", "description",
                    "last_updated_timestamp", "name", "run_id", "run_link", "source", "status", "status_message",
                    "storage_location", "user_id", "version"), version.keySet());
            assertEquals(1, version.get("version"), "an integer, as FileStore's next_version computes it");
            assertEquals("iris-clf", version.get("name"));
            assertEquals("None", version.get("current_stage"));
            assertEquals("READY", version.get("status"));
            assertEquals(run.runId(), version.get("run_id"));
            String location = model.resolve("version-1/bundle").resolve(bundle.getFileName()).toUri().toString();
            assertEquals(location, version.get("source"));
            assertEquals(location, version.get("storage_location"));
            assertEquals("1", Files.readString(model.resolve("aliases/champion")), "alias file holds the version");
            assertEquals("weights", Files.readString(model.resolve("version-1/bundle").resolve(bundle.getFileName())));
            assertTrue(Files.readString(model.resolve("version-1/tags/mlops.bundle.sha256")).matches("[0-9a-f]{64}"));
        }
    }

    /**
     * MLflow's FileStore validates every folder of the root (but .trash and models) as an experiment
     * id, reads every folder of an experiment but tags/datasets/traces as a run, and every folder of
     * models/ as a registered model: nothing else may ever appear there, not even for a moment.
     */
    @Test
    void onlyMlflowFoldersWhereMlflowLooks() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("w.bin"), "w");
        try (TrackingStore store = TrackingStore.open(root); ModelRegistry registry = ModelRegistry.open(root)) {
            for (String name : List.of("a", "b")) {
                try (RunHandle run = store.startRun(name, "r")) {
                    run.logMetric("m", 1).logParam("p", "1").setTag("t", "1").logArtifact(bundle, "x");
                    registry.register("model-" + name, bundle, run.runId());
                    registry.setAlias("model-" + name, "champion", 1);
                }
            }
        }
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                assertTrue(name.equals(".trash") || name.equals("models") || name.matches("\\d+"), name);
                if (name.matches("\\d+")) {
                    try (Stream<Path> runs = Files.list(p)) {
                        for (Path r : runs.filter(Files::isDirectory).toList()) {
                            assertTrue(r.getFileName().toString().matches("[0-9a-f]{32}"), r.toString());
                        }
                    }
                }
            }
        }
        try (Stream<Path> models = Files.list(root.resolve("models"))) {
            for (Path m : models.filter(Files::isDirectory).toList()) {
                assertTrue(Files.isRegularFile(m.resolve("meta.yaml")), m.toString());
                try (Stream<Path> entries = Files.list(m)) {
                    for (Path e : entries.filter(Files::isDirectory).toList()) {
                        assertTrue(Set.of("tags", "aliases", "version-1").contains(e.getFileName().toString()),
                                e.toString());
                    }
                }
            }
        }
        try (Stream<Path> trash = Files.list(root.resolve(".trash"))) {
            assertEquals(List.of(), trash.toList(), "staging directories are removed after use");
        }
    }

    /** Reads the store with read_mlruns.py, which follows MLflow's FileStore reading code. */
    @Test
    void pythonReaderFollowingMlflowFileStore_seesWhatJavaWrote() throws Exception {
        Assumptions.assumeTrue(pythonWithYaml(), "python3 with PyYAML is not available");
        Path bundle = Files.writeString(tmp.resolve("b.bin"), "w");
        String runId;
        try (TrackingStore store = TrackingStore.open(root); ModelRegistry registry = ModelRegistry.open(root)) {
            try (RunHandle run = store.startRun("iris", "sgd")) {
                runId = run.runId();
                run.logMetric("f1", 0.25, 1).logMetric("f1", 0.75, 2).logMetric("f1", 0.5, 0)
                        .logParam("lr", "0.1").setTag("note", "naïve");
                try (RunHandle child = run.startChild("child")) {
                    child.logMetric("a/b", 3.0, 0);
                }
            }
            registry.register("m", bundle, runId);
            registry.setAlias("m", "champion", 1);
            registry.transitionStage("m", 1, dev.mlops.registry.Stage.PRODUCTION, false);
        }
        Process p = new ProcessBuilder("python3", Path.of("src/test/python/read_mlruns.py").toString(),
                root.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        JsonNode seen = new ObjectMapper().readTree(out);
        assertEquals("Default", seen.at("/experiments/0").asText());
        assertEquals("iris", seen.at("/experiments/1").asText());
        JsonNode run = seen.at("/runs/" + runId);
        assertEquals("FINISHED", run.path("status").asText());
        assertEquals("sgd", run.path("run_name").asText());
        assertEquals("0.1", run.at("/params/lr").asText());
        assertEquals("naïve", run.at("/tags/note").asText());
        assertEquals(0.75, run.at("/metrics/f1/value").asDouble(), "latest = highest step");
        assertEquals(2, run.at("/metrics/f1/step").asInt());
        assertEquals(3, run.at("/metrics/f1/count").asInt());
        List<String> childIds = new ArrayList<>();
        seen.path("runs").fieldNames().forEachRemaining(childIds::add);
        childIds.remove(runId);
        assertEquals(1, childIds.size());
        JsonNode child = seen.at("/runs/" + childIds.get(0));
        assertEquals(runId, child.at("/tags/mlflow.parentRunId").asText());
        assertEquals(3.0, child.at("/metrics/a~1b/value").asDouble());
        assertEquals("Production", seen.at("/models/m/versions/1/stage").asText());
        assertEquals(runId, seen.at("/models/m/versions/1/run_id").asText());
        assertEquals("1", seen.at("/models/m/aliases/champion").asText());
    }

    static boolean pythonWithYaml() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import yaml").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
