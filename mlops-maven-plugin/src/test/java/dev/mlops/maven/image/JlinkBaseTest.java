package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images on the {@value ImageRequest#JLINK_BASE} base, read back from the tarball: the linked
 * runtime, the C libraries and loader from this machine, the users, /tmp, and the same digest from
 * a second build with cold caches (only the linked runtime reused). No podman; see
 * {@code JlinkImageEndToEndTest} for running it.
 */
class JlinkBaseTest {

    @TempDir
    static Path shared;
    static ImageResult image;
    static ImageArchive archive;
    static Path ortJar;
    static TestApps.App app;
    static Path bundle;

    @BeforeAll
    static void build() throws Exception {
        app = TestApps.compile(shared.resolve("app"));
        ortJar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        bundle = shared.resolve("bundle");
        TestApps.write(bundle.resolve("model.json"), "{\"name\":\"iris\"}\n");
        image = ImagePackager.build(request(shared.resolve("a/iris-image.tar"), ImageTestSupport.cacheDirectory()).build());
        archive = ImageArchive.read(image.tarball().orElseThrow());
    }

    static ImageRequest.Builder request(Path tar, Path cache) {
        return ImageRequest.builder()
                .baseImage(ImageRequest.JLINK_BASE)
                .target(ImageTarget.tarball(tar, "localhost/mlops-jlink/iris:1.0.0"))
                .dependencyJars(List.of(app.libJar(), ortJar))
                .applicationEntries(List.of(app.serverJar()))
                .bundleDirectory(bundle)
                .mainClass(TestApps.MAIN_CLASS)
                .labels(ImageLabels.forModel("iris", "1.0.0", "run-42", Map.of("accuracy", 0.96)))
                .creationTime(ImageRequest.creationTimeFrom("2026-01-01T00:00:00Z"))
                .cacheDirectory(cache);
    }

    private static Map<String, ImageArchive.Entry> entries(int layer) throws IOException {
        Map<String, ImageArchive.Entry> entries = new TreeMap<>();
        for (ImageArchive.Entry e : archive.entries(layer)) {
            entries.put(e.name().replaceFirst("/$", ""), e);
        }
        return entries;
    }

    @Test
    void layers_areSystemRuntimeThenTheApplication() {
        assertEquals(List.of("system", "runtime", "dependencies", "application", "bundle"),
                image.layers().stream().map(ImageResult.Layer::name).toList());
    }

    @Test
    void runtimeLayer_isTheLinkedJdkWithTheServerModules() throws IOException {
        Map<String, ImageArchive.Entry> runtime = entries(1);
        assertEquals(0755, runtime.get("opt/java/openjdk/bin/java").mode());
        assertTrue(runtime.containsKey("opt/java/openjdk/lib/server/libjvm.so"));
        assertTrue(runtime.get("opt/java/openjdk/lib/security/cacerts").size() > 50_000, "the JDK's CA certificates");
        String release = new String(runtime.get("opt/java/openjdk/release").content(), StandardCharsets.UTF_8);
        assertTrue(release.contains("JAVA_VERSION=\"" + System.getProperty("java.version") + "\""), release);
        // jlink adds what the modules require: java.security.sasl (java.naming), java.transaction.xa (java.sql).
        List<String> modules = new ArrayList<>(JlinkBase.MODULES);
        modules.addAll(List.of("java.security.sasl", "java.transaction.xa"));
        String line = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        assertEquals(new java.util.TreeSet<>(modules),
                new java.util.TreeSet<>(List.of(line.substring("MODULES=\"".length(), line.length() - 1).split(" "))));
        assertTrue(runtime.keySet().stream().noneMatch(n -> n.contains("/man/") || n.contains("/include/")), "no man pages or headers");
        for (ImageArchive.Entry e : runtime.values()) {
            assertEquals(1, e.modifiedEpochSeconds(), e.name());
            assertEquals(0, e.uid(), e.name());
        }
    }

    @Test
    void systemLayer_hasTheLoaderLibrariesUsersAndTmp() throws IOException {
        Map<String, ImageArchive.Entry> system = entries(0);
        ElfFile java = ElfFile.read(Path.of(System.getProperty("java.home"), "bin/java"));
        String loader = java.interpreter().orElseThrow().substring(1);
        assertTrue(system.containsKey(loader), "the loader at PT_INTERP " + loader + ": " + system.keySet());
        ImageArchive.Entry loaderEntry = system.get(loader);
        if (!loaderEntry.link().isEmpty()) {
            assertTrue(system.containsKey(loaderEntry.link().substring(1)), "the link's target is in the layer");
        }
        for (String library : List.of("libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1")) {
            assertTrue(system.keySet().stream().anyMatch(n -> n.endsWith("/" + library)), library + " in " + system.keySet());
        }
        assertEquals(01777, system.get("tmp").mode());
        assertTrue(system.get("tmp").directory());
        assertEquals("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n",
                new String(system.get("etc/passwd").content(), StandardCharsets.UTF_8));
        assertEquals("root:x:0:\nnonroot:x:65532:\n", new String(system.get("etc/group").content(), StandardCharsets.UTF_8));
        assertEquals(65532, system.get("home/nonroot").uid());
        assertEquals("uninitialized\n", new String(system.get("etc/machine-id").content(), StandardCharsets.UTF_8),
                "ONNX Runtime crashes without a machine id; none of this machine's");
        for (ImageArchive.Entry e : system.values()) {
            assertEquals(1, e.modifiedEpochSeconds(), e.name());
        }
    }

    @Test
    void config_runsJavaFromTheRuntimeAsTheNonRootUser() {
        JsonNode config = archive.config();
        assertEquals("amd64", config.get("architecture").asText());
        JsonNode c = config.get("config");
        assertEquals("java", c.get("Entrypoint").get(0).asText());
        assertEquals(TestApps.MAIN_CLASS, c.get("Entrypoint").get(c.get("Entrypoint").size() - 1).asText());
        assertEquals("65532:65532", c.get("User").asText());
        assertEquals("/app", c.get("WorkingDir").asText());
        List<String> env = new ArrayList<>();
        c.get("Env").forEach(n -> env.add(n.asText()));
        assertTrue(env.contains("JAVA_HOME=/opt/java/openjdk"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=/opt/java/openjdk/bin:")), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("LD_LIBRARY_PATH=/")), env.toString());
        assertTrue(env.contains("MLOPS_BUNDLE_DIR=/app/bundle"), env.toString());
        assertEquals("/health", c.get("Labels").get("dev.mlops.healthcheck.path").asText());
        assertEquals("iris", c.get("Labels").get("dev.mlops.model.name").asText());
    }

    @Test
    void secondBuild_withColdCachesButTheSameRuntime_givesTheSameDigestAndBytes(@TempDir Path dir) throws IOException {
        // Only the linked runtime is carried over (jlink takes ~20 s and its output is byte-identical
        // on the same JDK); the base archive, its layers and Jib's caches are made anew.
        Path cache = dir.resolve("cache");
        Path jlinkCache = ImageTestSupport.cacheDirectory().resolve("jlink");
        try (Stream<Path> runtimes = Files.list(jlinkCache)) {
            for (Path runtime : runtimes.filter(p -> p.getFileName().toString().startsWith("runtime-")).toList()) {
                copyTree(runtime, cache.resolve("jlink").resolve(runtime.getFileName()));
            }
        }
        ImageResult second = ImagePackager.build(request(dir.resolve("iris-image.tar"), cache).build());
        assertEquals(image.digest(), second.digest());
        assertEquals(image.imageId(), second.imageId());
        assertEquals(image.layers(), second.layers());
        assertArrayEquals(Files.readAllBytes(image.tarball().orElseThrow()), Files.readAllBytes(second.tarball().orElseThrow()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
