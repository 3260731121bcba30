package dev.mlops.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.tracking.MlflowContractServer;
import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.RestOptions;
import dev.mlops.tracking.RunHandle;
import dev.mlops.tracking.TrackingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST registry against the loopback MLflow contract server. */
class RestModelRegistryTest {

    @TempDir
    Path tmp;
    MlflowContractServer server;
    RestOptions options;
    ModelRegistry registry;
    String runId;
    String experimentId;

    @BeforeEach
    void start() throws IOException {
        server = MlflowContractServer.start();
        options = RestOptions.defaults().withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .withToken(() -> null).withCacheDirectory(tmp.resolve("cache"));
        try (TrackingStore store = TrackingStore.open(server.uri(), options)) {
            RunHandle run = store.startRun("iris", "train");
            runId = run.runId();
            experimentId = run.experimentId();
        }
        registry = ModelRegistry.open(server.uri(), options);
    }

    @AfterEach
    void stop() {
        registry.close();
        assertEquals(List.of(), server.violations());
        server.close();
    }

    private Path bundleDir(String weights) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + weights).resolve("iris.bundle"));
        Files.writeString(dir.resolve("weights.bin"), weights);
        Files.writeString(dir.resolve("spec.json"), "{}");
        return dir;
    }

    @Test
    void register_uploadsBundleToRunArtifacts_andCreatesVersion() throws IOException {
        Path bundle = bundleDir("w1");
        ModelVersion v = registry.register("iris", bundle, runId, Map.of("dataset", "iris-v1"));
        assertEquals(1, v.version());
        assertEquals(runId, v.runId());
        String sha = BundleDigest.of(bundle).sha256();
        assertEquals(sha, v.bundleSha256());
        String dir = experimentId + "/" + runId + "/artifacts/mlops-bundles/" + sha.substring(0, 16);
        assertEquals("mlflow-artifacts:/" + dir + "/iris.bundle", v.source());
        assertTrue(server.artifactPaths().containsAll(List.of(dir + "/iris.bundle/weights.bin",
                dir + "/iris.bundle/spec.json", dir + "/bundle.sha256")), server.artifactPaths().toString());
        assertEquals("iris-v1", v.tags().get("dataset"));
        assertEquals(2, registry.register("iris", bundleDir("w2"), runId).version());
        assertEquals(List.of(1, 2), registry.listVersions("iris").stream().map(ModelVersion::version).toList());

        LoadedModel loaded = registry.load("models:/iris/1");
        assertTrue(loaded.bundle().startsWith(tmp.resolve("cache")), loaded.bundle().toString());
        assertEquals("w1", Files.readString(loaded.bundle().resolve("weights.bin")));
        assertEquals(loaded.bundle(), registry.load("models:/iris/1").bundle(), "verified cache reused");
    }

    @Test
    void aliasesStagesAndRollback_overRest() throws IOException {
        for (String w : List.of("a", "b", "c")) {
            registry.register("iris", bundleDir(w), runId);
        }
        registry.setAlias("iris", "champion", 1);
        registry.setAlias("iris", "champion", 3);
        assertEquals(List.of("champion"), registry.getVersion("iris", 3).aliases());
        assertEquals(3, registry.resolve("models:/iris@champion").version());
        assertEquals(1, registry.rollbackAlias("iris", "champion").version());
        assertEquals(List.of("set", "set", "rollback"),
                registry.aliasHistory("iris", "champion").stream().map(AliasEvent::action).toList());
        registry.deleteAlias("iris", "champion");
        assertThrows(NotFoundException.class, () -> registry.resolve("models:/iris@champion"));
        registry.transitionStage("iris", 2, Stage.PRODUCTION, false);
        registry.transitionStage("iris", 3, Stage.PRODUCTION, true);
        assertEquals(Stage.ARCHIVED, registry.getVersion("iris", 2).stage());
        assertEquals(3, registry.resolve("models:/iris/Production").version());
        assertEquals("c", Files.readString(registry.load("models:/iris/Production").bundle().resolve("weights.bin")));
    }

    @Test
    void tamperedArtifactOnServer_refusedNamingTheFile() throws IOException {
        ModelVersion v = registry.register("iris", bundleDir("w"), runId);
        String dir = experimentId + "/" + runId + "/artifacts/mlops-bundles/" + v.bundleSha256().substring(0, 16);
        server.putArtifact(dir + "/iris.bundle/weights.bin", "evil".getBytes(StandardCharsets.UTF_8));
        BundleChecksumException e = assertThrows(BundleChecksumException.class, () -> registry.load("models:/iris/1"));
        assertTrue(e.getMessage().contains("changed: weights.bin"), e.getMessage());
    }

    @Test
    void concurrentRegistrations_serverNumbersWithoutGaps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path bundle = bundleDir("c" + i);
                futures.add(pool.submit(() -> registry.register("iris", bundle, runId).version()));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : futures) {
                versions.add(f.get());
            }
            Collections.sort(versions);
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), versions);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInput_overRest() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register("iris", bundleDir("x"), null));
        assertTrue(e.getMessage().contains("needs the source run"), e.getMessage());
        assertThrows(NotFoundException.class, () -> registry.register("iris", bundleDir("y"), "f00"));
        registry.register("iris", bundleDir("z"), runId);
        NotFoundException nf = assertThrows(NotFoundException.class, () -> registry.getVersion("iris", 9));
        assertTrue(nf.getMessage().contains("Model 'iris' has no version 9; versions: 1"), nf.getMessage());
        nf = assertThrows(NotFoundException.class, () -> registry.getModel("irsi"));
        assertTrue(nf.getMessage().contains("did you mean 'iris'?"), nf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.resolve("models:/../etc/1"));
    }
}
