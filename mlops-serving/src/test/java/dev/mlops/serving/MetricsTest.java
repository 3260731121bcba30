package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.serving.ServedModel.Result;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus output parses strictly and counts exactly what was sent; /monitoring agrees with it. */
class MetricsTest {

    @Test
    void metrics_countRequestsPredictionsOutOfRangeAndDrift() throws Exception {
        Fixtures.Fixture fixture = Fixtures.forestFixture();
        ServedModel model = fixture.withDriftReference();
        try (ModelServer server = Fixtures.server(model, ModelServer.builder().window(100))) {
            Fixtures.Client client = new Fixtures.Client(server);
            List<Map<String, Object>> records = fixture.records();
            List<Result> expected = fixture.expected();
            int[] expectedClasses = new int[3];
            for (int i = 0; i < 4; i++) {
                assertEquals(200, client.post("/predict", Fixtures.JSON.writeValueAsString(records.get(i)))
                        .statusCode());
                expectedClasses[expected.get(i).label()]++;
            }
            ObjectNode batch = Fixtures.JSON.createObjectNode();
            ArrayNode instances = batch.putArray("instances");
            for (int i = 4; i < 8; i++) {
                instances.add(Fixtures.JSON.valueToTree(records.get(i)));
                expectedClasses[expected.get(i).label()]++;
            }
            assertEquals(200, client.post("/predict/batch", batch.toString()).statusCode());
            // accepted although sepal_length is far outside the training range
            JsonNode far = client.json(client.post("/predict",
                    Fixtures.JSON.writeValueAsString(Fixtures.iris(100, 3.0, 1.5, 0.2))));
            expectedClasses[model.labels().indexOf(far.get("prediction").asText())]++;
            assertEquals(400, client.post("/predict", "{}").statusCode());

            Prometheus p = Prometheus.parse(client.get("/metrics").body());
            String v = "model=\"iris\",version=\"" + model.version() + "\"";
            assertEquals(5, p.value("mlops_requests_total{endpoint=\"/predict\",status=\"200\"}"));
            assertEquals(1, p.value("mlops_requests_total{endpoint=\"/predict\",status=\"400\"}"));
            assertEquals(1, p.value("mlops_requests_total{endpoint=\"/predict/batch\",status=\"200\"}"));
            assertEquals(6, p.value("mlops_request_duration_seconds_count{endpoint=\"/predict\"}"));
            assertEquals(9, p.value("mlops_records_scored_total{" + v + "}"));
            for (int c = 0; c < 3; c++) {
                assertEquals(expectedClasses[c], p.value("mlops_predictions_total{" + v + ",class=\""
                        + model.labels().get(c) + "\"}"), model.labels().get(c));
                assertEquals(expectedClasses[c] / 9.0, p.value("mlops_window_class_share{" + v + ",class=\""
                        + model.labels().get(c) + "\"}"), 1e-12);
            }
            assertEquals(1, p.value("mlops_out_of_range_total{" + v + ",feature=\"sepal_length\"}"));
            assertEquals(0, p.value("mlops_out_of_range_total{" + v + ",feature=\"petal_width\"}"));
            assertEquals(1, p.value("mlops_model_info{" + v + ",role=\"active\"}"));
            assertEquals(1, p.value("mlops_ready"));
            assertEquals(9, p.value("mlops_window_records{" + v + "}"));
            assertEquals(9, p.value("mlops_prediction_confidence_count{" + v + "}"));
            double meanConfidence = p.value("mlops_window_mean_confidence{" + v + "}");
            assertTrue(meanConfidence > 1.0 / 3 && meanConfidence <= 1, "mean confidence " + meanConfidence);
            assertEquals(meanConfidence * 9, p.value("mlops_prediction_confidence_sum{" + v + "}"), 1e-9);
            for (String f : List.of("sepal_length", "sepal_width", "petal_length", "petal_width")) {
                double d = p.value("mlops_feature_drift{" + v + ",feature=\"" + f + "\",method=\"ks\"}");
                assertTrue(d >= 0 && d <= 1, f + " " + d);
            }

            JsonNode mon = client.json(client.get("/monitoring"));
            assertEquals(9, mon.get("records_total").asLong());
            assertEquals(100, mon.at("/window/capacity").asInt());
            assertEquals(9, mon.at("/window/records").asInt());
            assertEquals(expectedClasses[0], mon.at("/window/classes/setosa/count").asInt());
            assertEquals(1, mon.at("/window/out_of_range/sepal_length/count").asInt());
            assertEquals(meanConfidence, mon.at("/window/mean_confidence").asDouble(), 1e-12);
            assertEquals(p.value("mlops_feature_drift{" + v + ",feature=\"petal_length\",method=\"ks\"}"),
                    mon.at("/window/drift/petal_length/score").asDouble(), 1e-12);
        }
    }

