package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlops.tracking.RunQuery;
import dev.mlops.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's run id label: the first run whose logged bundle has the same bytes. */
class RunLookupTest {

    @Test
    void find_firstRunThatLoggedTheSameBundle_elseNothing(@TempDir Path project) throws Exception {
        ImageMojoTest.train(project);
        Path zip = project.resolve("target/mlops/iris/iris-1.0.0.mlbundle");
        Path mlruns = project.resolve("mlruns");
        String first;
        try (TrackingStore store = TrackingStore.open(mlruns)) {
            first = store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0).id();
        }
        SystemStreamLog log = new SystemStreamLog();
        assertEquals(first, RunLookup.find(mlruns.toString(), "iris", zip, log));

        // another project trains the same bundle bytes: found there by content, not by path
        ImageMojoTest.train(project.resolve("again"));
        String other;
        try (TrackingStore store = TrackingStore.open(project.resolve("again/mlruns"))) {
            other = store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0).id();
        }
        assertEquals(other, RunLookup.find(project.resolve("again/mlruns").toString(), "iris", zip, log));

        // training again records a newer run with the same bundle: the label stays the first run's
        ImageMojoTest.train(project);
        try (TrackingStore store = TrackingStore.open(mlruns)) {
            assertEquals(2, store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).size());
        }
        assertEquals(first, RunLookup.find(mlruns.toString(), "iris", zip, log), "rebuilding keeps the label");

        assertNull(RunLookup.find(mlruns.toString(), "housing", zip, log), "another experiment");
        Path unknown = Files.write(project.resolve("other.mlbundle"), new byte[] {1, 2, 3});
        assertNull(RunLookup.find(mlruns.toString(), "iris", unknown, log), "a bundle no run logged");
        assertNull(RunLookup.find(project.resolve("no-mlruns").toString(), "iris", zip, log));
        assertFalse(Files.exists(project.resolve("no-mlruns")), "looking does not create a store");
    }
}
