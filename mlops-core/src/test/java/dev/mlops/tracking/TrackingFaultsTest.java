package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.tracking.internal.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and damaged files: clear errors naming what is wrong, and nothing else damaged. */
class TrackingFaultsTest {

    @TempDir
    Path tmp;
    Path root;
    TrackingStore store;

    @BeforeEach
    void open() throws IOException {
        root = tmp.resolve("mlruns");
        store = TrackingStore.open(root);
    }

    private Set<String> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.map(p -> tmp.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void corruptedRunMetaYaml_namedInError_othersUnaffected() throws IOException {
        RunHandle good = store.startRun("iris", "good");
        good.logMetric("f1", 0.9);
        RunHandle bad = store.startRun("iris", "bad");
        Path meta = root.resolve("1").resolve(bad.runId()).resolve("meta.yaml");
        Files.writeString(meta, "run_id: [unclosed\n  status: {");
        IOException e = assertThrows(IOException.class, () -> store.getRun(bad.runId()));
        assertTrue(e.getMessage().contains("Corrupted " + meta), e.getMessage());
        List<Run> found = store.searchRuns(RunQuery.of("1"));
        assertEquals(List.of(good.runId()), found.stream().map(Run::id).toList(), "search skips the damaged run");
        good.logMetric("f1", 0.95, 1).close();
        assertEquals(RunStatus.FINISHED, store.getRun(good.runId()).info().status());
        assertEquals("run_id: [unclosed\n  status: {", Files.readString(meta), "the damaged file is left as found");
    }

    @Test
    void runMetaYamlWithBadStatus_namesFieldAndValue() throws IOException {
        RunHandle run = store.startRun("iris", "x");
        Path meta = root.resolve("1").resolve(run.runId()).resolve("meta.yaml");
        Files.writeString(meta, Files.readString(meta).replace("status: 1", "status: 9"));
        IOException e = assertThrows(IOException.class, () -> store.getRun(run.runId()));
        assertTrue(e.getMessage().contains(meta + ": field 'status' is '9'"), e.getMessage());
        Files.writeString(meta, "");
        e = assertThrows(IOException.class, () -> store.getRun(run.runId()));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
    }

    @Test
    void corruptedExperimentMetaYaml_skippedInListing_namedOnGet() throws IOException {
        store.getOrCreateExperiment("iris");
        store.getOrCreateExperiment("housing");
        Path meta = root.resolve("1/meta.yaml");
        Files.writeString(meta, "name: \"iris\"\nexperiment_id: \"7\"\n");
        assertEquals(List.of("Default", "housing"), store.listExperiments().stream().map(Experiment::name).toList());
        IOException e = assertThrows(IOException.class, () -> store.getExperiment("1"));
        assertTrue(e.getMessage().contains(meta + ": experiment_id '7' does not match its folder '1'"),
                e.getMessage());
        assertEquals("3", store.getOrCreateExperiment("wine").id(), "ids are never reused");
    }

    @Test
    void missingRunAndExperiment_notFound() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> store.getRun("0123456789abcdef0123456789abcdef"));
        assertTrue(e.getMessage().contains("No run '0123456789abcdef0123456789abcdef' in " + root), e.getMessage());
        assertThrows(NotFoundException.class, () -> store.resumeRun("deadbeef"));
        assertThrows(NotFoundException.class, () -> store.searchRuns(RunQuery.of("42")));
    }

    @Test
    void pathCharacters_rejectedBeforeTouchingTheDisk() throws IOException {
        RunHandle run = store.startRun("iris", "x");
        Set<String> before = tree();
        assertRejected(() -> store.getRun("../1"), "Invalid run id '../1'");
        assertRejected(() -> store.getExperiment("../.."), "Invalid experiment id '../..'");
        assertRejected(() -> run.logParam("../escape", "v"), "Invalid param key '../escape'");
        assertRejected(() -> run.logMetric("/abs", 1), "Invalid metric key '/abs'");
        assertRejected(() -> run.setTag("a//b", "v"), "Invalid tag key 'a//b'");
        assertRejected(() -> run.setTag("semi;colon", "v"), "Invalid tag key 'semi;colon'");
        assertRejected(() -> run.logArtifact(tmp, "../../outside"), "Invalid artifact directory '../../outside'");
        assertRejected(() -> store.downloadArtifacts(run.runId(), "../meta.yaml", tmp), "Invalid artifact path");
        assertRejected(() -> run.logParam("k", "x".repeat(6001)), "param 'k' has a value of 6001 characters");
        assertEquals(before, tree(), "nothing was created or changed");
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void metricFile_partialLastLineIgnored_thenRepairedByNextAppend() throws IOException {
        RunHandle run = store.startRun("iris", "x");
        run.logMetrics(List.of(new Metric("m", 1.0, 10, 0)));
        Path file = root.resolve("1").resolve(run.runId()).resolve("metrics/m");
        Files.writeString(file, "20 2.0", java.nio.file.StandardOpenOption.APPEND); // a killed writer's half line
        assertEquals(List.of(1.0), store.metricHistory(run.runId(), "m").stream().map(Metric::value).toList());
        run.logMetrics(List.of(new Metric("m", 3.0, 30, 2)));
        assertEquals("10 1.0 0\n30 3.0 2\n", Files.readString(file));
    }

    @Test
    void metricFile_malformedLine_namesFileAndLine() throws IOException {
        RunHandle run = store.startRun("iris", "x");
        run.logMetrics(List.of(new Metric("m", 1.0, 10, 0)));
        Path file = root.resolve("1").resolve(run.runId()).resolve("metrics/m");
        Files.writeString(file, "10 1.0 0\nten one zero\n");
        IOException e = assertThrows(IOException.class, () -> store.metricHistory(run.runId(), "m"));
        assertTrue(e.getMessage().contains("Corrupted " + file + " line 2: 'ten one zero'"), e.getMessage());
    }

    @Test
    void staleStagingLeftovers_removedOnOpen_freshOnesKept() throws IOException {
        Path stale = Files.createDirectories(root.resolve(".trash").resolve(StoreFiles.STAGING_PREFIX + "old"));
        Files.createDirectories(stale.resolve("payload"));
        Files.writeString(stale.resolve("payload/meta.yaml"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(StoreFiles.STALE_STAGING_AGE).minusSeconds(60)));
        Path fresh = Files.createDirectories(root.resolve(".trash").resolve(StoreFiles.STAGING_PREFIX + "new"));
        TrackingStore.open(root).close();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "may belong to a writer still at work");
    }

    @Test
    void storeRootIsAFile_clearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        IOException e = assertThrows(IOException.class, () -> TrackingStore.open(file));
        assertTrue(e.getMessage().contains(file + " is a file, not a directory"), e.getMessage());
    }
}
