package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Validation of requests, targets, labels and health checks: each error names the field and the bad value. */
class ImageRequestTest {

    private static ImageRequest.Builder valid() {
        return ImageRequest.builder()
                .target(ImageTarget.tarball(Path.of("target/mlops/iris/iris-image.tar"), "iris:1.0.0"))
                .bundleDirectory(Path.of("target/mlops/iris/bundle"))
                .mainClass("dev.mlops.serving.Main");
    }

    private static String error(UnaryOperator<ImageRequest.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build()).getMessage();
    }

    @Test
    void builder_defaults() {
        ImageRequest request = valid().build();
        assertEquals("eclipse-temurin:21-jre", request.baseImage());
        assertEquals(8080, request.port());
        assertEquals("65532:65532", request.user());
        assertEquals("/app", request.appRoot());
        assertEquals("/app/bundle", request.bundlePath());
        assertEquals("/app/libs", request.libsPath());
        assertEquals(List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"), request.jvmFlags());
        assertEquals(Instant.EPOCH, request.creationTime());
        assertEquals(ManifestFormat.DOCKER, request.format());
        assertEquals(ImagePlatform.LINUX_AMD64, request.platform());
        assertEquals("/health", request.healthCheck().orElseThrow().path());
        assertTrue(request.stripForeignNatives());
        assertFalse(request.offline());
    }

    @Test
    void builder_acceptsTarDockerAndRegistryBases() {
        for (String base : List.of("tar:///var/cache/mlops/jre-base.tar", "docker://eclipse-temurin:21-jre",
                "registry.example.com:5000/team/jre@sha256:" + "a".repeat(64), "localhost:5000/jre:17")) {
            assertEquals(base, valid().baseImage(base).build().baseImage());
        }
    }

    @Test
    void builder_rejectsBadValuesNamingThem() {
        assertTrue(error(b -> b.mainClass("not a class")).contains("mainClass 'not a class'"));
        assertTrue(error(b -> b.mainClass(null)).contains("mainClass 'null'"));
        assertTrue(error(b -> b.port(0)).contains("port 0 is outside 1..65535"));
        assertTrue(error(b -> b.port(70000)).contains("port 70000"));
        assertTrue(error(b -> b.user("root")).contains("user 'root' is root"));
        assertTrue(error(b -> b.user("0:0")).contains("user '0:0' is root"));
        assertTrue(error(b -> b.user("a b")).contains("user 'a b'"));
        assertTrue(error(b -> b.appRoot("app")).contains("appRoot 'app' is not an absolute Unix-style path"));
        assertTrue(error(b -> b.appRoot("/app/../etc")).contains("appRoot '/app/../etc'"));
        assertTrue(error(b -> b.jvmFlags(List.of("Xmx1g"))).contains("jvmFlags entry 'Xmx1g'"));
        assertTrue(error(b -> b.environment(Map.of("1BAD", "x"))).contains("environment variable name '1BAD'"));
        assertTrue(error(b -> b.baseImage("tar://")).contains("names no file after tar://"));
        assertTrue(error(b -> b.baseImage("Not An Image")).contains("baseImage 'Not An Image'"));
        assertTrue(error(b -> b.baseImage(" ")).contains("baseImage must not be blank"));
        assertTrue(error(b -> b.target(null)).contains("no target"));
        assertTrue(error(b -> b.bundleDirectory(null)).contains("no bundleDirectory"));
        Map<String, String> blank = new LinkedHashMap<>();
        blank.put(" ", "x");
        assertTrue(error(b -> b.labels(blank)).contains("blank key"));
    }

    @Test
    void targets_rejectInvalidReferences() {
        String tar = assertThrows(IllegalArgumentException.class,
                () -> ImageTarget.tarball(Path.of("x.tar"), "UPPER/Case:1")).getMessage();
        assertTrue(tar.contains("tarball image name 'UPPER/Case:1' is not a valid image reference"), tar);
        String registry = assertThrows(IllegalArgumentException.class,
                () -> ImageTarget.registry("bad ref", null, false)).getMessage();
        assertTrue(registry.contains("registry image 'bad ref'"), registry);
        ImageTarget.Registry ok = (ImageTarget.Registry) ImageTarget.registry("localhost:5000/iris:1",
                new RegistryCredential("ci", "s3cret"), true);
        assertTrue(ok.allowInsecure());
        assertEquals("ci", ok.credential().orElseThrow().username());
    }

    @Test
    void credential_neverPrintsThePassword() {
        RegistryCredential credential = new RegistryCredential("ci", "s3cret");
        assertEquals("RegistryCredential[username=ci, password=****]", credential.toString());
        assertThrows(IllegalArgumentException.class, () -> new RegistryCredential(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> new RegistryCredential("ci", ""));
    }

    @Test
    void creationTimeFrom_readsMavenOutputTimestampForms() {
        Instant newYear = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(newYear, ImageRequest.creationTimeFrom("2026-01-01T00:00:00Z"));
        assertEquals(newYear, ImageRequest.creationTimeFrom("2026-01-01T01:00:00+01:00"));
        assertEquals(newYear, ImageRequest.creationTimeFrom("1767225600"));
        assertEquals(Instant.EPOCH, ImageRequest.creationTimeFrom(null));
        assertEquals(Instant.EPOCH, ImageRequest.creationTimeFrom(""));
        assertEquals(Instant.EPOCH, ImageRequest.creationTimeFrom("a"), "Maven's one-character 'disabled' marker");
        String bad = assertThrows(IllegalArgumentException.class, () -> ImageRequest.creationTimeFrom("yesterday")).getMessage();
        assertTrue(bad.contains("project.build.outputTimestamp 'yesterday'"), bad);
    }

    @Test
    void platform_parse() {
        assertEquals(ImagePlatform.LINUX_ARM64, ImagePlatform.parse("Linux/ARM64"));
        String bad = assertThrows(IllegalArgumentException.class, () -> ImagePlatform.parse("windows/amd64")).getMessage();
        assertEquals("unsupported image platform 'windows/amd64'; valid: linux/amd64, linux/arm64", bad);
    }

    @Test
    void labels_forModel_writesModelRunAndSortedMetricKeys() {
        Map<String, String> labels = ImageLabels.forModel("iris", "1.2.0", "a1b2c3", Map.of("f1", 0.9, "accuracy", 0.95));
        assertEquals(List.of("dev.mlops.model.name", "dev.mlops.model.version", "org.opencontainers.image.title",
                "org.opencontainers.image.version", "dev.mlops.run.id", "dev.mlops.metric.accuracy", "dev.mlops.metric.f1"),
                List.copyOf(labels.keySet()));
        assertEquals("0.95", labels.get("dev.mlops.metric.accuracy"));
        assertEquals("a1b2c3", labels.get("dev.mlops.run.id"));
        assertFalse(ImageLabels.forModel("iris", "1", null, Map.of()).containsKey(ImageLabels.RUN_ID));
        String bad = assertThrows(IllegalArgumentException.class,
                () -> ImageLabels.forModel("iris", "1", null, Map.of("r 2", 0.5))).getMessage();
        assertTrue(bad.contains("metric name 'r 2'"), bad);
        assertThrows(IllegalArgumentException.class, () -> ImageLabels.forModel(" ", "1", null, Map.of()));
    }

    @Test
    void healthCheck_labelsAndValidation() {
        HealthCheck check = new HealthCheck("/ready", Duration.ofSeconds(10), Duration.ofMillis(1500), Duration.ZERO, 2);
        assertEquals(Map.of("dev.mlops.healthcheck.path", "/ready", "dev.mlops.healthcheck.port", "9000",
                "dev.mlops.healthcheck.interval", "10s", "dev.mlops.healthcheck.timeout", "1500ms",
                "dev.mlops.healthcheck.start-period", "0s", "dev.mlops.healthcheck.retries", "2"), check.labels(9000));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthCheck.http("health")).getMessage()
                .contains("'health'"));
        assertThrows(IllegalArgumentException.class,
                () -> new HealthCheck("/h", Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new HealthCheck("/h", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 0));
    }
}
