package dev.mlops.maven;

import dev.mlops.tracking.ArtifactEntry;
import dev.mlops.tracking.Experiment;
import dev.mlops.tracking.Run;
import dev.mlops.tracking.RunQuery;
import dev.mlops.tracking.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.logging.Log;

/**
 * Finds the tracking run that produced a bundle: {@code mlops:train} attaches the bundle zip to its run
 * as {@code bundle/<model>-<version>.mlbundle}, so a run of the model's experiment with a
 * byte-identical artifact made it. Training is reproducible, so rebuilding the same commit records new
 * runs with the same bundle; the <em>first</em> of them is taken, which keeps the image label, and so
 * the image digest, the same across rebuilds. Works within one build and across builds, without the
 * train goal handing anything over.
 */
final class RunLookup {

    /** How many runs, oldest first, are looked at. */
    static final int MAX_RUNS = 1000;

    private RunLookup() {
    }

    /**
     * @param trackingUri a tracking directory or server URL
     * @param experiment  the experiment, named after the model
     * @param zip         the bundle zip written by the train goal
     * @param log         where to say why no run was found
     * @return the id of the first run that logged this bundle, or {@code null} when none did (or the
     *         store cannot be read)
     */
    static String find(String trackingUri, String experiment, Path zip, Log log) {
        String lower = trackingUri.toLowerCase(Locale.ROOT);
        boolean remote = lower.startsWith("http://") || lower.startsWith("https://");
        try {
            if (!Files.isRegularFile(zip) || !remote && !Files.isDirectory(TrackingStore.localPath(trackingUri))) {
                log.debug("No tracking run label: no " + zip.getFileName() + " or no tracking store at " + trackingUri);
                return null;
            }
            byte[] bytes = Files.readAllBytes(zip);
            String artifact = "bundle/" + zip.getFileName();
            try (TrackingStore store = TrackingStore.open(trackingUri)) {
                Optional<Experiment> found = store.findExperiment(experiment);
                if (found.isEmpty()) {
                    return null;
                }
                RunQuery oldestFirst = RunQuery.of(found.get().id()).orderBy("attributes.start_time ASC").limit(MAX_RUNS);
                for (Run run : store.searchRuns(oldestFirst)) {
                    boolean sameSize = false;
                    for (ArtifactEntry entry : store.listArtifacts(run.id(), "bundle")) {
                        sameSize |= entry.path().equals(artifact) && entry.size() == bytes.length;
                    }
                    if (sameSize && sameBytes(store, run.id(), artifact, bytes)) {
                        return run.id();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot look up the tracking run of " + zip.getFileName() + " in " + trackingUri + " (" + e.getMessage()
                    + "); the image gets no run id label");
        }
        return null;
    }

    private static boolean sameBytes(TrackingStore store, String runId, String artifact, byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("mlops-run-lookup");
        try {
            return Arrays.equals(Files.readAllBytes(store.downloadArtifacts(runId, artifact, dir)), bytes);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
