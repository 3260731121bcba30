package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.LoadedModel;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL in the middle of its writes: the store stays readable and
 * holds everything the writer had committed (reported) before the kill.
 */
class KillMidWriteTest {

    @TempDir
    Path tmp;

    /** Reads "committed N" lines until N reaches {@code target}; returns the last N seen. */
    private static int readUntil(ChildJvm child, int target, Path stderr) throws Exception {
        int last = -1;
        while (last < target) {
            String line = child.readLine();
            assertNotNull(line, "writer died early; see " + stderr);
            last = Integer.parseInt(line.substring("committed ".length()));
        }
        return last;
    }

    @Test
    void trackingWriterKilled_everyCommittedPointAndParamReadable() throws Exception {
        Path root = tmp.resolve("mlruns");
        String runId;
        try (TrackingStore store = TrackingStore.open(root)) {
            runId = store.startRun("kill", "victim").runId();
        }
        Path stderr = tmp.resolve("err");
        int committed;
        try (ChildJvm child = ChildJvm.start(stderr, "track-forever", root.toString(), runId)) {
            committed = readUntil(child, 150, stderr);
            child.kill(); // the writer is in its loop: somewhere inside a metric append or param write
        }
        try (TrackingStore store = TrackingStore.open(root)) {
            Run run = store.getRun(runId);
            assertEquals(RunStatus.RUNNING, run.info().status(), "the killed run never ended");
            List<Metric> history = store.metricHistory(runId, "m");
            assertTrue(history.size() >= committed + 1, history.size() + " points, " + (committed + 1) + " committed");
            assertEquals(IntStream.range(0, history.size()).asDoubleStream().boxed().toList(),
                    history.stream().map(Metric::value).toList(), "in order, no torn or duplicated line");
            for (int i = 0; i <= committed; i++) {
                assertEquals(String.valueOf(i), run.params().get("p" + i), "param p" + i);
            }
            assertEquals(1, store.searchRuns(RunQuery.of(run.info().experimentId())).size());
            try (RunHandle resumed = store.resumeRun(runId)) { // and it can be written again
                resumed.logMetric("m", history.size(), history.size());
            }
            assertEquals(history.size() + 1, store.metricHistory(runId, "m").size());
        }
    }

    @Test
    void registryWriterKilled_versionsContiguousAndEveryCommittedOneLoads() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path stderr = tmp.resolve("err");
        int committed;
        try (ChildJvm child = ChildJvm.start(stderr, "register-forever", root.toString(), work.toString())) {
            committed = readUntil(child, 6, stderr);
            child.kill(); // mid-copy, mid-hash, or mid-publish of the next version
        }
        try (ModelRegistry registry = ModelRegistry.open(root)) {
            List<ModelVersion> versions = registry.listVersions("killed");
            int count = versions.size();
            assertTrue(count >= committed, count + " versions, " + committed + " committed");
            assertEquals(IntStream.rangeClosed(1, count).boxed().toList(),
                    versions.stream().map(ModelVersion::version).toList());
            for (ModelVersion v : versions) {
                LoadedModel loaded = registry.load(v.uri()); // checksum verified: no half-copied bundle
                assertEquals(String.valueOf(v.version() - 1), Files.readString(loaded.bundle().resolve("index.txt")));
            }
            Path next = Files.createDirectories(tmp.resolve("next"));
            Files.writeString(next.resolve("index.txt"), "after");
            assertEquals(count + 1, registry.register("killed", next, null).version(), "numbering continues");
        }
    }
}
