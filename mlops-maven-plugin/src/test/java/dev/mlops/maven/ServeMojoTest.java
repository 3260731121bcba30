package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import dev.mlops.serving.ModelServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve goal in the foreground on the bundle the train goal wrote, stopped as Ctrl-C would. */
class ServeMojoTest {

    static ServeMojo serve(Path project) {
        ServeMojo mojo = new ServeMojo();
        ImageMojoTest.configure(mojo, project);
        mojo.port = 0;
        mojo.bind = "127.0.0.1";
        mojo.trackingUri = project.resolve("mlruns").toString();
        return mojo;
    }

    @Test
    void execute_servesTheTrainedBundleUntilStopped(@TempDir Path project) throws Exception {
        ImageMojoTest.train(project);
        ServeMojo mojo = serve(project);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                mojo.execute();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (mojo.server() == null || !mojo.server().isReady()) {
                assertTrue(System.nanoTime() < deadline && !running.isDone(), "the server did not become ready");
                Thread.sleep(20);
            }
            ModelServer server = mojo.server();
            assertEquals("1.0.0", server.model().orElseThrow().version());
            Map<String, Object> record = Map.of("sepal_length", 6.3, "sepal_width", 2.8, "petal_length", 5.1, "petal_width", 1.5);
            String body = new ObjectMapper().writeValueAsString(record);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/predict")).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode json = new ObjectMapper().readTree(r.body());
            try (Predictor local = ModelBundle.load(project.resolve("target/mlops/iris/bundle")).predictor()) {
                Prediction expected = local.predict(record);
                assertEquals(expected.label(), json.get("prediction").asText());
                for (String label : expected.probabilities().keySet()) {
                    assertEquals(expected.probability(label), json.at("/probabilities/" + label).asDouble(), 0.0);
                }
            }
        } finally {
            mojo.stop();
        }
        running.get(60, TimeUnit.SECONDS);
        assertTrue(running.isDone() && !running.isCompletedExceptionally());
        assertTrue(!mojo.server().isReady(), "stopped");
    }

    @Test
    void noBundle_saysHowToGetOne_andSkipDoesNothing(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve("src/main/mlops"));
        Files.writeString(project.resolve("src/main/mlops/model.yaml"), "name: iris\ntask: classification\n"
                + "dataset: {file: data/iris.csv, target: species}\ntrainer: {type: cart}\n");
        ServeMojo mojo = serve(project);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("mlops:serve serves the bundle of model iris but there is none at "
                + project.resolve("target/mlops/iris/bundle") + ": run mvn package mlops:serve (mlops:train writes it),"
                + " or point -Dmlops.serve.bundle at a bundle", e.getMessage());
        mojo.port = 70_000;
        mojo.bundle = "iris.mlbundle";
        assertEquals("<port> / -Dmlops.serve.port: port must be 0 (ephemeral) to 65535, got 70000",
                assertThrows(MojoExecutionException.class, mojo::execute).getMessage());
        mojo.skipServe = true;
        mojo.execute();
        assertNull(mojo.server());
    }
}
