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

/** The image's run id label: the newest run whose logged bundle has the same bytes. */
class RunLookupTest {

    @Test
    void find_newestRunThatLoggedTheSameBundle_elseNothing(@TempDir Path project) throws Exception {
        ImageMojoTest.train(project);
        Path zip = project.resolve("target/mlops/iris/iris-1.0.0.mlbundle");
        Path mlruns = project.resolve("mlruns");
        String first;
        try (TrackingStore store = TrackingStore.open(mlruns)) {
            first = store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0).id();
        }
        SystemStreamLog log = new SystemStreamLog();
        assertEquals(first, RunLookup.find(mlruns.toString(), "iris", zip, log));

        // training again gives the same bundle bytes: the newer run made it last
        ImageMojoTest.train(project.resolve("again"));
        String second;
        try (TrackingStore store = TrackingStore.open(project.resolve("again/mlruns"))) {
            second = store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0).id();
        }
        assertEquals(second, RunLookup.find(project.resolve("again/mlruns").toString(), "iris", zip, log),
                "found by content, not by path");

        assertNull(RunLookup.find(mlruns.toString(), "housing", zip, log), "another experiment");
        Path other = Files.write(project.resolve("other.mlbundle"), new byte[] {1, 2, 3});
        assertNull(RunLookup.find(mlruns.toString(), "iris", other, log), "a bundle no run logged");
        assertNull(RunLookup.find(project.resolve("no-mlruns").toString(), "iris", zip, log));
        assertFalse(Files.exists(project.resolve("no-mlruns")), "looking does not create a store");
    }
}
