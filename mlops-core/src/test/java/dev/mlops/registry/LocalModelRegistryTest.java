package dev.mlops.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.RunHandle;
import dev.mlops.tracking.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest {

    @TempDir
    Path tmp;
    Path root;
    ModelRegistry registry;
    String runId;

    @BeforeEach
    void open() throws IOException {
        root = tmp.resolve("mlruns");
        try (TrackingStore store = TrackingStore.open(root); RunHandle run = store.startRun("iris", "train")) {
            runId = run.runId();
        }
        registry = ModelRegistry.open(root.toUri().toString());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Path bundle(String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundles").resolve(content));
        return Files.writeString(dir.resolve("model.bin"), content);
    }

    @Test
    void register_numbersFromOne_recordsRunSourceAndChecksum() throws IOException {
        ModelVersion v1 = registry.register("iris", bundle("a"), runId, Map.of("dataset", "iris-v1"));
        ModelVersion v2 = registry.register("iris", bundle("b"), null);
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(runId, v1.runId());
        assertNull(v2.runId());
        assertEquals(Stage.NONE, v1.stage());
        assertEquals("READY", v1.status());
        assertEquals("iris-v1", v1.tags().get("dataset"));
        assertEquals("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", v1.bundleSha256(),
                "sha256 of the single byte 'a'");
        assertEquals("models:/iris/1", v1.uri());
        assertEquals(List.of(1, 2), registry.listVersions("iris").stream().map(ModelVersion::version).toList());
        assertEquals(List.of("iris"), registry.listModels().stream().map(RegisteredModel::name).toList());
        Path copy = registry.load("models:/iris/1").bundle();
        assertTrue(copy.startsWith(root.resolve("models/iris/version-1")));
        assertFalse(Files.getPosixFilePermissions(copy).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                "registered bundles are read-only");
        assertEquals(root.resolve("models/iris/version-1/bundle/model.bin").toUri().toString(), v1.source());
    }

    @Test
    void aliases_promoteRollbackAndHistory() throws IOException {
        for (String c : List.of("a", "b", "c")) {
            registry.register("iris", bundle(c), runId);
        }
        registry.setAlias("iris", "champion", 1);
        registry.setAlias("iris", "champion", 2);
        assertEquals(List.of("champion"), registry.setAlias("iris", "champion", 3).aliases());
        registry.setAlias("iris", "challenger", 2);
        assertEquals(Map.of("champion", 3, "challenger", 2), registry.getModel("iris").aliases());
        assertEquals(3, registry.resolve("models:/iris@champion").version());

        assertEquals(2, registry.rollbackAlias("iris", "champion").version());
        assertEquals(1, registry.rollbackAlias("iris", "champion").version(), "repeated rollbacks walk back");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.rollbackAlias("iris", "champion"));
        assertTrue(e.getMessage().contains("Alias 'champion' of model 'iris' has no earlier version to roll back to"
                + " (it points at version 1)"), e.getMessage());
        assertEquals(1, registry.resolve("models:/iris@champion").version());
        assertEquals(List.of("set null->1", "set 1->2", "set 2->3", "rollback 3->2", "rollback 2->1"),
                registry.aliasHistory("iris", "champion").stream()
                        .map(ev -> ev.action() + " " + ev.fromVersion() + "->" + ev.toVersion()).toList());

        registry.deleteAlias("iris", "challenger"); // demote
        assertThrows(NotFoundException.class, () -> registry.resolve("models:/iris@challenger"));
        assertEquals(2, registry.rollbackAlias("iris", "challenger").version(), "rollback undoes a delete");
        NotFoundException nf = assertThrows(NotFoundException.class, () -> registry.resolve("models:/iris@champoin"));
        assertTrue(nf.getMessage().contains("did you mean 'champion'?"), nf.getMessage());
    }

    @Test
    void stages_transitionArchiveExistingAndResolveByStage() throws IOException {
        for (String c : List.of("a", "b", "c")) {
            registry.register("iris", bundle(c), runId);
        }
        registry.transitionStage("iris", 1, Stage.PRODUCTION, false);
        registry.transitionStage("iris", 2, Stage.STAGING, false);
        assertEquals(1, registry.resolve("models:/iris/Production").version());
        ModelVersion v2 = registry.transitionStage("iris", 2, Stage.PRODUCTION, true);
        assertEquals(Stage.PRODUCTION, v2.stage());
        assertEquals(Stage.ARCHIVED, registry.getVersion("iris", 1).stage());
        assertEquals(2, registry.resolve("models:/iris/production").version());
        assertEquals(3, registry.resolve("models:/iris/latest").version());
        assertThrows(NotFoundException.class, () -> registry.resolve("models:/iris/Staging"));
        assertThrows(IllegalArgumentException.class,
                () -> registry.transitionStage("iris", 3, Stage.ARCHIVED, true));
    }

    @Test
    void load_verifiesChecksum_namesTheChangedFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("iris.bundle"));
        Files.writeString(dir.resolve("weights.bin"), "w");
        Files.writeString(dir.resolve("spec.json"), "{}");
        ModelVersion v = registry.register("iris", dir, runId);
        LoadedModel loaded = registry.load("models:/iris/1");
        assertEquals(v, loaded.version());
        Path weights = loaded.bundle().resolve("weights.bin");
        weights.toFile().setWritable(true);
        Files.writeString(weights, "tampered");
        BundleChecksumException e = assertThrows(BundleChecksumException.class, () -> registry.load("models:/iris/1"));
        assertTrue(e.getMessage().contains("The bundle of models:/iris/1 at " + loaded.bundle()
                + " was modified after registration"), e.getMessage());
        assertTrue(e.getMessage().contains("registered " + v.bundleSha256() + "; changed: weights.bin"),
                e.getMessage());
        Files.writeString(weights, "w");
        Files.writeString(loaded.bundle().resolve("new.txt"), "x");
        e = assertThrows(BundleChecksumException.class, () -> registry.load("models:/iris/1"));
        assertTrue(e.getMessage().contains("added: new.txt"), e.getMessage());
    }

    @Test
    void badInput_clearErrorsAndNothingCreated() throws IOException {
        registry.register("iris", bundle("a"), runId);
        Set<String> before = tree();
        assertRejected(() -> registry.register("../evil", bundle("x"), null), "Invalid model name '../evil'");
        assertRejected(() -> registry.register("a/b", bundle("x"), null), "Invalid model name 'a/b'");
        assertRejected(() -> registry.register("..", bundle("x"), null), "names must not start with '.'");
        assertRejected(() -> registry.register("iris", tmp.resolve("missing.bin"), null), "does not exist");
        assertRejected(() -> registry.setAlias("iris", "latest", 1), "'latest' and version-like names");
        assertRejected(() -> registry.setAlias("iris", "v2", 1), "reserved by MLflow");
        assertRejected(() -> registry.setAlias("iris", "../x", 1), "Invalid alias '../x'");
        assertRejected(() -> registry.resolve("runs:/abc/model"), "Not a models URI: 'runs:/abc/model'");
        assertRejected(() -> registry.resolve("models:/iris/champion"), "neither a version number");
        assertRejected(() -> registry.resolve("models:/../x/1"), "Invalid model name '../x'");
        Files.walk(tmp.resolve("bundles")).count(); // bundles written by the calls above live outside the store
        assertEquals(before, tree().stream().filter(p -> !p.startsWith("bundles")).collect(Collectors.toSet()));

        NotFoundException nf = assertThrows(NotFoundException.class, () -> registry.getVersion("iris", 7));
        assertTrue(nf.getMessage().contains("Model 'iris' has no version 7; versions: 1"), nf.getMessage());
        nf = assertThrows(NotFoundException.class, () -> registry.resolve("models:/irsi/1"));
        assertTrue(nf.getMessage().contains("No registered model 'irsi'; did you mean 'iris'?"), nf.getMessage());
        assertThrows(NotFoundException.class, () -> registry.register("iris", bundle("b"), "ffffffff"));
        assertThrows(NotFoundException.class, () -> registry.deleteAlias("iris", "champion"));
    }

    private Set<String> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.map(p -> tmp.relativize(p).toString()).filter(p -> !p.startsWith("bundles"))
                    .collect(Collectors.toSet());
        }
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void corruptedVersionMeta_namedOnGet_skippedInListing_numberNotReused() throws IOException {
        registry.register("iris", bundle("a"), runId);
        registry.register("iris", bundle("b"), runId);
        Path meta = root.resolve("models/iris/version-1/meta.yaml");
        Files.writeString(meta, "version: [");
        IOException e = assertThrows(IOException.class, () -> registry.getVersion("iris", 1));
        assertTrue(e.getMessage().contains("Corrupted " + meta), e.getMessage());
        assertEquals(List.of(2), registry.listVersions("iris").stream().map(ModelVersion::version).toList());
        assertEquals(3, registry.register("iris", bundle("c"), runId).version());
        assertEquals(3, registry.resolve("models:/iris/latest").version());
    }
}
