package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a real image (Debian JRE base from tools/base-image.sh, a tiny HTTP server, ONNX Runtime
 * with only its linux-x64 natives, a model bundle), loads it into podman, runs it on a loopback
 * port and asks it questions over HTTP. Needs podman and runc (tools/ci-setup.sh installs them and
 * builds the base); skipped, loudly, only when podman is absent.
 */
class ImageEndToEndTest {

    private static final Path BASE_TAR = Path.of(System.getenv().getOrDefault("MLOPS_BASE_TAR", "/var/cache/mlops/jre-base.tar"));
    private static final String IMAGE = "localhost/mlops-e2e/iris:1.0.0";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @BeforeAll
    static void requirePodman() {
        boolean podman = onPath("podman");
        if (!podman) {
            System.err.println("\n*** ImageEndToEndTest SKIPPED: podman is not installed. Run tools/ci-setup.sh"
                    + " (installs podman, runc, debootstrap and builds " + BASE_TAR + "). ***\n");
        }
        Assumptions.assumeTrue(podman, "podman is not installed: run tools/ci-setup.sh");
        if (!Files.isRegularFile(BASE_TAR)) {
            fail("podman is installed but the base image " + BASE_TAR + " is missing: run tools/base-image.sh"
                    + " (or tools/ci-setup.sh), or point MLOPS_BASE_TAR at a docker-archive JRE image");
        }
    }

    @Test
    void builtImage_runsInPodman_andServesHealthBundleAndOnnxRuntime(@TempDir Path dir) throws Exception {
        TestApps.App app = TestApps.compile(dir.resolve("app"));
        Path ortJar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundle = dir.resolve("bundle");
        String model = "{\"name\":\"iris\",\"weights\":[0.25,-1.5,3.0]}\n";
        TestApps.write(bundle.resolve("model.json"), model);

        ImageResult result = ImagePackager.build(ImageRequest.builder()
                .baseImage("tar://" + BASE_TAR)
                .target(ImageTarget.tarball(dir.resolve("iris-image.tar"), IMAGE))
                .dependencyJars(List.of(app.libJar(), ortJar))
                .applicationEntries(List.of(app.serverJar()))
                .bundleDirectory(bundle)
                .mainClass(TestApps.MAIN_CLASS)
                .labels(ImageLabels.forModel("iris", "1.0.0", "run-42", Map.of("accuracy", 0.96)))
                .creationTime(ImageRequest.creationTimeFrom("2026-01-01T00:00:00Z"))
                .cacheDirectory(cacheDirectory())
                .build());
        assertEquals(1, result.filteredJars().size(), "the ONNX Runtime jar loses its foreign natives");

        String name = "mlops-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        int port = freePort();
        try {
            run(Duration.ofMinutes(3), "podman", "load", "-i", result.tarball().get().toString());
            String labels = run(Duration.ofSeconds(30), "podman", "image", "inspect", "--format",
                    "{{index .Labels \"dev.mlops.model.name\"}} {{index .Labels \"dev.mlops.metric.accuracy\"}} {{.User}}", IMAGE);
            assertEquals("iris 0.96 65532:65532", labels.strip());

            run(Duration.ofSeconds(60), "podman", "--runtime", "runc", "run", "-d", "--name", name,
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                    "-p", "127.0.0.1:" + port + ":8080", IMAGE);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> health = awaitOk(http, port, "/health", name, STARTUP);
            assertEquals("ok\n", health.body());

            HttpResponse<String> served = get(http, port, "/bundle/model.json");
            assertEquals(200, served.statusCode());
            assertEquals(model, served.body(), "the server reads the model bundle inside the image");
            assertEquals(404, get(http, port, "/bundle/missing.json").statusCode());

            String info = get(http, port, "/info").body();
            assertTrue(info.contains("uid=65532\n") && info.contains("gid=65532\n"), "runs as non-root: " + info);
            assertTrue(info.contains("cwd=/app\n"), info);
            assertTrue(info.contains("-XX:MaxRAMPercentage=75") && info.contains("-XX:+ExitOnOutOfMemoryError"), info);
            assertTrue(info.contains("onnxruntime=1.29.0\n"),
                    "ONNX Runtime loads its linux-x64 natives from the filtered jar: " + info);
        } catch (AssertionError | IOException e) {
            String logs = runQuietly("podman", "logs", name);
            throw new AssertionError(e.getMessage() + "\n--- container log ---\n" + logs, e);
        } finally {
            runQuietly("podman", "rm", "-f", name);
            runQuietly("podman", "rmi", "-f", IMAGE);
        }
        assertEquals("", runQuietly("podman", "ps", "-a", "--filter", "name=" + name, "--format", "{{.Names}}").strip(),
                "the container is removed");
    }

    /** Persistent across test runs so the 300 MB base layer is compressed once, not every build. */
    static Path cacheDirectory() {
        return Path.of(System.getenv().getOrDefault("MLOPS_IMAGE_TEST_CACHE", "target/image-test-cache")).toAbsolutePath();
    }

    /**
     * Polls {@code path} on a container's loopback port until it answers 200, failing early when the
     * container exits.
     */
    static HttpResponse<String> awaitOk(HttpClient http, int port, String path, String container, Duration within)
            throws Exception {
        Instant deadline = Instant.now().plus(within);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get(http, port, path);
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException e) {
                last = e; // not listening yet, or podman's port forwarder resetting until the server listens
            }
            String state = runQuietly("podman", "inspect", "--format", "{{.State.Status}}", container).strip();
            if (state.equals("exited")) {
                throw new AssertionError("container exited before answering " + path);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no 200 from " + path + " on 127.0.0.1:" + port + " within " + within + ": " + last);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** @return a free TCP port on the loopback interface */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, fails with its output when it exits non-zero or overruns. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("podman", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static String runQuietly(String... command) {
        try {
            return run(Duration.ofSeconds(60), command);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

}
