package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Models trained once per test JVM, and a small real HTTP client. */
final class Fixtures {

    static final Path DATA = Path.of("src/test/resources/data");
    static final ObjectMapper JSON = new ObjectMapper();

    private static ServedModel forest;
    private static ServedModel logistic;

    private Fixtures() {
    }

    /** Iris random forest (10 trees), trained from {@code iris.yaml}. */
    static synchronized ServedModel forest() {
        if (forest == null) {
            forest = load("iris.yaml");
        }
        return forest;
    }

    /** Iris logistic regression, trained from {@code iris-logistic.yaml}: same name, other version. */
    static synchronized ServedModel logistic() {
        if (logistic == null) {
            logistic = load("iris-logistic.yaml");
        }
        return logistic;
    }

    private static ServedModel load(String spec) {
        try {
            return ModelLoader.load(DATA.resolve(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> iris(double sl, double sw, double pl, double pw) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sepal_length", sl);
        r.put("sepal_width", sw);
        r.put("petal_length", pl);
        r.put("petal_width", pw);
        return r;
    }

    /** A started in-process server on an ephemeral loopback port. */
    static ModelServer server(ServedModel model, ModelServer.Builder builder) {
        try {
            return builder.port(0).model(model).warmupRounds(2).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON-over-HTTP client for one server. */
    static final class Client {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final String base;

        Client(ModelServer server) {
            this.base = "http://127.0.0.1:" + server.port();
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        HttpResponse<String> post(String path, String body) {
            return post(path, "application/json", body);
        }

        HttpResponse<String> post(String path, String contentType, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return send(b);
        }

        HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode json(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
            }
        }
    }
}
