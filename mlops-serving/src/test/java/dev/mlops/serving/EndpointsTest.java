package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.serving.ServedModel.Result;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint over real HTTP against the iris forest bundle, checked against the predictions that
 * evaluation recorded for the held-out test rows when the model was trained.
 */
class EndpointsTest {

    static ServedModel model;
    /** The first eight test rows and their evaluation-time predictions. */
    static List<Map<String, Object>> records;
    static List<Result> expected;
    static ModelServer server;
    static Fixtures.Client client;

    @BeforeAll
    static void start() {
        Fixtures.Fixture fixture = Fixtures.forestFixture();
        model = fixture.model();
        records = fixture.records().subList(0, 8);
        expected = fixture.expected().subList(0, 8);
        server = Fixtures.server(model, ModelServer.builder());
        client = new Fixtures.Client(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String body(Map<String, Object> record) throws Exception {
        return Fixtures.JSON.writeValueAsString(record);
    }

    static void assertResult(Result expected, JsonNode actual) {
        assertEquals(model.labels().get(expected.label()), actual.get("prediction").asText(), actual.toString());
        for (int k = 0; k < model.labels().size(); k++) {
            assertEquals(expected.probabilities()[k], actual.get("probabilities").get(model.labels().get(k)).asDouble(),
                    1e-12, actual.toString());
        }
    }

    @Test
    void predict_testRows_matchTrainingTimePredictions() throws Exception {
        for (int i = 0; i < records.size(); i++) {
            HttpResponse<String> r = client.post("/predict", body(records.get(i)));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode json = client.json(r);
            assertResult(expected.get(i), json);
            assertEquals("iris", json.get("model").asText());
            assertEquals(model.version(), json.get("version").asText());
        }
    }

    @Test
    void predict_setosa_isSetosaWithProbabilitiesSummingToOne() throws Exception {
        JsonNode json = client.json(client.post("/predict", body(Fixtures.iris(5.1, 3.5, 1.4, 0.2))));
        assertEquals("setosa", json.get("prediction").asText());
        double sum = 0;
        for (JsonNode p : json.get("probabilities")) {
            sum += p.asDouble();
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(List.of("setosa", "versicolor", "virginica"), List.copyOf(fieldNames(json.get("probabilities"))));
    }

    @Test
    void predictBatch_returnsOneResultPerRecordInOrder() throws Exception {
        ObjectNode req = Fixtures.JSON.createObjectNode();
        ArrayNode instances = req.putArray("instances");
        // the test rows twice, reversed the second time, so order matters
        for (Map<String, Object> record : records) {
            instances.add(Fixtures.JSON.valueToTree(record));
        }
        for (int i = records.size() - 1; i >= 0; i--) {
            instances.add(Fixtures.JSON.valueToTree(records.get(i)));
        }
        HttpResponse<String> r = client.post("/predict/batch", req.toString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = client.json(r);
        assertEquals(model.version(), json.get("version").asText());
        JsonNode predictions = json.get("predictions");
        assertEquals(2 * records.size(), predictions.size());
        for (int i = 0; i < records.size(); i++) {
            assertResult(expected.get(i), predictions.get(i));
            assertResult(expected.get(i), predictions.get(2 * records.size() - 1 - i));
        }
    }

    @Test
    void healthAndReady_answer200WithModel() {
        HttpResponse<String> h = client.get("/health");
        assertEquals(200, h.statusCode());
        assertTrue(client.json(h).get("live").asBoolean());
        HttpResponse<String> r = client.get("/ready");
        assertEquals(200, r.statusCode());
        assertEquals(model.version(), client.json(r).get("version").asText());
        assertEquals(200, client.get("/ping").statusCode());
        assertEquals(200, client.get("/v2/health/live").statusCode());
        assertEquals(200, client.get("/v2/health/ready").statusCode());
    }

    @Test
    void openApi_documentsEveryEndpointAndTheModelsFields() {
        HttpResponse<String> r = client.get("/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode doc = client.json(r);
        assertEquals("3.0.3", doc.get("openapi").asText());
        for (String path : List.of("/predict", "/predict/batch", "/health", "/ready", "/metrics", "/monitoring",
                "/v2/health/live", "/v2/health/ready", "/v2/models/{name}", "/v2/models/{name}/ready",
                "/v2/models/{name}/infer", "/invocations", "/ping", "/openapi.json")) {
            assertTrue(doc.get("paths").has(path), path);
        }
        JsonNode record = doc.at("/components/schemas/Record");
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                List.copyOf(fieldNames(record.get("properties"))));
        assertEquals("number", record.at("/properties/petal_width/type").asText());
        assertEquals(4, record.get("required").size());
    }

    @Test
    void oip_metadataReadyAndInfer_roundTrip() throws Exception {
        JsonNode meta = client.json(client.get("/v2/models/iris"));
        assertEquals("iris", meta.get("name").asText());
        assertEquals(model.version(), meta.get("versions").get(0).asText());
        assertEquals(4, meta.get("inputs").size());
        assertEquals("FP64", meta.at("/inputs/0/datatype").asText());
        assertEquals("probabilities", meta.at("/outputs/1/name").asText());
        assertEquals(3, meta.at("/outputs/1/shape/1").asInt());
        assertEquals(200, client.get("/v2/models/iris/versions/" + model.version()).statusCode());
        JsonNode ready = client.json(client.get("/v2/models/iris/ready"));
        assertTrue(ready.get("ready").asBoolean());

        // two test rows as columns; one column nested as [rows, 1]
        List<Map<String, Object>> g = records.subList(0, 2);
        ObjectNode req = Fixtures.JSON.createObjectNode().put("id", "req-42");
        ArrayNode inputs = req.putArray("inputs");
        for (String f : List.of("sepal_length", "sepal_width", "petal_length", "petal_width")) {
            ObjectNode t = inputs.addObject().put("name", f).put("datatype", f.equals("sepal_width") ? "FP32" : "FP64");
            ArrayNode shape = t.putArray("shape").add(2);
            ArrayNode data = t.putArray("data");
            for (Map<String, Object> x : g) {
                double v = ((Number) x.get(f)).doubleValue();
                if (f.equals("sepal_width")) {
                    data.addArray().add(v);
                } else {
                    data.add(v);
                }
            }
            if (f.equals("sepal_width")) {
                shape.add(1);
            }
        }
        HttpResponse<String> r = client.post("/v2/models/iris/infer", req.toString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode out = client.json(r);
        assertEquals("req-42", out.get("id").asText());
        assertEquals("iris", out.get("model_name").asText());
        assertEquals(model.version(), out.get("model_version").asText());
        JsonNode labels = out.at("/outputs/0");
        assertEquals("label", labels.get("name").asText());
        assertEquals("BYTES", labels.get("datatype").asText());
        assertEquals(2, labels.at("/shape/0").asInt());
        JsonNode probs = out.at("/outputs/1");
        assertEquals("[2,3]", probs.get("shape").toString());
        for (int i = 0; i < 2; i++) {
            Result e = expected.get(i);
            assertEquals(model.labels().get(e.label()), labels.at("/data/" + i).asText());
            for (int k = 0; k < 3; k++) {
                assertEquals(e.probabilities()[k], probs.at("/data/" + (3 * i + k)).asDouble(), 1e-12);
            }
        }

        // asking for one output returns just that one
        req.putArray("outputs").addObject().put("name", "label");
        JsonNode only = client.json(client.post("/v2/models/iris/infer", req.toString()));
        assertEquals(1, only.get("outputs").size());
        assertEquals("label", only.at("/outputs/0/name").asText());
    }

    @Test
    void oip_serverMetadata() {
        JsonNode v2 = client.json(client.get("/v2"));
        assertEquals("mlops-serving", v2.get("name").asText());
        assertTrue(v2.get("extensions").isArray());
    }

    @Test
    void mlflow_dataframeSplitAndRecords_predictLabels() throws Exception {
        List<Map<String, Object>> g = records.subList(0, 3);
        ObjectNode split = Fixtures.JSON.createObjectNode();
        ObjectNode df = split.putObject("dataframe_split");
        // columns in another order than the signature
        List<String> cols = List.of("petal_width", "sepal_length", "petal_length", "sepal_width");
        cols.forEach(df.putArray("columns")::add);
        ArrayNode data = df.putArray("data");
        for (Map<String, Object> x : g) {
            ArrayNode row = data.addArray();
            cols.forEach(c -> row.add(((Number) x.get(c)).doubleValue()));
        }
        HttpResponse<String> r = client.post("/invocations", split.toString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = client.json(r).get("predictions");
        ObjectNode recs = Fixtures.JSON.createObjectNode();
        ArrayNode list = recs.putArray("dataframe_records");
        g.forEach(x -> list.add(Fixtures.JSON.valueToTree(x)));
        JsonNode q = client.json(client.post("/invocations", recs.toString())).get("predictions");
        for (int i = 0; i < g.size(); i++) {
            String label = model.labels().get(expected.get(i).label());
            assertEquals(label, p.get(i).asText());
            assertEquals(label, q.get(i).asText());
        }
    }

    @Test
    void predict_integerValues_areAcceptedAsNumbers() {
        HttpResponse<String> r = client.post("/predict",
                "{\"sepal_length\": 7, \"sepal_width\": 3, \"petal_length\": 6, \"petal_width\": 2}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("virginica", client.json(r).get("prediction").asText());
    }

    @Test
    void adminEndpoints_areDisabledWithoutToken() {
        HttpResponse<String> r = client.post("/admin/rollback", "{}");
        assertEquals(404, r.statusCode());
        assertTrue(client.json(r).get("error").asText().contains("MLOPS_ADMIN_TOKEN"));
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void metricsAndMonitoring_answer() {
        HttpResponse<String> m = client.get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        HttpResponse<String> mon = client.get("/monitoring");
        assertEquals(200, mon.statusCode());
        assertFalse(client.json(mon).get("window").isNull());
    }
}
