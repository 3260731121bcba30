package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST store against a loopback server that enforces MLflow's REST contract. */
class RestTrackingStoreTest {

    static final RestOptions FAST = RestOptions.defaults().withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5))
            .withToken(() -> null);

    @TempDir
    Path tmp;
    MlflowContractServer server;
    TrackingStore store;

    @BeforeEach
    void start() throws IOException {
        server = MlflowContractServer.start();
        store = TrackingStore.open(server.uri(), FAST);
    }

    @AfterEach
    void stop() {
        store.close();
        assertEquals(List.of(), server.violations(), "the client kept the REST contract");
        server.close();
    }

    private List<MlflowContractServer.Call> batches() {
        return server.calls().stream().filter(c -> c.path().endsWith("/runs/log-batch")).toList();
    }

    @Test
    void runLifecycle_roundTripsThroughTheServer() throws IOException {
        String id;
        try (RunHandle run = store.startRun("iris", "sgd", Map.of("team", "ml"))) {
            id = run.runId();
            assertEquals("1", run.experimentId());
            run.logParam("lr", "0.1").logMetric("f1", 0.8, 1).logMetric("f1", 0.9, 2).setTag("note", "x");
        }
        Run run = store.getRun(id);
        assertEquals(RunStatus.FINISHED, run.info().status());
        assertEquals("sgd", run.info().runName());
        assertEquals(Map.of("lr", "0.1"), run.params());
        assertEquals(0.9, run.metric("f1").getAsDouble());
        assertEquals("ml", run.tag("team").orElseThrow());
        assertEquals(System.getProperty("user.name"), run.tag(StandardTags.USER).orElseThrow());
        assertEquals(List.of(0.8, 0.9), store.metricHistory(id, "f1").stream().map(Metric::value).toList());
        assertEquals("1", store.getOrCreateExperiment("iris").id(), "found by name, not created twice");
        assertEquals(List.of("Default", "iris"), store.listExperiments().stream().map(Experiment::name).toList());
        for (MlflowContractServer.Call call : server.calls()) {
            if (!call.method().equals("GET")) {
                assertEquals("application/json", call.contentType(), call.path());
            }
        }
    }

    @Test
    void logBatch_splitIntoCallsWithinMlflowLimits() throws IOException {
        RunHandle run = store.startRun("iris", "big");
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            metrics.add(new Metric("loss", 1.0 / (i + 1), 1000L + i, i));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            params.put("p" + i, "v" + i);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            tags.put("t" + i, "v" + i);
        }
        server.clearCalls();
        run.logBatch(metrics, params, tags);
        List<String> shapes = batches().stream().map(c -> c.params() + "p " + c.tags() + "t " + c.metrics() + "m")
                .toList();
        // params first, then tags, then metrics; each call within 100/100/1000 and 1000 entities
        assertEquals(List.of("100p 100t 800m", "50p 20t 930m", "0p 0t 770m"), shapes);
        assertEquals(2500, server.metricCounts(run.runId()).get("loss"));
        assertEquals(150, store.getRun(run.runId()).params().size());
    }

    @Test
    void logBatch_largeValuesSplitUnderOneMegabyte() throws IOException {
        RunHandle run = store.startRun("iris", "wide");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            params.put("p" + i, "x".repeat(6000));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            tags.put("t" + i, "y".repeat(5000));
        }
        server.clearCalls();
        run.logBatch(List.of(), params, tags);
        assertEquals(2, batches().size(), "1.1 MB of values needs two calls");
        assertTrue(batches().stream().allMatch(c -> c.bytes() <= 1_000_000));
        assertEquals(100, store.getRun(run.runId()).tags().keySet().stream().filter(k -> k.startsWith("t")).count());
    }

    @Test
    void metricHistory_pagesWithMaxResults() throws IOException {
        RunHandle run = store.startRun("iris", "long");
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 26000; i++) {
            metrics.add(new Metric("m", i, 1, i));
        }
        run.logMetrics(metrics);
        server.clearCalls();
        List<Metric> history = store.metricHistory(run.runId(), "m");
        assertEquals(26000, history.size());
        assertEquals(25999, history.get(25999).step());
        assertEquals(2, server.calls().size(), "25000 per page (max_results is always sent)");
    }

    @Test
    void retries_on503And429_thenSucceeds() throws IOException {
        RunHandle run = store.startRun("iris", "flaky");
        server.clearCalls();
        server.failNext(2, 503);
        run.logMetric("m", 1);
        assertEquals(List.of(503, 503, 200), server.calls().stream().map(MlflowContractServer.Call::status).toList());
        server.clearCalls();
        server.failNext(1, 429);
        run.logMetric("m", 2);
        assertEquals(List.of(429, 200), server.calls().stream().map(MlflowContractServer.Call::status).toList());
        assertEquals(2, store.metricHistory(run.runId(), "m").size());
    }

    @Test
    void retriesExhausted_errorNamesServerCallAndStatus() throws IOException {
        RunHandle run = store.startRun("iris", "down");
        server.failNext(100, 503);
        TrackingServerException e = assertThrows(TrackingServerException.class, () -> run.logMetric("m", 1));
        assertEquals(503, e.statusCode());
        assertEquals("TEMPORARILY_UNAVAILABLE", e.errorCode());
        assertTrue(e.getMessage().contains("MLflow server " + server.uri() + " refused POST /api/2.0/mlflow/runs/log-batch"
                + " with HTTP 503 TEMPORARILY_UNAVAILABLE: injected fault (after 4 attempts)"), e.getMessage());
        server.failNext(0, 503);
    }

    @Test
    void unreachableServer_errorNamesServerAndCall() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TrackingStore down = TrackingStore.open("http://127.0.0.1:" + port, FAST.withToken(() -> "s3cret"))) {
            TrackingServerException e = assertThrows(TrackingServerException.class,
                    () -> down.getOrCreateExperiment("iris"));
            assertEquals(0, e.statusCode());
            assertTrue(e.getMessage().startsWith("MLflow server http://127.0.0.1:" + port + " is unreachable: GET"
                    + " /api/2.0/mlflow/experiments/get-by-name failed after 4 attempt(s)"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"));
        }
    }

    @Test
    void bearerToken_sentOnEveryCall_neverPrinted() throws IOException {
        server.requireToken("s3cret-token");
        RestOptions withToken = FAST.withToken(() -> "s3cret-token");
        try (TrackingStore authed = TrackingStore.open(server.uri(), withToken)) {
            authed.startRun("iris", "secure").logMetric("m", 1).close();
        }
        assertTrue(server.calls().stream().allMatch(c -> "Bearer s3cret-token".equals(c.authorization())));
        assertFalse(withToken.toString().contains("s3cret"));
        server.clearCalls();
        try (TrackingStore wrong = TrackingStore.open(server.uri(), FAST.withToken(() -> "wrong-token"))) {
            TrackingServerException e = assertThrows(TrackingServerException.class,
                    () -> wrong.getOrCreateExperiment("iris"));
            assertEquals(401, e.statusCode());
            assertFalse(e.getMessage().contains("wrong-token"), e.getMessage());
            assertEquals(1, server.calls().size(), "401 is not retried");
        }
        try (TrackingStore none = TrackingStore.open(server.uri(), FAST)) {
            assertThrows(TrackingServerException.class, () -> none.listExperiments());
            assertNull(server.calls().get(server.calls().size() - 1).authorization());
        }
    }

    @Test
    void artifacts_uploadedThroughProxy_listedAndDownloaded() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("model dir"));
        Files.writeString(model.resolve("weights.bin"), "w");
        Files.createDirectories(model.resolve("meta"));
        Files.writeString(model.resolve("meta/spec.json"), "{}");
        RunHandle run = store.startRun("iris", "art");
        run.logArtifact(model, "bundles").logArtifact(Files.writeString(tmp.resolve("r.txt"), "report"), null);
        String prefix = run.experimentId() + "/" + run.runId() + "/artifacts/";
        assertEquals(java.util.Set.of(prefix + "bundles/model dir/weights.bin", prefix + "bundles/model dir/meta/spec.json",
                prefix + "r.txt"), server.artifactPaths());
        assertTrue(server.calls().stream().anyMatch(c -> c.method().equals("PUT") && c.path().equals(
                "/api/2.0/mlflow-artifacts/artifacts/" + prefix + "bundles/model%20dir/weights.bin")));
        assertEquals(List.of(new ArtifactEntry("bundles/model dir/meta", true, -1),
                new ArtifactEntry("bundles/model dir/weights.bin", false, 1)),
                store.listArtifacts(run.runId(), "bundles/model dir"));
        Path copy = store.downloadArtifacts(run.runId(), "bundles/model dir", tmp.resolve("down"));
        assertEquals("{}", Files.readString(copy.resolve("meta/spec.json")));
        assertEquals("report", Files.readString(store.downloadArtifacts(run.runId(), "r.txt", tmp.resolve("d2"))));
        assertThrows(NotFoundException.class, () -> store.downloadArtifacts(run.runId(), "nope", tmp));
    }

    @Test
    void search_top5AndFilterEvaluatedByServer() throws IOException {
        double[] f1 = {0.71, 0.93, 0.88, 0.95, 0.60, 0.91, 0.89};
        String experiment = null;
        for (int i = 0; i < f1.length; i++) {
            try (RunHandle run = store.startRun("iris", "run" + i)) {
                experiment = run.experimentId();
                run.logParam("model", i % 2 == 0 ? "sgd" : "tree").logMetric("f1", f1[i], 1);
            }
        }
        String exp = experiment;
        List<Run> top = store.searchRuns(RunQuery.of(exp).orderBy("metrics.f1 DESC").limit(5));
        assertEquals(List.of("run3", "run1", "run5", "run6", "run2"),
                top.stream().map(r -> r.info().runName()).toList());
        assertEquals(3, store.searchRuns(RunQuery.of(exp).filter("params.model = 'tree'")).size());
        assertThrows(IllegalArgumentException.class,
                () -> store.searchRuns(RunQuery.of(exp).filter("metrics.f1 >> 1")));
        assertThrows(NotFoundException.class, () -> store.searchRuns(RunQuery.of("99")));
        RunComparison cmp = store.compare(top.get(0).id(), top.get(1).id());
        assertEquals(2, cmp.rows().size());
    }

    @Test
    void serverErrors_mappedToClearExceptions() throws IOException {
        NotFoundException nf = assertThrows(NotFoundException.class,
                () -> store.getRun("0123456789abcdef0123456789abcdef"));
        assertTrue(nf.getMessage().contains("Run '0123456789abcdef0123456789abcdef' not found (GET /api/2.0/mlflow/runs/get"
                + " on MLflow server " + server.uri() + ")"), nf.getMessage());
        RunHandle run = store.startRun("iris", "p");
        run.logParam("lr", "0.1");
        TrackingServerException e = assertThrows(TrackingServerException.class, () -> run.logParam("lr", "0.2"));
        assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
        assertThrows(IllegalArgumentException.class, () -> run.logParam("../x", "1"), "checked before sending");
    }

    /** The contract server must itself reject what MLflow rejects, or the tests above prove nothing. */
    @Test
    void contractServer_rejectsViolations() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = server.uri() + "/api/2.0/mlflow/";
        String runId = store.startRun("iris", "x").runId();
        record Case(String what, HttpRequest request) {
        }
        StringBuilder tooMany = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":0}");
        }
        tooMany.append("]}");
        List<Case> cases = List.of(
                new Case("no content type", HttpRequest.newBuilder(URI.create(api + "runs/log-batch"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"run_id\":\"" + runId + "\"}")).build()),
                new Case("unknown field", HttpRequest.newBuilder(URI.create(api + "runs/log-batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"run_id\":\"" + runId + "\",\"foo\":1}")).build()),
                new Case("1001 metrics", HttpRequest.newBuilder(URI.create(api + "runs/log-batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(tooMany.toString())).build()),
                new Case("no max_results", HttpRequest.newBuilder(URI.create(api + "metrics/get-history?run_id="
                        + runId + "&metric_key=m")).GET().build()));
        for (Case c : cases) {
            HttpResponse<String> response = http.send(c.request(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), c.what() + ": " + response.body());
        }
        assertEquals(4, server.violations().size(), server.violations().toString());
        assertTrue(server.violations().get(2).contains("1001 metrics (max 1000)"), server.violations().toString());
        server.clearViolations();
    }
}
