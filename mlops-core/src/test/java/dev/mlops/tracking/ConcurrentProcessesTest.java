package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.tracking.internal.StoreFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs writing one store at once, as parallel Surefire forks or parallel builds do. */
class ConcurrentProcessesTest {

    private static final int WRITERS = 4;

    @TempDir
    Path tmp;

    @Test
    void fourProcesses_oneExperiment_ownRunsAndASharedRun_nothingLostOrTorn() throws Exception {
        Path root = tmp.resolve("mlruns");
        String sharedRunId;
        try (TrackingStore store = TrackingStore.open(root)) {
            sharedRunId = store.startRun("setup", "shared").runId();
        }
        int points = 100;
        List<ChildJvm> children = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            children.add(ChildJvm.start(tmp.resolve("err-" + w), "track", root.toString(), String.valueOf(w),
                    String.valueOf(points), sharedRunId, "parallel-forks"));
        }
        for (int w = 0; w < WRITERS; w++) {
            assertEquals(0, children.get(w).waitFor(), "writer " + w + " failed; see " + tmp.resolve("err-" + w));
        }
        try (TrackingStore store = TrackingStore.open(root)) {
            List<Experiment> named = store.listExperiments().stream()
                    .filter(e -> e.name().equals("parallel-forks")).toList();
            assertEquals(1, named.size(), "racing getOrCreateExperiment calls made one experiment");
            List<Run> runs = store.searchRuns(RunQuery.of(named.get(0).id()));
            assertEquals(WRITERS, runs.size());
            for (Run run : runs) {
                assertEquals(RunStatus.FINISHED, run.info().status());
                List<Metric> history = store.metricHistory(run.id(), "m");
                assertEquals(IntStream.range(0, points).asDoubleStream().boxed().toList(),
                        history.stream().map(Metric::value).toList());
            }
            List<Metric> shared = store.metricHistory(sharedRunId, "shared");
            assertEquals(WRITERS * points, shared.size(), "appends of all writers to one file, none lost or torn");
            Set<Double> expected = new HashSet<>();
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < points; i++) {
                    expected.add(w * 1_000_000.0 + i);
                }
            }
            assertEquals(expected, new HashSet<>(shared.stream().map(Metric::value).toList()));
            assertTrue(store.getRun(sharedRunId).tag("last-writer").orElseThrow().matches("[0-3]"));
        }
        assertNoStagingLeft(root);
    }

    @Test
    void fourProcessesRegisteringTheSameNewModel_versionsOneToTwentyWithoutGapsOrDuplicates() throws Exception {
        Path root = tmp.resolve("mlruns");
        int each = 5;
        List<ChildJvm> children = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Path work = Files.createDirectories(tmp.resolve("work-" + w));
            children.add(ChildJvm.start(tmp.resolve("err-" + w), "register", root.toString(), String.valueOf(w),
                    String.valueOf(each), work.toString()));
        }
        List<Integer> reported = new ArrayList<>();
        for (ChildJvm child : children) {
            for (String line; (line = child.readLine()) != null; ) {
                reported.add(Integer.parseInt(line.substring("registered ".length())));
            }
            assertEquals(0, child.waitFor());
        }
        List<Integer> oneToTwenty = IntStream.rangeClosed(1, WRITERS * each).boxed().toList();
        assertEquals(oneToTwenty, reported.stream().sorted().toList(), "each process got distinct numbers");
        try (ModelRegistry registry = ModelRegistry.open(root)) {
            List<ModelVersion> versions = registry.listVersions("concurrent");
            assertEquals(oneToTwenty, versions.stream().map(ModelVersion::version).toList());
            Set<String> contents = new HashSet<>();
            for (ModelVersion v : versions) {
                contents.add(Files.readString(registry.load(v.uri()).bundle()));
            }
            assertEquals(WRITERS * each, contents.size(), "every registration kept its own bundle");
        }
        assertNoStagingLeft(root);
    }

    static void assertNoStagingLeft(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> leftovers = walk.filter(p -> p.getFileName().toString().startsWith(StoreFiles.STAGING_PREFIX)
                    || p.getFileName().toString().startsWith(StoreFiles.STAGED_FILE_PREFIX)
                    || p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), leftovers);
        }
    }
}
