package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.maven.image.ImageTestSupport;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image goal's image, run: train iris, build the image on the Debian JRE base from
 * tools/base-image.sh, load it into podman, run it on a loopback port and ask it for a prediction,
 * which must equal the bundle's own prediction in this JVM. The container and image are removed,
 * also on failure. Skipped, loudly, only when podman is absent; fails when podman is there but the
 * base image is not.
 */
class ImageMojoEndToEndTest {

    private static final Path BASE_TAR = Path.of(System.getenv().getOrDefault("MLOPS_BASE_TAR", ImageMojo.CI_BASE));
    private static final String IMAGE = "localhost/mlops-mojo-e2e/iris:1.0.0";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @BeforeAll
    static void requirePodman() {
        boolean podman = ImageTestSupport.onPath("podman");
        if (!podman) {
            System.err.println("\n*** ImageMojoEndToEndTest SKIPPED: podman is not installed. Run tools/ci-setup.sh"
                    + " (installs podman and runc, builds " + BASE_TAR + "). ***\n");
        }
        Assumptions.assumeTrue(podman, "podman is not installed: run tools/ci-setup.sh");
        if (!Files.isRegularFile(BASE_TAR)) {
            fail("podman is installed but the base image " + BASE_TAR + " is missing: run tools/ci-setup.sh, or point"
                    + " MLOPS_BASE_TAR at a docker-archive JRE image");
        }
    }

    @Test
    void image_runsInPodman_andPredictsWhatTheBundlePredicts(@TempDir Path project) throws Exception {
        ImageMojoTest.train(project);
        ImageMojo mojo = ImageMojoTest.image(project, "tar://" + BASE_TAR, ImageTestSupport.cacheDirectory());
        mojo.toImage = IMAGE;
        mojo.execute();
        Path tar = mojo.result.tarball().orElseThrow();

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sepal_length", 6.0);
        record.put("sepal_width", 2.7);
        record.put("petal_length", 5.1);
        record.put("petal_width", 1.6);
        Prediction expected;
        try (Predictor local = ModelBundle.load(project.resolve("target/mlops/iris/bundle")).predictor()) {
            expected = local.predict(record);
        }

        String name = "mlops-mojo-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ImageTestSupport.freePort();
        try {
            ImageTestSupport.run(Duration.ofMinutes(3), "podman", "load", "-i", tar.toString());
            ImageTestSupport.run(Duration.ofSeconds(60), "podman", "--runtime", "runc", "run", "-d", "--name", name,
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "-p", "127.0.0.1:" + port + ":8080", IMAGE);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            JsonNode ready = new ObjectMapper().readTree(
                    ImageTestSupport.awaitOk(http, port, "/ready", name, STARTUP).body());
            assertEquals("iris", ready.get("model").asText());
            assertEquals("1.0.0", ready.get("version").asText());

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(record))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertEquals(expected.label(), json.get("prediction").asText(), r.body());
            assertEquals(expected.probabilities().keySet().size(), json.get("probabilities").size());
            for (String label : expected.probabilities().keySet()) {
                // the same Tribuo model on another JRE build: equal up to the last bits of Math.exp
                assertEquals(expected.probability(label), json.at("/probabilities/" + label).asDouble(), 1e-12, label);
            }
        } catch (AssertionError | IOException e) {
            String logs = ImageTestSupport.runQuietly("podman", "logs", name);
            throw new AssertionError(e.getMessage() + "\n--- container log ---\n" + logs, e);
        } finally {
            ImageTestSupport.runQuietly("podman", "rm", "-f", name);
            ImageTestSupport.runQuietly("podman", "rmi", "-f", IMAGE);
        }
        assertEquals("", ImageTestSupport.runQuietly("podman", "ps", "-a", "--filter", "name=" + name, "--format",
                "{{.Names}}").strip(), "the container is removed");
    }
}
