package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds tarballs over a tiny one-layer base and reads them back: no daemon, no network, no podman. */
class ImagePackagerTest {

    @TempDir
    static Path shared;
    static TestApps.App app;
    static Path base;
    static Path nativeJar;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileApp() throws IOException {
        app = TestApps.compile(shared.resolve("app"));
        base = TestApps.tinyBase(shared.resolve("base.tar"));
        nativeJar = TestApps.jarWith(shared.resolve("jars/natives-2.0.jar"), List.of(
                "com/example/natives/Loader.class",
                "native/linux-x86_64/libthing.so",
                "native/linux-aarch64/libthing.so",
                "native/osx-aarch64/libthing.dylib",
                "native/win-x64/thing.dll"));
    }

    private Path bundle(String weights) throws IOException {
        Path bundle = dir.resolve("bundle-" + weights.hashCode());
        TestApps.write(bundle.resolve("model.json"), "{\"weights\":" + weights + "}");
        TestApps.write(bundle.resolve("data/schema.txt"), "sepal_length,petal_length\n");
        Path script = bundle.resolve("bin/warmup.sh");
        TestApps.write(script, "#!/bin/sh\necho warm\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bundle;
    }

    private ImageRequest.Builder request(Path tar, Path bundle) {
        return request(tar, bundle, List.of(app.serverJar()));
    }

    private ImageRequest.Builder request(Path tar, Path bundle, List<Path> application) {
        return ImageRequest.builder()
                .baseImage("tar://" + base)
                .target(ImageTarget.tarball(tar, "localhost/iris:1.0.0"))
                .dependencyJars(List.of(app.libJar(), nativeJar))
                .applicationEntries(application)
                .bundleDirectory(bundle)
                .mainClass(TestApps.MAIN_CLASS)
                .programArguments(List.of("--verbose"))
                .labels(ImageLabels.forModel("iris", "1.0.0", "run-42", Map.of("accuracy", 0.96, "f1", 0.95)))
                .environment(Map.of("TZ", "UTC"))
                .creationTime(ImageRequest.creationTimeFrom("2026-01-01T00:00:00Z"))
                .cacheDirectory(dir.resolve("cache"));
    }

    private static Map<String, Integer> modes(ImageArchive archive, int layer) throws IOException {
        Map<String, Integer> modes = new TreeMap<>();
        for (ImageArchive.Entry entry : archive.entries(layer)) {
            assertEquals(0, entry.uid(), entry.name());
            assertEquals(0, entry.gid(), entry.name());
            if (layer > 0) {
                assertEquals(1, entry.modifiedEpochSeconds(), "fixed file time for " + entry.name());
            }
            modes.put(entry.name(), entry.mode());
        }
        return modes;
    }

    @Test
    void build_tarball_hasOrderedLayersWithExpectedFilesAndModes() throws IOException {
        ImageResult result = ImagePackager.build(request(dir.resolve("out/iris-image.tar"), bundle("[1,2]")).build());

        assertEquals(dir.resolve("out/iris-image.tar").toAbsolutePath(), result.tarball().orElseThrow());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.tarball().get())));
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(result.tarball().get()), files.toList(), "no partial file left behind");
        }
        assertEquals(List.of("", "dependencies", "application", "bundle"),
                result.layers().stream().map(ImageResult.Layer::name).toList());
        ImageArchive archive = ImageArchive.read(result.tarball().get());
        assertEquals(ManifestFormat.DOCKER, archive.format());
        assertEquals(List.of("localhost/iris:1.0.0"), archive.repoTags());
        assertEquals(result.layers(), archive.layers());
        assertEquals(result.imageId(), "sha256:" + TestApps.sha256(configBytes(result.tarball().get())));

        assertEquals(Map.of("tmp/", 01777, "etc/base-release", 0644), modes(archive, 0), "base layer untouched");
        assertEquals(Map.of("app/", 0755, "app/libs/", 0755, "app/libs/demo-lib-1.0.jar", 0644,
                "app/libs/natives-2.0.jar", 0644), modes(archive, 1));
        assertEquals(Map.of("app/", 0755, "app/libs/", 0755, "app/libs/demo-server-1.0.jar", 0644), modes(archive, 2));
        assertEquals(Map.of("app/", 0755, "app/bundle/", 0755, "app/bundle/bin/", 0755,
                "app/bundle/bin/warmup.sh", 0755, "app/bundle/data/", 0755, "app/bundle/data/schema.txt", 0644,
                "app/bundle/model.json", 0644), modes(archive, 3));
        assertEquals("{\"weights\":[1,2]}", new String(content(archive, 3, "app/bundle/model.json"), StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(app.libJar()), content(archive, 1, "app/libs/demo-lib-1.0.jar"));
    }

    @Test
    void build_tarball_configHasEntrypointPortUserLabelsAndEnvironment() throws IOException {
        ImageResult result = ImagePackager.build(request(dir.resolve("iris-image.tar"), bundle("[1,2]")).build());
        JsonNode config = ImageArchive.read(result.tarball().get()).config();

        assertEquals("2026-01-01T00:00:00Z", config.get("created").asText());
        assertEquals("amd64", config.get("architecture").asText());
        JsonNode c = config.get("config");
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp",
                "/app/libs/demo-server-1.0.jar:/app/libs/demo-lib-1.0.jar:/app/libs/natives-2.0.jar", "demo.server.Main"),
                strings(c.get("Entrypoint")));
        assertEquals(List.of("--verbose"), strings(c.get("Cmd")));
        assertEquals(List.of("8080/tcp"), fieldNames(c.get("ExposedPorts")));
        assertEquals("65532:65532", c.get("User").asText());
        assertEquals("/app", c.get("WorkingDir").asText());
        assertEquals(List.of("MLOPS_BUNDLE_DIR=/app/bundle", "MLOPS_PORT=8080", "PATH=/usr/local/bin:/usr/bin:/bin", "TZ=UTC"),
                strings(c.get("Env")).stream().sorted().toList());
        Map<String, String> labels = new TreeMap<>();
        c.get("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("base.label", "from-base"),
                Map.entry("dev.mlops.model.name", "iris"),
                Map.entry("dev.mlops.model.version", "1.0.0"),
                Map.entry("dev.mlops.run.id", "run-42"),
                Map.entry("dev.mlops.metric.accuracy", "0.96"),
                Map.entry("dev.mlops.metric.f1", "0.95"),
                Map.entry("org.opencontainers.image.title", "iris"),
                Map.entry("org.opencontainers.image.version", "1.0.0"),
                Map.entry("org.opencontainers.image.created", "2026-01-01T00:00:00Z"),
                Map.entry("dev.mlops.healthcheck.path", "/health"),
                Map.entry("dev.mlops.healthcheck.port", "8080"),
                Map.entry("dev.mlops.healthcheck.interval", "30s"),
                Map.entry("dev.mlops.healthcheck.timeout", "5s"),
                Map.entry("dev.mlops.healthcheck.start-period", "20s"),
                Map.entry("dev.mlops.healthcheck.retries", "3")));
        assertEquals(expected, labels);
    }

    @Test
    void build_twice_givesSameDigestAndIdenticalTarBytes() throws IOException {
        Path bundle = bundle("[1,2]");
        ImageResult first = ImagePackager.build(request(dir.resolve("a/image.tar"), bundle).build());
        // A second build from a cold cache: nothing may depend on what the first build left behind.
        ImageResult second = ImagePackager.build(request(dir.resolve("b/image.tar"), bundle)
                .cacheDirectory(dir.resolve("other-cache")).build());

        assertEquals(first.digest(), second.digest());
        assertEquals(first.imageId(), second.imageId());
        assertEquals(-1L, Files.mismatch(first.tarball().get(), second.tarball().get()), "byte-identical tarballs");
    }

    @Test
    void build_changedBundle_changesOnlyTheBundleLayer() throws IOException {
        ImageResult before = ImagePackager.build(request(dir.resolve("before.tar"), bundle("[1,2]")).build());
        ImageResult after = ImagePackager.build(request(dir.resolve("after.tar"), bundle("[1,3]")).build());

        for (int i = 0; i < 3; i++) {
            assertEquals(before.layers().get(i), after.layers().get(i), "layer " + before.layers().get(i).name());
        }
        assertNotEquals(before.layer("bundle").digest(), after.layer("bundle").digest());
        assertNotEquals(before.digest(), after.digest());
    }

    @Test
    void build_newOutputTimestamp_changesConfigButNoLayer() throws IOException {
        Path bundle = bundle("[1,2]");
        ImageResult january = ImagePackager.build(request(dir.resolve("jan.tar"), bundle).build());
        ImageResult february = ImagePackager.build(request(dir.resolve("feb.tar"), bundle)
                .creationTime(ImageRequest.creationTimeFrom("2026-02-01T00:00:00Z")).build());

        assertEquals(january.layers(), february.layers(), "file times do not follow the creation time");
        assertNotEquals(january.imageId(), february.imageId());
    }

    @Test
    void build_stripsForeignNativesFromDependencyJars() throws IOException {
        ImageResult result = ImagePackager.build(request(dir.resolve("image.tar"), bundle("[1,2]")).build());

        assertEquals(1, result.filteredJars().size());
        NativeJarFilter.Result filtered = result.filteredJars().get(0);
        assertEquals(nativeJar, filtered.source());
        assertEquals(List.of("native/linux-aarch64/libthing.so", "native/osx-aarch64/libthing.dylib",
                "native/win-x64/thing.dll"), filtered.removedEntries());
        Path extracted = dir.resolve("extracted.jar");
        Files.write(extracted, content(ImageArchive.read(result.tarball().get()), 1, "app/libs/natives-2.0.jar"));
        try (JarFile jar = new JarFile(extracted.toFile())) {
            assertEquals(List.of("com/example/natives/Loader.class", "native/linux-x86_64/libthing.so"),
                    jar.stream().map(e -> e.getName()).toList());
        }

        ImageResult arm = ImagePackager.build(request(dir.resolve("arm.tar"), bundle("[1,2]"))
                .platform(ImagePlatform.LINUX_ARM64).build());
        assertEquals(List.of("native/linux-x86_64/libthing.so", "native/osx-aarch64/libthing.dylib",
                "native/win-x64/thing.dll"), arm.filteredJars().get(0).removedEntries());

        ImageResult kept = ImagePackager.build(request(dir.resolve("kept.tar"), bundle("[1,2]"))
                .stripForeignNatives(false).build());
        assertEquals(List.of(), kept.filteredJars());
        assertNotEquals(result.layer("dependencies").digest(), kept.layer("dependencies").digest());
    }

    @Test
    void build_ociFormat_writesAnOciLayoutWithTheSameConfig() throws IOException {
        Path bundle = bundle("[1,2]");
        ImageResult docker = ImagePackager.build(request(dir.resolve("docker.tar"), bundle).build());
        ImageResult oci = ImagePackager.build(request(dir.resolve("oci.tar"), bundle).format(ManifestFormat.OCI).build());

        ImageArchive archive = ImageArchive.read(oci.tarball().get());
        assertEquals(ManifestFormat.OCI, archive.format());
        assertEquals(docker.imageId(), oci.imageId(), "same configuration JSON");
        assertEquals(docker.layers(), oci.layers(), "same layer blobs");
        assertNotEquals(docker.digest(), oci.digest(), "different manifest media types");
    }

    @Test
    void build_classDirectory_goesToAppClassesFirstOnTheClassPath() throws IOException {
        ImageResult result = ImagePackager.build(
                request(dir.resolve("image.tar"), bundle("[1,2]"), List.of(app.serverClasses())).build());
        ImageArchive archive = ImageArchive.read(result.tarball().get());

        assertTrue(modes(archive, 2).containsKey("app/classes/demo/server/Main.class"), modes(archive, 2).toString());
        assertEquals("/app/classes:/app/libs/demo-lib-1.0.jar:/app/libs/natives-2.0.jar",
                archive.config().get("config").get("Entrypoint").get(4).asText());
    }

    @Test
    void build_withoutApplicationOrDependencies_addsOnlyTheBundleLayer() throws IOException {
        ImageRequest.Builder builder = ImageRequest.builder().baseImage("tar://" + base)
                .target(ImageTarget.tarball(dir.resolve("image.tar"), "localhost/iris:1.0.0"))
                .bundleDirectory(bundle("[1]")).mainClass("demo.server.Main").healthCheck(null);
        ImageResult result = ImagePackager.build(builder.build());

        assertEquals(List.of("", "bundle"), result.layers().stream().map(ImageResult.Layer::name).toList());
        JsonNode labels = ImageArchive.read(result.tarball().get()).config().get("config").get("Labels");
        assertFalse(labels.has("dev.mlops.healthcheck.path"));
    }

    @Test
    void build_missingInputs_failWithThePath() {
        IOException bundle = assertThrows(IOException.class, () -> ImagePackager.build(
                request(dir.resolve("x.tar"), dir.resolve("no-bundle")).build()));
        assertTrue(bundle.getMessage().contains("model bundle directory does not exist")
                && bundle.getMessage().contains("no-bundle"), bundle.getMessage());

        IOException baseTar = assertThrows(IOException.class, () -> ImagePackager.build(
                request(dir.resolve("x.tar"), bundle("[1]")).baseImage("tar:///nowhere/base.tar").build()));
        assertTrue(baseTar.getMessage().contains("/nowhere/base.tar") && baseTar.getMessage().contains("tools/base-image.sh"),
                baseTar.getMessage());

        IOException jar = assertThrows(IOException.class, () -> ImagePackager.build(
                request(dir.resolve("x.tar"), bundle("[1]")).dependencyJars(List.of(dir.resolve("gone.jar"))).build()));
        assertTrue(jar.getMessage().contains("dependency jar does not exist") && jar.getMessage().contains("gone.jar"));
        assertFalse(Files.exists(dir.resolve("x.tar")));
    }

    @Test
    void build_twoJarsWithOneFileName_isRejected() throws IOException {
        Path clash = Files.createDirectories(dir.resolve("other")).resolve("demo-lib-1.0.jar");
        Files.copy(app.libJar(), clash);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePackager.build(
                request(dir.resolve("x.tar"), bundle("[1]")).dependencyJars(List.of(clash)).build()));
        assertTrue(e.getMessage().contains("'demo-lib-1.0.jar'") && e.getMessage().contains(clash.toString()), e.getMessage());
    }

    @Test
    void build_twoClassDirectories_isRejected() throws IOException {
        Path second = Files.createDirectories(dir.resolve("more-classes"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePackager.build(
                request(dir.resolve("x.tar"), bundle("[1]"), List.of(app.serverClasses(), second)).build()));
        assertTrue(e.getMessage().contains("at most one"), e.getMessage());
    }

    @Test
    void build_dockerDaemonWithoutDocker_failsWithIoException() throws IOException {
        ImageRequest request = request(dir.resolve("x.tar"), bundle("[1]"))
                .target(new ImageTarget.DockerDaemon("localhost/iris:1.0.0",
                        java.util.Optional.of(dir.resolve("no-docker")), Map.of()))
                .build();
        IOException e = assertThrows(IOException.class, () -> ImagePackager.build(request));
        assertTrue(e.getMessage().contains("localhost/iris:1.0.0"), e.getMessage());
    }

    private static byte[] content(ImageArchive archive, int layer, String name) throws IOException {
        for (ImageArchive.Entry entry : archive.entries(layer)) {
            if (entry.name().equals(name)) {
                return entry.content();
            }
        }
        throw new AssertionError(name + " not in layer " + layer);
    }

    private static byte[] configBytes(Path tar) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("config.json")) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no config.json in " + tar);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
