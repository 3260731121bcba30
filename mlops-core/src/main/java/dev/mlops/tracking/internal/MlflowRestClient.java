package dev.mlops.tracking.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.RestOptions;
import dev.mlops.tracking.TrackingServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an MLflow tracking server: JSON requests with {@code Content-Type: application/json} to
 * {@code /api/2.0/mlflow/<endpoint>}, GET parameters in the query string, artifacts through the
 * {@code /api/2.0/mlflow-artifacts/artifacts} proxy. Answers 429, 500, 502, 503 and 504 and
 * connection failures are retried with exponential backoff and jitter (a server's
 * {@code Retry-After} is honoured up to the maximum backoff). Errors name the server and the call;
 * the bearer token is sent in the {@code Authorization} header only and never appears in messages
 * or logs.
 */
public final class MlflowRestClient {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestClient.class);

    /** Prefix of the tracking and registry endpoints. */
    public static final String API = "/api/2.0/mlflow/";
    /** Prefix of the artifact proxy. */
    public static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String JSON_TYPE = "application/json";
    private static final int MAX_ERROR_TEXT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String baseText;
    private final RestOptions options;
    private final HttpClient http;
    private final String authorization;

    /**
     * Creates a client.
     *
     * @param server  the server URI, e.g. {@code http://127.0.0.1:5000} (a path prefix is kept)
     * @param options retries, timeouts and token
     * @throws IllegalArgumentException when the URI is not http(s) with a host
     */
    public MlflowRestClient(URI server, RestOptions options) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || server.getHost() == null) {
            throw new IllegalArgumentException("MLflow server URI '" + server + "' must be http://host[:port] or"
                    + " https://host[:port]");
        }
        String text = server.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.baseText = text;
        this.base = URI.create(text);
        this.options = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        String token = options.token().get();
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.strip();
    }

    /**
     * The server URI without a trailing slash.
     *
     * @return the URI
     */
    public URI server() {
        return base;
    }

    /**
     * The shared JSON mapper.
     *
     * @return the mapper
     */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * A new empty JSON object.
     *
     * @return the object
     */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * GET {@code /api/2.0/mlflow/<endpoint>?<query>}.
     *
     * @param endpoint e.g. "runs/get"
     * @param query    parameters (null values are left out)
     * @return the answer body
     * @throws NotFoundException when the server answers RESOURCE_DOES_NOT_EXIST
     * @throws IOException       when the call fails
     */
    public JsonNode get(String endpoint, Map<String, ?> query) throws IOException {
        return json("GET", API + endpoint + queryString(query), null);
    }

    /**
     * POST a JSON body to {@code /api/2.0/mlflow/<endpoint>}.
     *
     * @param endpoint e.g. "runs/log-batch"
     * @param body     the request
     * @return the answer body
     * @throws NotFoundException when the server answers RESOURCE_DOES_NOT_EXIST
     * @throws IOException       when the call fails
     */
    public JsonNode post(String endpoint, ObjectNode body) throws IOException {
        return json("POST", API + endpoint, body);
    }

    /**
     * DELETE with a JSON body (as MLflow's own client sends it).
     *
     * @param endpoint e.g. "registered-models/alias"
     * @param body     the request
     * @return the answer body
     * @throws NotFoundException when the server answers RESOURCE_DOES_NOT_EXIST
     * @throws IOException       when the call fails
     */
    public JsonNode delete(String endpoint, ObjectNode body) throws IOException {
        return json("DELETE", API + endpoint, body);
    }

    private JsonNode json(String method, String path, ObjectNode body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpResponse<byte[]> response = send(method, path, publisher, JSON_TYPE, HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = response.body();
        if (bytes.length == 0) {
            return object();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new TrackingServerException("MLflow server " + baseText + " answered " + call(method, path)
                    + " with a body that is not JSON: " + excerpt(bytes), response.statusCode(), null, e);
        }
    }

    /**
     * Uploads a file to the artifact proxy: PUT {@code /api/2.0/mlflow-artifacts/artifacts/<path>}.
     *
     * @param artifactPath the proxy path, e.g. "1/0a1b.../artifacts/model/bundle.zip"
     * @param file         the local file
     * @throws IOException when the upload fails
     */
    public void upload(String artifactPath, Path file) throws IOException {
        send("PUT", ARTIFACTS + "/" + encodePath(artifactPath), HttpRequest.BodyPublishers.ofFile(file),
                "application/octet-stream", HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Downloads a file from the artifact proxy to {@code target} (replaced atomically).
     *
     * @param artifactPath the proxy path
     * @param target       the local file
     * @throws NotFoundException when the server has no such artifact
     * @throws IOException       when the download fails
     */
    public void download(String artifactPath, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".download-", ".tmp");
        try {
            send("GET", ARTIFACTS + "/" + encodePath(artifactPath), HttpRequest.BodyPublishers.noBody(), null,
                    HttpResponse.BodyHandlers.ofFile(tmp));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Lists an artifact directory: GET {@code /api/2.0/mlflow-artifacts/artifacts?path=<path>}.
     *
     * @param artifactPath the proxy path of the directory
     * @return the answer ({@code files}: entries with {@code path} (base name), {@code is_dir},
     *         {@code file_size})
     * @throws IOException when the call fails
     */
    public JsonNode listArtifacts(String artifactPath) throws IOException {
        return json("GET", ARTIFACTS + queryString(Map.of("path", artifactPath)), null);
    }

    private <T> HttpResponse<T> send(String method, String path, HttpRequest.BodyPublisher body, String contentType,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseText + path))
                .timeout(options.requestTimeout())
                .method(method, body)
                .header("Accept", JSON_TYPE)
                .header("User-Agent", "mlops-java");
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        String call = call(method, path);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = http.send(request, handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during " + call + " on " + baseText);
            } catch (IOException e) {
                if (attempt < options.maxRetries()) {
                    long delay = backoff(attempt, null);
                    LOG.info("MLflow server {} unreachable during {} ({}); retry {} of {} in {} ms", baseText, call,
                            e.toString(), attempt + 1, options.maxRetries(), delay);
                    sleep(delay, call);
                    continue;
                }
                throw new TrackingServerException("MLflow server " + baseText + " is unreachable: " + call
                        + " failed after " + (attempt + 1) + " attempt(s): " + e, 0, null, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
            if (retryable && attempt < options.maxRetries()) {
                long delay = backoff(attempt, response.headers().firstValue("Retry-After").orElse(null));
                LOG.info("MLflow server {} answered HTTP {} to {}; retry {} of {} in {} ms", baseText, status, call,
                        attempt + 1, options.maxRetries(), delay);
                sleep(delay, call);
                continue;
            }
            Exception error = error(response, call, attempt + 1);
            if (error instanceof NotFoundException notFound) {
                throw notFound;
            }
            throw (TrackingServerException) error;
        }
    }

    /** A NotFoundException for 404 RESOURCE_DOES_NOT_EXIST, otherwise a TrackingServerException. */
    private Exception error(HttpResponse<?> response, String call, int attempts) {
        int status = response.statusCode();
        String errorCode = null;
        String message = "";
        Object body = response.body();
        if (body instanceof byte[] bytes && bytes.length > 0) {
            try {
                JsonNode node = JSON.readTree(bytes);
                errorCode = node.path("error_code").asText(null);
                message = node.path("message").asText("");
            } catch (IOException e) {
                message = excerpt(bytes);
            }
        } else if (body instanceof Path file) {
            try {
                message = excerpt(Files.readAllBytes(file));
            } catch (IOException e) {
                message = "";
            }
        }
        String where = call + " on MLflow server " + baseText;
        if (status == 404 && (errorCode == null || "RESOURCE_DOES_NOT_EXIST".equals(errorCode))) {
            return new NotFoundException((message.isEmpty() ? "Not found" : message) + " (" + where + ")");
        }
        return new TrackingServerException("MLflow server " + baseText + " refused " + call + " with HTTP " + status
                + (errorCode == null ? "" : " " + errorCode) + (message.isEmpty() ? "" : ": " + message)
                + (attempts > 1 ? " (after " + attempts + " attempts)" : ""), status, errorCode, null);
    }

    /** Exponential backoff with "equal jitter": half the delay fixed, half random. */
    private long backoff(int attempt, String retryAfter) {
        long max = options.maxBackoff().toMillis();
        long exp = options.initialBackoff().toMillis() << Math.min(attempt, 30);
        long delay = Math.min(max, exp <= 0 ? max : exp);
        delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        if (retryAfter != null) {
            try {
                delay = Math.max(delay, Math.min(max, Long.parseLong(retryAfter.strip()) * 1000));
            } catch (NumberFormatException e) {
                // an HTTP date: keep the computed delay
            }
        }
        return delay;
    }

    private void sleep(long millis, String call) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while retrying " + call + " on " + baseText);
        }
    }

    private static String call(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return method + " " + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    }

    private static String excerpt(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
    }

    private static String queryString(Map<String, ?> query) {
        StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return joiner.toString();
    }

    /**
     * Percent-encodes each segment of a '/'-separated path (RFC 3986 unreserved characters kept).
     *
     * @param path the path
     * @return the encoded path
     */
    public static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Reads an int64 field that protobuf's JSON mapping may render as a number or a string.
     *
     * @param node the field
     * @return its value, or null when missing or null
     */
    public static Long asLong(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : Long.parseLong(text);
    }

    /**
     * A text field.
     *
     * @param node the object
     * @param key  the field
     * @return its text, or null when missing or null
     */
    public static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Reads a list of {@code {key, value}} objects, as MLflow encodes tags and params.
     *
     * @param array the JSON array (may be missing)
     * @return the entries in order
     */
    public static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> result = new java.util.TreeMap<>();
        if (array != null && array.isArray()) {
            for (JsonNode entry : array) {
                result.put(entry.path("key").asText(), entry.path("value").asText(""));
            }
        }
        return result;
    }

    /**
     * Encodes a map as a list of {@code {key, value}} objects.
     *
     * @param entries the entries
     * @return the JSON array
     */
    public static com.fasterxml.jackson.databind.node.ArrayNode keyValueArray(Map<String, String> entries) {
        var array = JSON.createArrayNode();
        entries.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
        return array;
    }
}
