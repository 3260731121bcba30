package dev.mlops.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mlops.features.InvalidRecordException;
import dev.mlops.serving.ServedModel.InputField;
import dev.mlops.serving.ServedModel.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP endpoint. Each request reads the active deployment once, so a swap never mixes models
 * within a request. Client mistakes become 4xx answers naming the field; anything else is logged
 * with a reference and answered 500 without internals.
 */
final class Api implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final String JSON_TYPE = "application/json";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final byte[] EMPTY = new byte[0];

    /** Endpoint labels (route templates) for metrics. */
    static final String PREDICT = "/predict";
    static final String BATCH = "/predict/batch";
    static final String INFER = "/v2/models/{name}/infer";
    static final String INVOCATIONS = "/invocations";

    private static final List<String> ENDPOINTS = List.of("POST /predict", "POST /predict/batch", "GET /health",
            "GET /ready", "GET /metrics", "GET /monitoring", "GET /openapi.json", "GET /v2", "GET /v2/health/live",
            "GET /v2/health/ready", "GET /v2/models/{name}", "GET /v2/models/{name}/ready",
            "POST /v2/models/{name}/infer", "POST /invocations", "GET /ping");

    private final ModelServer server;
    private final ModelSlot slot;
    private final Metrics metrics;
    private final int batchLimit;
    private final long bodyLimit;
    private final byte[] adminToken;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong errorRefs = new AtomicLong();
    private volatile ObjectNode openApi;

    Api(ModelServer server, ModelSlot slot, Metrics metrics, int batchLimit, long bodyLimit, String adminToken) {
        this.server = server;
        this.slot = slot;
        this.metrics = metrics;
        this.batchLimit = batchLimit;
        this.bodyLimit = bodyLimit;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** An answer: status, content type, body and an optional extra header. */
    private record Reply(int status, String type, byte[] body, String header, String headerValue) {
        Reply(int status, byte[] json) {
            this(status, JSON_TYPE, json, null, null);
        }
    }

    /** A matched route: its metrics label and the one method it takes. */
    private record Route(String endpoint, String method) {
    }

    @Override
    public void handle(HttpExchange ex) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        String endpoint = "other";
        Reply reply;
        try {
            String path = ex.getRequestURI().getRawPath();
            String[] v2 = path.startsWith("/v2/models/") ? path.substring("/v2/models/".length()).split("/", -1) : null;
            Route route = route(path, v2);
            if (route == null) {
                throw new ClientError(404, null, "no endpoint " + ex.getRequestMethod() + " " + clip(path)
                        + "; endpoints: " + String.join(", ", ENDPOINTS));
            }
            endpoint = route.endpoint();
            if (!route.method().equals(ex.getRequestMethod())) {
                reply = new Reply(405, JSON_TYPE, error("method " + clip(ex.getRequestMethod()) + " is not allowed on "
                        + endpoint + "; use " + route.method(), null), "Allow", route.method());
            } else {
                reply = dispatch(ex, endpoint, v2);
            }
        } catch (ClientError e) {
            reply = new Reply(e.status(), error(e.getMessage(), e.field()));
        } catch (RuntimeException | IOException | Error e) {
            long ref = errorRefs.incrementAndGet();
            LOG.error("Request {} {} failed (error ref {})", ex.getRequestMethod(), ex.getRequestURI(), ref, e);
            reply = new Reply(500, error("internal error; the server log has the details under ref " + ref, null));
        }
        try {
            send(ex, reply);
        } finally {
            inFlight.decrementAndGet();
            metrics.request(endpoint, reply.status(), (System.nanoTime() - start) / 1e9);
        }
    }

    private static Route route(String path, String[] v2) {
        switch (path) {
            case "/predict": return new Route(PREDICT, "POST");
            case "/predict/batch": return new Route(BATCH, "POST");
            case "/health": return new Route("/health", "GET");
            case "/ready": return new Route("/ready", "GET");
            case "/metrics": return new Route("/metrics", "GET");
            case "/monitoring": return new Route("/monitoring", "GET");
            case "/openapi.json": return new Route("/openapi.json", "GET");
            case "/invocations": return new Route(INVOCATIONS, "POST");
            case "/ping": return new Route("/ping", "GET");
            case "/v2": return new Route("/v2", "GET");
            case "/v2/health/live": return new Route("/v2/health/live", "GET");
            case "/v2/health/ready": return new Route("/v2/health/ready", "GET");
            case "/admin/swap": return new Route("/admin/swap", "POST");
            case "/admin/rollback": return new Route("/admin/rollback", "POST");
            case "/admin/models": return new Route("/admin/models", "GET");
            default:
                break;
        }
        if (v2 == null || v2[0].isEmpty()) {
            return null;
        }
        // /v2/models/{name}[/versions/{version}][/ready|/infer]
        int rest = v2.length >= 3 && v2[1].equals("versions") && !v2[2].isEmpty() ? 3 : 1;
        if (v2.length == rest) {
            return new Route("/v2/models/{name}", "GET");
        }
        if (v2.length == rest + 1 && v2[rest].equals("ready")) {
            return new Route("/v2/models/{name}/ready", "GET");
        }
        if (v2.length == rest + 1 && v2[rest].equals("infer")) {
            return new Route(INFER, "POST");
        }
        return null;
    }

    private Reply dispatch(HttpExchange ex, String endpoint, String[] v2) throws IOException {
        switch (endpoint) {
            case "/health":
            case "/v2/health/live":
                return json(200, g -> {
                    g.writeBooleanField("live", true);
                    g.writeStringField("status", "alive");
                });
            case "/ready":
            case "/v2/health/ready":
            case "/ping":
                return readiness();
            case "/metrics":
                return new Reply(200, PROMETHEUS_TYPE, server.renderMetrics().getBytes(StandardCharsets.UTF_8), null, null);
            case "/openapi.json":
                return new Reply(200, Requests.JSON.writeValueAsBytes(openApi()));
            case "/v2":
                return json(200, g -> {
                    g.writeStringField("name", "mlops-serving");
                    g.writeStringField("version", ModelServer.VERSION);
                    g.writeArrayFieldStart("extensions");
                    g.writeEndArray();
                });
            case "/admin/swap":
            case "/admin/rollback":
            case "/admin/models":
                return admin(ex, endpoint);
            default:
                break;
        }
        Deployment d = slot.acquire();
        if (d == null) {
            return new Reply(503, error("no model is loaded yet; GET /ready turns 200 once one is", null));
        }
        try {
            return withModel(ex, endpoint, v2, d);
        } finally {
            d.release();
        }
    }

    private Reply withModel(HttpExchange ex, String endpoint, String[] v2, Deployment d) throws IOException {
        ServedModel m = d.model();
        switch (endpoint) {
            case "/monitoring":
                return new Reply(200, Requests.JSON.writeValueAsBytes(Monitoring.json(d, d.window().snapshot())));
            case PREDICT: {
                Map<String, Object> record = Requests.record(Requests.parse(body(ex)), "", m);
                Result r = score(d, List.of(record), i -> "").get(0);
                return json(200, g -> {
                    writeResult(g, m, r);
                    g.writeStringField("model", m.name());
                    g.writeStringField("version", m.version());
                });
            }
            case BATCH: {
                JsonNode body = Requests.parse(body(ex));
                if (!body.isObject()) {
                    throw new ClientError(400, null, "the body must be {\"instances\": [record, ...]}, got "
                            + Requests.describe(body));
                }
                Requests.onlyKeys(body, "", "instances");
                JsonNode instances = Requests.required(body, "", "instances", "a list of 1 to " + batchLimit
                        + " records like " + Requests.example(m));
                List<Map<String, Object>> records = Requests.records(instances, "instances", m, batchLimit);
                List<Result> results = score(d, records, i -> "instances[" + i + "]");
                return json(200, g -> {
                    g.writeArrayFieldStart("predictions");
                    for (Result r : results) {
                        g.writeStartObject();
                        writeResult(g, m, r);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeStringField("model", m.name());
                    g.writeStringField("version", m.version());
                });
            }
            case INVOCATIONS: {
                JsonNode body = Requests.parse(body(ex));
                boolean split = body.has("dataframe_split");
                List<Map<String, Object>> records = Protocols.mlflow(body, m, batchLimit);
                List<Result> results = score(d, records, i -> split ? "dataframe_split.data[" + i + "]"
                        : "dataframe_records[" + i + "]");
                return json(200, g -> {
                    g.writeArrayFieldStart("predictions");
                    for (Result r : results) {
                        if (m.isClassifier()) {
                            g.writeString(m.labels().get(r.label()));
                        } else {
                            g.writeNumber(r.value());
                        }
                    }
                    g.writeEndArray();
                });
            }
            default:
                return v2(ex, endpoint, v2, d);
        }
    }

    private Reply v2(HttpExchange ex, String endpoint, String[] v2, Deployment d) throws IOException {
        ServedModel m = d.model();
        String name = decode(v2[0]);
        if (!name.equals(m.name())) {
            throw new ClientError(404, "model_name", "unknown model '" + clip(name) + "'; this server serves '"
                    + m.name() + "'");
        }
        if (v2.length >= 3 && v2[1].equals("versions") && !decode(v2[2]).equals(m.version())) {
            throw new ClientError(404, "model_version", "model '" + m.name() + "' has no version '" + clip(decode(v2[2]))
                    + "' loaded; the active version is '" + m.version() + "'");
        }
        switch (endpoint) {
            case "/v2/models/{name}/ready":
                return json(200, g -> {
                    g.writeStringField("name", m.name());
                    g.writeBooleanField("ready", server.isReady());
                });
            case "/v2/models/{name}":
                return json(200, g -> {
                    g.writeStringField("name", m.name());
                    g.writeArrayFieldStart("versions");
                    g.writeString(m.version());
                    g.writeEndArray();
                    g.writeStringField("platform", m.platform());
                    g.writeArrayFieldStart("inputs");
                    for (InputField f : m.inputs()) {
                        tensor(g, f.name(), Protocols.datatype(f), -1);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("outputs");
                    for (String o : Protocols.outputs(m)) {
                        tensor(g, o, o.equals(Protocols.LABEL) ? "BYTES" : "FP64",
                                o.equals(Protocols.PROBABILITIES) ? m.labels().size() : 0);
                    }
                    g.writeEndArray();
                });
            default: {
                Protocols.Inference inf = Protocols.inference(Requests.parse(body(ex)), m, batchLimit);
                List<Result> results = score(d, inf.records(), i -> "");
                int n = results.size();
                return json(200, g -> {
                    g.writeStringField("model_name", m.name());
                    g.writeStringField("model_version", m.version());
                    if (inf.id() != null) {
                        g.writeStringField("id", inf.id());
                    }
                    g.writeArrayFieldStart("outputs");
                    for (String o : inf.outputs()) {
                        g.writeStartObject();
                        g.writeStringField("name", o);
                        boolean probs = o.equals(Protocols.PROBABILITIES);
                        g.writeStringField("datatype", o.equals(Protocols.LABEL) ? "BYTES" : "FP64");
                        g.writeArrayFieldStart("shape");
                        g.writeNumber(n);
                        if (probs) {
                            g.writeNumber(m.labels().size());
                        }
                        g.writeEndArray();
                        g.writeArrayFieldStart("data");
                        for (Result r : results) {
                            if (probs) {
                                for (double p : r.probabilities()) {
                                    g.writeNumber(p);
                                }
                            } else if (o.equals(Protocols.LABEL)) {
                                g.writeString(m.labels().get(r.label()));
                            } else {
                                g.writeNumber(r.value());
                            }
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
            }
        }
    }

    private static void tensor(JsonGenerator g, String name, String datatype, int second) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", datatype);
        g.writeArrayFieldStart("shape");
        g.writeNumber(-1);
        if (second > 0) {
            g.writeNumber(second);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Scores records on one deployment and records them in its window. A record the model refuses
     * becomes a 400 naming the record's path and the field.
     */
    private static List<Result> score(Deployment d, List<Map<String, Object>> records, IntFunction<String> pathOf) {
        ServedModel m = d.model();
        List<Result> results;
        try {
            results = records.size() == 1 ? List.of(m.predict(records.get(0))) : m.predictBatch(records);
        } catch (InvalidRecordException e) {
            int bad = 0;
            InvalidRecordException first = e;
            if (records.size() > 1) {
                for (int i = 0; i < records.size(); i++) {
                    try {
                        m.predict(records.get(i));
                    } catch (InvalidRecordException each) {
                        bad = i;
                        first = each;
                        break;
                    }
                }
            }
            String prefix = pathOf.apply(bad);
            String field = first.field() == null ? (prefix.isEmpty() ? null : prefix)
                    : prefix.isEmpty() ? first.field() : prefix + "." + first.field();
            throw new ClientError(400, field, (prefix.isEmpty() ? "" : prefix + ": ") + first.getMessage());
        }
        d.window().add(records, results);
        return results;
    }

    private static void writeResult(JsonGenerator g, ServedModel m, Result r) throws IOException {
        if (m.isClassifier()) {
            g.writeStringField("prediction", m.labels().get(r.label()));
            if (r.probabilities() != null) {
                g.writeObjectFieldStart("probabilities");
                for (int k = 0; k < r.probabilities().length; k++) {
                    g.writeNumberField(m.labels().get(k), r.probabilities()[k]);
                }
                g.writeEndObject();
            }
        } else {
            g.writeNumberField("prediction", r.value());
        }
    }

    private Reply readiness() throws IOException {
        Deployment d = slot.peekActive();
        boolean ready = server.isReady();
        String status = ready ? "ready" : server.isDraining() ? "draining" : "loading";
        return json(ready ? 200 : 503, g -> {
            g.writeBooleanField("ready", ready);
            g.writeStringField("status", status);
            if (d != null) {
                g.writeStringField("model", d.info().name());
                g.writeStringField("version", d.info().version());
            }
        });
    }

    private Reply admin(HttpExchange ex, String endpoint) throws IOException {
        if (adminToken == null) {
            throw new ClientError(404, null, "admin endpoints are disabled; start the server with MLOPS_ADMIN_TOKEN set"
                    + " to enable them");
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = auth != null && auth.startsWith("Bearer ")
                ? auth.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : EMPTY;
        if (!MessageDigest.isEqual(given, adminToken)) {
            return new Reply(401, JSON_TYPE, error("admin endpoints need the header 'Authorization: Bearer <token>' with"
                    + " the configured admin token", "Authorization"), "WWW-Authenticate", "Bearer");
        }
        switch (endpoint) {
            case "/admin/swap": {
                JsonNode body = Requests.parse(body(ex));
                if (!body.isObject()) {
                    throw new ClientError(400, null, "the body must be {\"source\": \"/path/to/bundle\"} (or a models:/ URI)");
                }
                Requests.onlyKeys(body, "", "source");
                String source = Requests.required(body, "", "source", "the bundle to load: a directory, an .mlbundle zip or a models:/ URI").asText();
                try {
                    server.swap(source);
                } catch (IOException | RuntimeException e) {
                    throw new ClientError(422, "source", "cannot swap to '" + clip(source) + "': " + e.getMessage());
                }
                return models();
            }
            case "/admin/rollback":
                try {
                    server.rollback();
                } catch (IllegalStateException e) {
                    throw new ClientError(409, null, e.getMessage());
                }
                return models();
            default:
                return models();
        }
    }

    private Reply models() throws IOException {
        Deployment active = slot.peekActive();
        Deployment previous = slot.peekPrevious();
        return json(200, g -> {
            info(g, "active", active);
            info(g, "previous", previous);
        });
    }

    private static void info(JsonGenerator g, String key, Deployment d) throws IOException {
        if (d == null) {
            g.writeNullField(key);
            return;
        }
        g.writeObjectFieldStart(key);
        g.writeStringField("model", d.info().name());
        g.writeStringField("version", d.info().version());
        g.writeStringField("source", d.info().source());
        g.writeStringField("loaded_at", d.info().loadedAt().toString());
        g.writeEndObject();
    }

    /** The OpenAPI document with the request record schema filled in from the active model. */
    private ObjectNode openApi() throws IOException {
        ObjectNode base = openApi;
        if (base == null) {
            try (InputStream in = Api.class.getResourceAsStream("/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.json is missing from the mlops-serving jar");
                }
                base = (ObjectNode) Requests.JSON.readTree(in);
            }
            openApi = base;
        }
        ObjectNode doc = base.deepCopy();
        Deployment d = slot.peekActive();
        if (d != null) {
            ObjectNode record = doc.withObject("/components/schemas/Record");
            ObjectNode props = record.putObject("properties");
            ArrayNode required = record.putArray("required");
            for (InputField f : d.model().inputs()) {
                ObjectNode p = props.putObject(f.name());
                switch (f.kind()) {
                    case NUMERIC -> p.put("type", "number").put("description", String.format(Locale.ROOT,
                            "training range %s to %s", f.min(), f.max()));
                    case CATEGORICAL -> {
                        p.put("type", "string");
                        ArrayNode e = p.putArray("examples");
                        f.categories().forEach(e::add);
                    }
                    case TEXT -> p.put("type", "string");
                }
                if (f.required()) {
                    required.add(f.name());
                }
            }
            record.put("additionalProperties", false);
            doc.withObject("/info").put("description", "Serving model '" + d.info().name() + "' version "
                    + d.info().version() + ". " + base.path("info").path("description").asText());
        }
        return doc;
    }

    /**
     * Reads the body under the size limit, after checking the content type.
     *
     * @throws ClientError 415 for a content type other than JSON, 413 over the limit
     */
    private byte[] body(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals(JSON_TYPE)) {
            throw new ClientError(415, "Content-Type", "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + clip(type) + "'"));
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new ClientError(400, "Content-Length", "Content-Length is not a number: '" + clip(length) + "'");
            }
            if (declared > bodyLimit) {
                throw new ClientError(413, null, "the body has " + declared + " bytes; at most " + bodyLimit
                        + " are allowed");
            }
        }
        InputStream in = ex.getRequestBody();
        byte[] buf = new byte[(int) Math.max(1, Math.min(bodyLimit + 1, declared >= 0 ? declared + 1 : 8192))];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > bodyLimit) {
                    throw new ClientError(413, null, "the body is over " + bodyLimit + " bytes, the most allowed");
                }
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(bodyLimit + 1, (long) buf.length * 2));
            }
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (IOException e) {
                // the client's doing (it went away or stalled), not the server's
                throw new ClientError(400, null, "the request body could not be read to its end: " + e.getMessage());
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > bodyLimit) {
            throw new ClientError(413, null, "the body is over " + bodyLimit + " bytes, the most allowed");
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    private void send(HttpExchange ex, Reply reply) {
        try {
            var headers = ex.getResponseHeaders();
            headers.set("Content-Type", reply.type());
            if (reply.header() != null) {
                headers.set(reply.header(), reply.headerValue());
            }
            if (server.isDraining() || reply.status() == 413) {
                // tell keep-alive clients to reconnect elsewhere / not to send the rest of a large body
                headers.set("Connection", "close");
            }
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not send the response (client gone?)", e);
        } finally {
            ex.close();
        }
    }

    /** Writes one JSON object. */
    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static Reply json(int status, Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Requests.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        return new Reply(status, out.toByteArray());
    }

    static byte[] error(String message, String field) {
        try {
            return json(0, g -> {
                g.writeStringField("error", message);
                g.writeStringField("field", field);
            }).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ClientError(400, "model_name", "malformed percent-encoding in '" + clip(segment) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
