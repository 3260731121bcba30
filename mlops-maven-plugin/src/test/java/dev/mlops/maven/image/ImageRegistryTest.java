package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to a real registry (Debian's docker-registry, the CNCF distribution server) listening on
 * plain HTTP on 127.0.0.1 with the insecure opt-in; the registry then serves the manifest under
 * the digest the packager reported. tools/ci-setup.sh installs docker-registry. (Without the opt-in
 * the push fails only after Jib's HTTP retries, about 70 s here, too slow for a unit test.)
 */
class ImageRegistryTest {

    @TempDir
    static Path shared;
    static Process registry;
    static int port;
    static TestApps.App app;
    static Path base;
    static Path bundle;

    @BeforeAll
    static void startRegistry() throws Exception {
        boolean installed = ImageEndToEndTest.onPath("docker-registry");
        if (!installed) {
            System.err.println("\n*** ImageRegistryTest SKIPPED: docker-registry is not installed. Run tools/ci-setup.sh. ***\n");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "docker-registry is not installed: run tools/ci-setup.sh");
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = shared.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(shared.resolve("storage"), port));
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(shared.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                break;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !registry.isAlive()) {
                    throw new IllegalStateException("registry did not start: " + Files.readString(shared.resolve("registry.log")), e);
                }
                Thread.sleep(100);
            }
        }
        app = TestApps.compile(shared.resolve("app"));
        base = TestApps.tinyBase(shared.resolve("base.tar"));
        bundle = shared.resolve("bundle");
        TestApps.write(bundle.resolve("model.json"), "{}");
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly();
            }
        }
    }

    private static ImageRequest request(ImageTarget target, Path cache) {
        return ImageRequest.builder().baseImage("tar://" + base).target(target)
                .dependencyJars(List.of(app.libJar())).applicationEntries(List.of(app.serverJar()))
                .bundleDirectory(bundle).mainClass(TestApps.MAIN_CLASS)
                .creationTime(ImageRequest.creationTimeFrom("2026-01-01T00:00:00Z"))
                .cacheDirectory(cache).build();
    }

    @Test
    void push_toInsecureLocalRegistry_servesTheReportedDigest(@TempDir Path dir) throws Exception {
        String reference = "127.0.0.1:" + port + "/mlops/iris:1.0.0";
        ImageResult pushed = ImagePackager.build(request(ImageTarget.registry(reference, null, true), dir.resolve("cache")));
        ImageResult tarball = ImagePackager.build(request(ImageTarget.tarball(dir.resolve("iris.tar"), reference), dir.resolve("cache")));

        assertEquals(tarball.digest(), pushed.digest(), "the same image whichever the target");
        assertTrue(pushed.tarball().isEmpty());
        HttpResponse<String> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v2/mlops/iris/manifests/1.0.0"))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, manifest.statusCode(), manifest.body());
        assertEquals(pushed.digest(), manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertTrue(manifest.body().contains(tarball.layer("bundle").digest()), manifest.body());
    }
}
