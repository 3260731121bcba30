package dev.mlops.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback MLflow tracking server implementing the subset of the REST API this library uses,
 * and enforcing its contract: JSON bodies with {@code Content-Type: application/json}, no unknown
 * fields, required fields present, {@code runs/log-batch} within 1000 metrics / 100 params /
 * 100 tags / 1000 entities / 1 MB, {@code max_results} on {@code metrics/get-history}, write-once
 * params, the bearer token when one is required. A violation is answered with HTTP 400 and
 * recorded in {@link #violations()}. Faults (429, 503) can be injected for the next requests.
 */
public final class MlflowContractServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Call(String method, String path, int status, int metrics, int params, int tags, int bytes,
                       String authorization, String contentType) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("POST experiments/create", Set.of("name", "artifact_location", "tags")),
            Map.entry("GET experiments/get-by-name", Set.of("experiment_name")),
            Map.entry("GET experiments/get", Set.of("experiment_id")),
            Map.entry("POST experiments/search", Set.of("max_results", "page_token", "filter", "order_by", "view_type")),
            Map.entry("POST runs/create", Set.of("experiment_id", "user_id", "run_name", "start_time", "tags")),
            Map.entry("POST runs/update", Set.of("run_id", "run_uuid", "status", "end_time", "run_name")),
            Map.entry("GET runs/get", Set.of("run_id", "run_uuid")),
            Map.entry("POST runs/log-batch", Set.of("run_id", "metrics", "params", "tags")),
            Map.entry("POST runs/search", Set.of("experiment_ids", "filter", "run_view_type", "max_results",
                    "order_by", "page_token")),
            Map.entry("GET metrics/get-history", Set.of("run_id", "run_uuid", "metric_key", "max_results",
                    "page_token")),
            Map.entry("POST registered-models/create", Set.of("name", "tags", "description")),
            Map.entry("GET registered-models/get", Set.of("name")),
            Map.entry("GET registered-models/search", Set.of("filter", "max_results", "order_by", "page_token")),
            Map.entry("POST registered-models/set-tag", Set.of("name", "key", "value")),
            Map.entry("POST registered-models/alias", Set.of("name", "alias", "version")),
            Map.entry("DELETE registered-models/alias", Set.of("name", "alias")),
            Map.entry("GET registered-models/alias", Set.of("name", "alias")),
            Map.entry("POST model-versions/create", Set.of("name", "source", "run_id", "tags", "run_link",
                    "description")),
            Map.entry("GET model-versions/get", Set.of("name", "version")),
            Map.entry("GET model-versions/search", Set.of("filter", "max_results", "order_by", "page_token")),
            Map.entry("POST model-versions/transition-stage", Set.of("name", "version", "stage",
                    "archive_existing_versions")));
    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("POST experiments/create", Set.of("name")),
            Map.entry("GET experiments/get-by-name", Set.of("experiment_name")),
            Map.entry("GET experiments/get", Set.of("experiment_id")),
            Map.entry("POST runs/create", Set.of("experiment_id")),
            Map.entry("POST runs/update", Set.of("run_id")),
            Map.entry("GET runs/get", Set.of("run_id")),
            Map.entry("POST runs/log-batch", Set.of("run_id")),
            Map.entry("POST runs/search", Set.of("experiment_ids")),
            Map.entry("GET metrics/get-history", Set.of("run_id", "metric_key", "max_results")),
            Map.entry("POST registered-models/create", Set.of("name")),
            Map.entry("GET registered-models/get", Set.of("name")),
            Map.entry("POST registered-models/set-tag", Set.of("name", "key", "value")),
            Map.entry("POST registered-models/alias", Set.of("name", "alias", "version")),
            Map.entry("DELETE registered-models/alias", Set.of("name", "alias")),
            Map.entry("POST model-versions/create", Set.of("name", "source")),
            Map.entry("GET model-versions/get", Set.of("name", "version")),
            Map.entry("POST model-versions/transition-stage", Set.of("name", "version", "stage",
                    "archive_existing_versions")));

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    // state, guarded by this
    private final Map<String, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new TreeMap<>();
    private final Map<String, ModelState> models = new TreeMap<>();
    private int nextExperimentId = 1;
    private int failures;
    private int failureStatus;
    private String requiredToken;

    private static final class RunState {
        ObjectNode info;
        final Map<String, String> params = new TreeMap<>();
        final Map<String, String> tags = new TreeMap<>();
        final Map<String, List<ObjectNode>> metrics = new TreeMap<>();
    }

    private static final class ModelState {
        long created;
        long updated;
        final Map<String, String> tags = new TreeMap<>();
        final Map<String, Integer> aliases = new TreeMap<>();
        final List<ObjectNode> versions = new ArrayList<>();
    }

    /** Thrown by handlers to answer with an MLflow error. */
    private static final class Answer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Answer(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private MlflowContractServer() throws IOException {
        // without TCP_NODELAY the JDK server delays keep-alive answers by ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        ObjectNode defaultExperiment = experiment("0", "Default");
        experiments.put("0", defaultExperiment);
    }

    /**
     * Starts a server on an ephemeral loopback port.
     *
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static MlflowContractServer start() throws IOException {
        MlflowContractServer s = new MlflowContractServer();
        s.server.start();
        return s;
    }

    /** The base URI, e.g. http://127.0.0.1:41234. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next {@code count} requests with {@code status} (and Retry-After: 0 for 429). */
    public synchronized void failNext(int count, int status) {
        failures = count;
        failureStatus = status;
    }

    /** Rejects requests without {@code Authorization: Bearer <token>} with 401. */
    public synchronized void requireToken(String token) {
        requiredToken = token;
    }

    /** Every request so far. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Every contract violation so far. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Forgets recorded violations (after a test that provokes them on purpose). */
    public void clearViolations() {
        violations.clear();
    }

    /** Forgets recorded calls. */
    public void clearCalls() {
        calls.clear();
    }

    /** Stored artifact paths (proxy paths). */
    public synchronized Set<String> artifactPaths() {
        return Set.copyOf(artifacts.keySet());
    }

    /** Replaces a stored artifact (to simulate tampering). */
    public synchronized void putArtifact(String path, byte[] content) {
        artifacts.put(path, content);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        int status = 200;
        int[] counts = new int[3];
        byte[] answer;
        try {
            synchronized (this) {
                if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
                    throw new Answer(401, "UNAUTHENTICATED", "missing or wrong bearer token");
                }
                if (failures > 0) {
                    failures--;
                    if (failureStatus == 429) {
                        ex.getResponseHeaders().add("Retry-After", "0");
                    }
                    throw new Answer(failureStatus, failureStatus == 429 ? "REQUEST_LIMIT_EXCEEDED"
                            : "TEMPORARILY_UNAVAILABLE", "injected fault");
                }
            }
            if (path.startsWith(ARTIFACTS)) {
                answer = artifacts(method, path, ex.getRequestURI().getRawQuery(), contentType, body);
            } else if (path.startsWith(API)) {
                answer = api(method, path.substring(API.length()), ex.getRequestURI().getRawQuery(), contentType,
                        body, counts);
            } else {
                throw new Answer(404, "ENDPOINT_NOT_FOUND", "no endpoint " + path);
            }
        } catch (Answer a) {
            status = a.status;
            ObjectNode error = JSON.createObjectNode().put("error_code", a.code).put("message", a.getMessage());
            answer = JSON.writeValueAsBytes(error);
        } catch (RuntimeException e) {
            status = 500;
            answer = JSON.writeValueAsBytes(JSON.createObjectNode().put("error_code", "INTERNAL_ERROR")
                    .put("message", e.toString()));
        }
        calls.add(new Call(method, path, status, counts[0], counts[1], counts[2], body.length, authorization,
                contentType));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer);
        }
    }

    private Answer violation(String message) {
        violations.add(message);
        return new Answer(400, "BAD_REQUEST", "contract violation: " + message);
    }

    private byte[] api(String method, String endpoint, String rawQuery, String contentType, byte[] body, int[] counts)
            throws IOException {
        String key = method + " " + endpoint;
        Set<String> allowed = FIELDS.get(key);
        if (allowed == null) {
            throw new Answer(404, "ENDPOINT_NOT_FOUND", "no endpoint " + key);
        }
        ObjectNode request;
        if (method.equals("GET")) {
            if (body.length > 0) {
                throw violation(key + " must not have a body");
            }
            request = JSON.createObjectNode();
            for (Map.Entry<String, String> e : query(rawQuery).entrySet()) {
                request.put(e.getKey(), e.getValue());
            }
        } else {
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                throw violation(key + " sent Content-Type " + contentType + " instead of application/json");
            }
            JsonNode parsed;
            try {
                parsed = JSON.readTree(body);
            } catch (IOException e) {
                throw violation(key + " body is not JSON");
            }
            if (!(parsed instanceof ObjectNode)) {
                throw violation(key + " body is not a JSON object");
            }
            request = (ObjectNode) parsed;
        }
        for (String field : (Iterable<String>) request::fieldNames) {
            if (!allowed.contains(field)) {
                throw violation(key + " has unknown field '" + field + "'");
            }
        }
        for (String field : REQUIRED.getOrDefault(key, Set.of())) {
            if (!request.has(field) || request.get(field).isNull()) {
                throw violation(key + " lacks required field '" + field + "'");
            }
        }
        ObjectNode result;
        synchronized (this) {
            result = switch (key) {
                case "POST experiments/create" -> createExperiment(request);
                case "GET experiments/get-by-name" -> getExperimentByName(request);
                case "GET experiments/get" -> JSON.createObjectNode().set("experiment",
                        experimentOr404(request.get("experiment_id").asText()));
                case "POST experiments/search" -> searchExperiments();
                case "POST runs/create" -> createRun(request);
                case "POST runs/update" -> updateRun(request);
                case "GET runs/get" -> JSON.createObjectNode().set("run", runJson(runOr404(request)));
                case "POST runs/log-batch" -> logBatch(request, body.length, counts);
                case "POST runs/search" -> searchRuns(request);
                case "GET metrics/get-history" -> history(request);
                case "POST registered-models/create" -> createModel(request);
                case "GET registered-models/get" -> JSON.createObjectNode().set("registered_model",
                        modelJson(request.get("name").asText(), modelOr404(request.get("name").asText())));
                case "GET registered-models/search" -> searchModels();
                case "POST registered-models/set-tag" -> {
                    modelOr404(request.get("name").asText()).tags.put(request.get("key").asText(),
                            request.get("value").asText());
                    yield JSON.createObjectNode();
                }
                case "POST registered-models/alias" -> setAlias(request);
                case "DELETE registered-models/alias" -> {
                    modelOr404(request.get("name").asText()).aliases.remove(request.get("alias").asText());
                    yield JSON.createObjectNode();
                }
                case "POST model-versions/create" -> createVersion(request);
                case "GET model-versions/get" -> JSON.createObjectNode().set("model_version",
                        versionJson(versionOr404(request.get("name").asText(), request.get("version").asText())));
                case "GET model-versions/search" -> searchVersions(request);
                case "POST model-versions/transition-stage" -> transition(request);
                default -> throw new Answer(404, "ENDPOINT_NOT_FOUND", key);
            };
        }
        return JSON.writeValueAsBytes(result);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(k, v);
        }
        return result;
    }

    // ---------------------------------------------------------------- experiments and runs

    private ObjectNode experiment(String id, String name) {
        long now = System.currentTimeMillis();
        ObjectNode e = JSON.createObjectNode().put("experiment_id", id).put("name", name)
                .put("artifact_location", "mlflow-artifacts:/" + id).put("lifecycle_stage", "active")
                .put("creation_time", now).put("last_update_time", now);
        e.putArray("tags");
        return e;
    }

    private ObjectNode createExperiment(ObjectNode request) {
        String name = request.get("name").asText();
        for (ObjectNode e : experiments.values()) {
            if (e.get("name").asText().equals(name)) {
                throw new Answer(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
            }
        }
        String id = String.valueOf(nextExperimentId++);
        experiments.put(id, experiment(id, name));
        return JSON.createObjectNode().put("experiment_id", id);
    }

    private ObjectNode getExperimentByName(ObjectNode request) {
        String name = request.get("experiment_name").asText();
        for (ObjectNode e : experiments.values()) {
            if (e.get("name").asText().equals(name)) {
                return JSON.createObjectNode().set("experiment", e);
            }
        }
        throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
    }

    private ObjectNode experimentOr404(String id) {
        ObjectNode e = experiments.get(id);
        if (e == null) {
            throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with ID " + id);
        }
        return e;
    }

    private ObjectNode searchExperiments() {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("experiments");
        experiments.values().forEach(list::add);
        return result;
    }

    private ObjectNode createRun(ObjectNode request) {
        String experimentId = request.get("experiment_id").asText();
        experimentOr404(experimentId);
        String runId = UUID.randomUUID().toString().replace("-", "");
        RunState run = new RunState();
        for (JsonNode t : request.path("tags")) {
            run.tags.put(t.get("key").asText(), t.get("value").asText());
        }
        String name = request.hasNonNull("run_name") ? request.get("run_name").asText()
                : run.tags.getOrDefault("mlflow.runName", "run-" + runId.substring(0, 6));
        if (run.tags.containsKey("mlflow.runName") && !run.tags.get("mlflow.runName").equals(name)) {
            throw new Answer(400, "INVALID_PARAMETER_VALUE", "run_name and mlflow.runName differ");
        }
        run.tags.put("mlflow.runName", name);
        run.info = JSON.createObjectNode().put("run_id", runId).put("run_uuid", runId).put("run_name", name)
                .put("experiment_id", experimentId).put("user_id", request.path("user_id").asText(""))
                .put("status", "RUNNING").put("start_time", request.path("start_time").asLong())
                .put("artifact_uri", "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts")
                .put("lifecycle_stage", "active");
        runs.put(runId, run);
        return JSON.createObjectNode().set("run", runJson(run));
    }

    private RunState runOr404(ObjectNode request) {
        String id = request.path("run_id").asText();
        RunState run = runs.get(id);
        if (run == null) {
            throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found");
        }
        return run;
    }

    private ObjectNode runJson(RunState run) {
        ObjectNode r = JSON.createObjectNode();
        r.set("info", run.info.deepCopy());
        ObjectNode data = r.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        run.metrics.forEach((k, points) -> metrics.add(points.stream().max(Comparator
                .<ObjectNode>comparingLong(m -> m.get("step").asLong())
                .thenComparingLong(m -> m.get("timestamp").asLong())).orElseThrow()));
        ArrayNode params = data.putArray("params");
        run.params.forEach((k, v) -> params.addObject().put("key", k).put("value", v));
        ArrayNode tags = data.putArray("tags");
        run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return r;
    }

    private ObjectNode updateRun(ObjectNode request) {
        RunState run = runOr404(request);
        if (request.hasNonNull("status")) {
            String status = request.get("status").asText();
            if (!Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
                throw violation("runs/update status '" + status + "' is not a RunStatus name");
            }
            run.info.put("status", status);
        }
        if (request.hasNonNull("end_time")) {
            run.info.put("end_time", request.get("end_time").asLong());
        }
        return JSON.createObjectNode().set("run_info", run.info);
    }

    private ObjectNode logBatch(ObjectNode request, int bodyBytes, int[] counts) {
        RunState run = runOr404(request);
        int m = request.path("metrics").size();
        int p = request.path("params").size();
        int t = request.path("tags").size();
        counts[0] = m;
        counts[1] = p;
        counts[2] = t;
        if (m > 1000) {
            throw violation("log-batch with " + m + " metrics (max 1000)");
        }
        if (p > 100) {
            throw violation("log-batch with " + p + " params (max 100)");
        }
        if (t > 100) {
            throw violation("log-batch with " + t + " tags (max 100)");
        }
        if (m + p + t > 1000) {
            throw violation("log-batch with " + (m + p + t) + " entities (max 1000)");
        }
        if (bodyBytes > 1_000_000) {
            throw violation("log-batch body of " + bodyBytes + " bytes (max 1000000)");
        }
        for (JsonNode param : request.path("params")) {
            String k = param.get("key").asText();
            String v = param.get("value").asText();
            String old = run.params.get(k);
            if (old != null && !old.equals(v)) {
                throw new Answer(400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with key='"
                        + k + "' was already logged with value='" + old + "'");
            }
        }
        for (JsonNode param : request.path("params")) {
            run.params.put(param.get("key").asText(), param.get("value").asText());
        }
        for (JsonNode tag : request.path("tags")) {
            run.tags.put(tag.get("key").asText(), tag.get("value").asText());
        }
        for (JsonNode metric : request.path("metrics")) {
            for (String field : List.of("key", "value", "timestamp", "step")) {
                if (!metric.has(field)) {
                    throw violation("log-batch metric lacks '" + field + "'");
                }
            }
            run.metrics.computeIfAbsent(metric.get("key").asText(), k -> new ArrayList<>())
                    .add((ObjectNode) metric.deepCopy());
        }
        return JSON.createObjectNode();
    }

    private ObjectNode history(ObjectNode request) {
        RunState run = runOr404(request);
        int max = Integer.parseInt(request.get("max_results").asText());
        if (max < 1 || max > 25000) {
            throw violation("metrics/get-history max_results " + max + " outside 1..25000");
        }
        List<ObjectNode> points = run.metrics.getOrDefault(request.get("metric_key").asText(), List.of());
        int offset = request.hasNonNull("page_token") ? Integer.parseInt(request.get("page_token").asText()) : 0;
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("metrics");
        points.subList(offset, Math.min(points.size(), offset + max)).forEach(list::add);
        if (offset + max < points.size()) {
            result.put("next_page_token", String.valueOf(offset + max));
        }
        return result;
    }

    private ObjectNode searchRuns(ObjectNode request) {
        int max = request.path("max_results").asInt(1000);
        if (max < 1 || max > 50000) {
            throw violation("runs/search max_results " + max + " outside 1..50000");
        }
        Set<String> ids = new java.util.HashSet<>();
        request.get("experiment_ids").forEach(i -> ids.add(i.asText()));
        SearchFilter filter;
        List<String> orderBy = new ArrayList<>();
        request.path("order_by").forEach(o -> orderBy.add(o.asText()));
        Comparator<Run> order;
        try {
            filter = SearchFilter.parse(request.path("filter").asText(""));
            order = SearchFilter.comparator(orderBy);
        } catch (IllegalArgumentException e) {
            throw new Answer(400, "INVALID_PARAMETER_VALUE", e.getMessage());
        }
        List<Run> matching = new ArrayList<>();
        for (RunState run : runs.values()) {
            if (ids.contains(run.info.get("experiment_id").asText())) {
                Run parsed = RestTrackingStore.parseRun(runJson(run));
                if (filter.matches(parsed)) {
                    matching.add(parsed);
                }
            }
        }
        matching.sort(order);
        int offset = request.hasNonNull("page_token") ? Integer.parseInt(request.get("page_token").asText()) : 0;
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("runs");
        for (Run r : matching.subList(offset, Math.min(matching.size(), offset + max))) {
            list.add(runJson(runs.get(r.id())));
        }
        if (offset + max < matching.size()) {
            result.put("next_page_token", String.valueOf(offset + max));
        }
        return result;
    }

    // ---------------------------------------------------------------- artifacts

    private byte[] artifacts(String method, String path, String rawQuery, String contentType, byte[] body) {
        String rest = path.substring(ARTIFACTS.length());
        String artifact = URLDecoder.decode(rest.startsWith("/") ? rest.substring(1) : rest, StandardCharsets.UTF_8);
        if (artifact.contains("..")) {
            throw violation("artifact path with '..': " + artifact);
        }
        synchronized (this) {
            switch (method) {
                case "PUT":
                    if (contentType == null) {
                        throw violation("artifact upload without Content-Type");
                    }
                    artifacts.put(artifact, body);
                    return new byte[0];
                case "GET":
                    if (artifact.isEmpty()) {
                        return listArtifacts(query(rawQuery).getOrDefault("path", ""));
                    }
                    byte[] content = artifacts.get(artifact);
                    if (content == null) {
                        throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "No artifact " + artifact);
                    }
                    return content;
                default:
                    throw new Answer(405, "METHOD_NOT_ALLOWED", method);
            }
        }
    }

    private byte[] listArtifacts(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        Map<String, ObjectNode> children = new TreeMap<>();
        artifacts.forEach((p, content) -> {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                int slash = rest.indexOf('/');
                String name = slash < 0 ? rest : rest.substring(0, slash);
                ObjectNode f = JSON.createObjectNode().put("path", name).put("is_dir", slash >= 0);
                if (slash < 0) {
                    f.put("file_size", content.length);
                }
                children.put(name, f);
            }
        });
        ObjectNode result = JSON.createObjectNode();
        ArrayNode files = result.putArray("files");
        children.values().forEach(files::add);
        try {
            return JSON.writeValueAsBytes(result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- registry

    private ModelState modelOr404(String name) {
        ModelState m = models.get(name);
        if (m == null) {
            throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        return m;
    }

    private ObjectNode createModel(ObjectNode request) {
        String name = request.get("name").asText();
        if (models.containsKey(name)) {
            throw new Answer(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        ModelState m = new ModelState();
        m.created = System.currentTimeMillis();
        m.updated = m.created;
        models.put(name, m);
        return JSON.createObjectNode().set("registered_model", modelJson(name, m));
    }

    private ObjectNode modelJson(String name, ModelState m) {
        ObjectNode node = JSON.createObjectNode().put("name", name).put("creation_timestamp", m.created)
                .put("last_updated_timestamp", m.updated);
        ArrayNode tags = node.putArray("tags");
        m.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ArrayNode aliases = node.putArray("aliases");
        m.aliases.forEach((a, v) -> aliases.addObject().put("alias", a).put("version", String.valueOf(v)));
        return node;
    }

    private ObjectNode searchModels() {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("registered_models");
        models.forEach((n, m) -> list.add(modelJson(n, m)));
        return result;
    }

    private ObjectNode createVersion(ObjectNode request) {
        String name = request.get("name").asText();
        ModelState m = modelOr404(name);
        if (request.hasNonNull("run_id")) {
            runOr404(request);
        }
        ObjectNode v = JSON.createObjectNode().put("name", name).put("version", String.valueOf(m.versions.size() + 1))
                .put("creation_timestamp", System.currentTimeMillis())
                .put("last_updated_timestamp", System.currentTimeMillis()).put("current_stage", "None")
                .put("source", request.get("source").asText()).put("run_id", request.path("run_id").asText(null))
                .put("status", "READY");
        v.set("tags", request.has("tags") ? request.get("tags").deepCopy() : JSON.createArrayNode());
        m.versions.add(v);
        return JSON.createObjectNode().set("model_version", versionJson(v));
    }

    private ObjectNode versionOr404(String name, String version) {
        ModelState m = modelOr404(name);
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new Answer(400, "INVALID_PARAMETER_VALUE", "Model version must be an integer, got '" + version + "'");
        }
        if (n < 1 || n > m.versions.size()) {
            throw new Answer(404, "RESOURCE_DOES_NOT_EXIST", "Model Version (name=" + name + ", version=" + version
                    + ") not found");
        }
        return m.versions.get(n - 1);
    }

    private ObjectNode versionJson(ObjectNode v) {
        ObjectNode copy = v.deepCopy();
        ArrayNode aliases = copy.putArray("aliases");
        models.get(v.get("name").asText()).aliases.forEach((a, n) -> {
            if (String.valueOf(n).equals(v.get("version").asText())) {
                aliases.add(a);
            }
        });
        return copy;
    }

    private ObjectNode setAlias(ObjectNode request) {
        String name = request.get("name").asText();
        JsonNode version = request.get("version");
        if (!version.isTextual()) {
            throw violation("registered-models/alias version must be a string, got " + version);
        }
        versionOr404(name, version.asText());
        modelOr404(name).aliases.put(request.get("alias").asText(), Integer.parseInt(version.asText()));
        return JSON.createObjectNode();
    }

    private ObjectNode searchVersions(ObjectNode request) {
        String filter = request.path("filter").asText("");
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("name\\s*=\\s*'([^']*)'").matcher(filter);
        if (!matcher.matches()) {
            throw new Answer(400, "INVALID_PARAMETER_VALUE", "unsupported filter " + filter);
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("model_versions");
        ModelState m = models.get(matcher.group(1));
        if (m != null) {
            m.versions.forEach(v -> list.add(versionJson(v)));
        }
        return result;
    }

    private ObjectNode transition(ObjectNode request) {
        String name = request.get("name").asText();
        JsonNode versionNode = request.get("version");
        if (!versionNode.isTextual()) {
            throw violation("transition-stage version must be a string, got " + versionNode);
        }
        ObjectNode v = versionOr404(name, versionNode.asText());
        String stage = request.get("stage").asText();
        if (!Set.of("None", "Staging", "Production", "Archived").contains(stage)) {
            throw new Answer(400, "INVALID_PARAMETER_VALUE", "Invalid Model Version stage: " + stage);
        }
        if (request.get("archive_existing_versions").asBoolean()) {
            for (ObjectNode other : modelOr404(name).versions) {
                if (other != v && other.get("current_stage").asText().equals(stage)) {
                    other.put("current_stage", "Archived");
                }
            }
        }
        v.put("current_stage", stage);
        v.put("last_updated_timestamp", System.currentTimeMillis());
        return JSON.createObjectNode().set("model_version", versionJson(v));
    }

    /** Version count of a model, for tests. */
    public synchronized int versionCount(String name) {
        ModelState m = models.get(name);
        return m == null ? 0 : m.versions.size();
    }

    /** Helper for tests that need a plain map view of a run's stored metric points per key. */
    public synchronized Map<String, Integer> metricCounts(String runId) {
        Map<String, Integer> counts = new HashMap<>();
        runs.get(runId).metrics.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }
}