    @Test
    void window_keepsOnlyTheMostRecentRecords() throws Exception {
        ServedModel model = Fixtures.forest();
        try (ModelServer server = Fixtures.server(model, ModelServer.builder().window(3))) {
            Fixtures.Client client = new Fixtures.Client(server);
            for (int i = 0; i < 5; i++) {
                client.post("/predict", Fixtures.JSON.writeValueAsString(Fixtures.iris(5.1, 3.5, 1.4, 0.2)));
            }
            JsonNode mon = client.json(client.get("/monitoring"));
            assertEquals(5, mon.get("records_total").asLong());
            assertEquals(3, mon.at("/window/records").asInt());
            assertEquals(3, mon.at("/window/classes/setosa/count").asInt());
        }
    }

    /** A strict parser of the Prometheus text format 0.0.4, enough to reject malformed output. */
    static final class Prometheus {
        final Map<String, Double> samples = new HashMap<>();

        double value(String key) {
            Double v = samples.get(key);
            if (v == null) {
                throw new AssertionError("no sample " + key + " in " + samples.keySet());
            }
            return v;
        }

        static Prometheus parse(String text) {
            Prometheus p = new Prometheus();
            java.util.Set<String> families = new java.util.HashSet<>();
            String family = null;
            String type = null;
            Map<String, Double> histogramLast = new HashMap<>();
            assertTrue(text.endsWith("\n"), "exposition must end with a newline");
            int n = 0;
            for (String line : text.split("\n", -1)) {
                n++;
                if (line.isEmpty()) {
                    continue;
                }
                String where = "line " + n + ": " + line;
                if (line.startsWith("# HELP ")) {
                    String[] parts = line.split(" ", 4);
                    assertTrue(parts.length == 4 && parts[2].matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), where);
                    assertTrue(!families.contains(parts[2]), "family repeated: " + where);
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    assertEquals(4, parts.length, where);
                    assertTrue(families.add(parts[2]), "family repeated: " + where);
                    assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]), where);
                    family = parts[2];
                    type = parts[3];
                    if (type.equals("counter")) {
                        assertTrue(family.endsWith("_total"), "counter names end in _total: " + where);
                    }
                    continue;
                }
                assertTrue(!line.startsWith("#"), "unknown comment: " + where);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)")
                        .matcher(line);
                assertTrue(m.matches(), "malformed sample: " + where);
                String name = m.group(1);
                assertTrue(family != null, "sample before any TYPE: " + where);
                boolean ok = name.equals(family) || (type.equals("histogram") || type.equals("summary"))
                        && List.of(family + "_sum", family + "_count").contains(name)
                        || type.equals("histogram") && name.equals(family + "_bucket");
                assertTrue(ok, "sample outside its family " + family + ": " + where);
                String labels = m.group(3) == null ? "" : m.group(3);
                assertTrue(!labels.endsWith(","), where);
                double value = switch (m.group(4)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(m.group(4));
                };
                String key = name + (m.group(2) == null ? "" : m.group(2));
                assertTrue(p.samples.put(key, value) == null, "duplicate sample: " + where);
                if (name.endsWith("_bucket")) {
                    assertTrue(labels.contains("le=\""), where);
                    String series = labels.replaceAll(",?le=\"[^\"]*\"", "");
                    Double last = histogramLast.put(family + "{" + series, value);
                    assertTrue(last == null || value >= last, "buckets must be cumulative: " + where);
                    if (labels.contains("le=\"+Inf\"")) {
                        histogramLast.put(family + "{" + series + "+Inf", value);
                    }
                }
                if (name.endsWith("_count") && type.equals("histogram")) {
                    Double inf = histogramLast.get(family + "{" + labels + "+Inf");
                    assertEquals(inf, value, "+Inf bucket must equal _count: " + where);
                }
            }
            return p;
        }
    }
}
