package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.maven.image.ImageRequest;
import dev.mlops.maven.image.ImageTestSupport;
import dev.mlops.model.Engine;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image goal on the {@value ImageRequest#JLINK_BASE} base (nothing fetched: the build's own JDK,
 * linked, and this machine's C libraries), run in podman on a loopback port: a Tribuo-only bundle
 * (random forest) and a bundle with model.onnx (logistic regression, whose batches run in ONNX Runtime)
 * answer {@code /predict} with what the bundle predicts in this JVM. Skipped, loudly, only when podman
 * is absent.
 */
class JlinkImageEndToEndTest {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requirePodman() {
        boolean podman = ImageTestSupport.onPath("podman");
        if (!podman) {
            System.err.println("\n*** JlinkImageEndToEndTest SKIPPED: podman is not installed (apt-get install podman"
                    + " runc, or tools/ci-setup.sh). ***\n");
        }
        Assumptions.assumeTrue(podman, "podman is not installed");
    }

    /** Trains iris with {@code trainer} as a project would. */
    static void train(Path project, String trainer) throws Exception {
        Files.createDirectories(project.resolve("data"));
        Files.copy(Path.of("../samples/iris/data/iris.csv"), project.resolve("data/iris.csv"));
        Files.createDirectories(project.resolve("src/main/mlops"));
        Files.writeString(project.resolve("src/main/mlops/model.yaml"), """
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: %s}
                """.formatted(trainer));
        TrainMojo train = new TrainMojo();
        ImageMojoTest.configure(train, project);
        train.trackingUri = project.resolve("mlruns").toString();
        train.bundleVersion = "1.0.0";
        train.execute();
    }

    @Test
    void tribuoForest_servesTheBundlesPredictions(@TempDir Path project) throws Exception {
        train(project, "random-forest");
        serveAndCheck(project, "localhost/mlops-jlink-e2e/forest:1.0.0", "tribuo");
    }

    @Test
    void onnxBundle_servesTheBundlesPredictions_batchesInOnnxRuntime(@TempDir Path project) throws Exception {
        train(project, "logistic-regression");
        serveAndCheck(project, "localhost/mlops-jlink-e2e/logreg:1.0.0", "tribuo+onnxruntime");
    }

    private static void serveAndCheck(Path project, String image, String platform) throws Exception {
        ImageMojo mojo = ImageMojoTest.image(project, ImageRequest.JLINK_BASE, ImageTestSupport.cacheDirectory());
        mojo.toImage = image;
        mojo.execute();
        Path tar = mojo.result.tarball().orElseThrow();

        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // 20 >= the batch size from which ONNX Runtime scores (16)
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("sepal_length", 4.5 + 0.15 * i);
            record.put("sepal_width", 3.4 - 0.05 * i);
            record.put("petal_length", 1.2 + 0.28 * i);
            record.put("petal_width", 0.2 + 0.11 * i);
            records.add(record);
        }
        ModelBundle bundle = ModelBundle.load(project.resolve("target/mlops/iris/bundle"));
        Prediction single;
        List<Prediction> batch;
        try (Predictor local = bundle.predictor()) {
            single = local.predict(records.get(13));
        }
        // What the server's predictor uses for a batch: ONNX Runtime when the bundle has it.
        try (Predictor local = bundle.predictor(bundle.defaultEngine() == Engine.AUTO ? Engine.ONNX : Engine.TRIBUO)) {
            batch = local.predictBatch(records);
        }

        String name = "mlops-jlink-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ImageTestSupport.freePort();
        try {
            ImageTestSupport.run(Duration.ofMinutes(3), "podman", "load", "-i", tar.toString());
            ImageTestSupport.run(Duration.ofSeconds(60), "podman", "--runtime", "runc", "run", "-d", "--name", name,
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "-p", "127.0.0.1:" + port + ":8080", image);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            ImageTestSupport.awaitOk(http, port, "/ready", name, STARTUP);
            assertEquals(platform, get(http, port, "/v2/models/iris").get("platform").asText());

            JsonNode one = post(http, port, "/predict", JSON.writeValueAsString(records.get(13)));
            assertPrediction(single, one, 1e-12);

            JsonNode many = post(http, port, "/predict/batch", JSON.writeValueAsString(Map.of("instances", records)));
            assertEquals(records.size(), many.get("predictions").size());
            for (int i = 0; i < records.size(); i++) {
                // ONNX Runtime computes in floats in both places; same library, same results up to float rounding
                assertPrediction(batch.get(i), many.get("predictions").get(i), 1e-6);
            }
        } catch (AssertionError | IOException e) {
            String logs = ImageTestSupport.runQuietly("podman", "logs", name);
            throw new AssertionError(e.getMessage() + "\n--- container log ---\n" + logs, e);
        } finally {
            ImageTestSupport.runQuietly("podman", "rm", "-f", name);
            ImageTestSupport.runQuietly("podman", "rmi", "-f", image);
        }
        assertEquals("", ImageTestSupport.runQuietly("podman", "ps", "-a", "--filter", "name=" + name, "--format",
                "{{.Names}}").strip(), "the container is removed");
    }

    private static void assertPrediction(Prediction expected, JsonNode actual, double tolerance) {
        assertEquals(expected.label(), actual.get("prediction").asText(), actual.toString());
        assertEquals(expected.probabilities().size(), actual.get("probabilities").size(), actual.toString());
        for (String label : expected.probabilities().keySet()) {
            assertEquals(expected.probability(label), actual.at("/probabilities/" + label).asDouble(), tolerance, label);
        }
    }

    private static JsonNode get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode post(HttpClient http, int port, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
