package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own JVM, stopped with SIGTERM while a request is in flight: readiness turns
 * 503 first, the request in flight completes, then the process exits 0.
 */
class ShutdownTest {

    @Test
    void sigterm_turnsReadinessTo503_finishesInFlightRequest_thenExitsZero(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // the log goes to a file: reading a pipe races with the JDK draining it when the process exits
        Path logFile = tmp.resolve("server.log");
        Process process = new ProcessBuilder(java, "-cp", classpath, "dev.mlops.serving.ModelServer",
                "--bundle", Fixtures.forestFixture().bundle().toString(), "--port", "0",
                "--threads", "4", "--drain-timeout", "60").redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        Supplier<List<String>> log = () -> {
            try {
                return Files.readAllLines(logFile);
            } catch (java.io.IOException e) {
                return List.of("cannot read the log: " + e);
            }
        };
        try {
            int port = Integer.parseInt(await(log, Pattern.compile("Ready: serving iris version \\S+ on http://127\\.0\\.0\\.1:(\\d+)")));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port;
            String record = "{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}";
            assertEquals(200, post(http, base + "/predict", record).statusCode());
            assertEquals(200, get(http, base + "/ready").statusCode());

            try (Socket inFlight = new Socket("127.0.0.1", port)) {
                inFlight.setSoTimeout(30_000);
                OutputStream out = inFlight.getOutputStream();
                byte[] body = record.getBytes(StandardCharsets.UTF_8);
                out.write(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 20);
                out.flush();
                // the handler has started once the server counts two requests in flight (that one and this scrape)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!get(http, base + "/metrics").body().contains("\nmlops_in_flight_requests 2\n")) {
                    assertTrue(System.nanoTime() < deadline, "the partial request never reached a handler");
                    Thread.sleep(10);
                }

                process.destroy(); // SIGTERM
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                HttpResponse<String> ready;
                while ((ready = get(http, base + "/ready")).statusCode() == 200) {
                    assertTrue(System.nanoTime() < deadline, "readiness never turned 503");
                    Thread.sleep(10);
                }
                assertEquals(503, ready.statusCode());
                assertTrue(ready.body().contains("\"status\":\"draining\""), ready.body());
                assertTrue(process.isAlive(), "the process must wait for the request in flight");

                out.write(body, 20, body.length - 20);
                out.flush();
                String response = new String(inFlight.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("\"prediction\":\"setosa\""), response);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit");
            assertEquals(0, process.exitValue(), String.join("\n", log.get()));
            String all = String.join("\n", log.get());
            assertTrue(all.contains("Received SIGTERM"), all);
            assertTrue(all.contains("Draining: readiness is now 503"), all);
            assertTrue(all.contains("Stopped after draining"), all);
        } finally {
            process.destroyForcibly();
        }
    }

    static String await(Supplier<List<String>> log, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String line : log.get()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server never logged " + pattern + ":\n" + String.join("\n", log.get()));
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
