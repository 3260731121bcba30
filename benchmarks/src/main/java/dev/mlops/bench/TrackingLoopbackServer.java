package dev.mlops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for an MLflow tracking server, for {@link TrackingBenchmark}: it parses every
 * request body as the real server does and answers the few endpoints a logging run needs
 * (experiment lookup and creation, run creation, update and get, log-batch). The contract itself
 * is tested against the stricter server in mlops-core's tests.
 */
final class TrackingLoopbackServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, String> runs = new ConcurrentHashMap<>();
    private final AtomicLong metricsReceived = new AtomicLong();

    TrackingLoopbackServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/2.0/mlflow/", this::handle);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long metricsReceived() {
        return metricsReceived.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String endpoint = ex.getRequestURI().getPath().substring("/api/2.0/mlflow/".length());
        JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        switch (endpoint) {
            case "experiments/get-by-name", "experiments/get" -> experiment(answer.putObject("experiment"));
            case "experiments/create" -> answer.put("experiment_id", "1");
            case "runs/create" -> {
                String id = UUID.randomUUID().toString().replace("-", "");
                runs.put(id, "RUNNING");
                run(answer.putObject("run"), id);
            }
            case "runs/update" -> runs.put(request.path("run_id").asText(), request.path("status").asText());
            case "runs/get" -> run(answer.putObject("run"), ex.getRequestURI().getQuery().substring("run_id=".length()));
            case "runs/log-batch" -> metricsReceived.addAndGet(request.path("metrics").size());
            default -> status = 404;
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void experiment(ObjectNode e) {
        e.put("experiment_id", "1").put("name", "bench").put("artifact_location", "mlflow-artifacts:/1")
                .put("lifecycle_stage", "active");
    }

    private void run(ObjectNode run, String id) {
        run.putObject("info").put("run_id", id).put("experiment_id", "1").put("status", runs.getOrDefault(id, "RUNNING"))
                .put("start_time", 1).put("artifact_uri", "mlflow-artifacts:/1/" + id + "/artifacts")
                .put("lifecycle_stage", "active");
        run.putObject("data");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
