package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets a 4xx with {"error", "field"} naming the problem: never a 500,
 * never a stack trace, never a hang. The server has a batch limit of 5 and a body limit of 2 KiB.
 */
class BadInputTest {

    static final String OK = "\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2";
    static final long BODY_LIMIT = 2048;

    static ModelServer server;
    static Fixtures.Client client;

    @BeforeAll
    static void start() {
        server = Fixtures.server(Fixtures.forest(), ModelServer.builder().batchLimit(5).bodyLimit(BODY_LIMIT));
        client = new Fixtures.Client(server);
    }

    @AfterAll
    static void stop() {
        try {
            // no client mistake may have become a server error
            String metrics = client.get("/metrics").body();
            assertFalse(metrics.contains("status=\"500\""), metrics);
        } finally {
            server.close();
        }
    }

    static String tensor(String name, String datatype, String shape, String data) {
        return "{\"name\": \"" + name + "\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape + ", \"data\": " + data + "}";
    }

    static String oip(String sepalLength) {
        return "{\"inputs\": [" + sepalLength + ", " + tensor("sepal_width", "FP64", "[1]", "[3.5]") + ", "
                + tensor("petal_length", "FP64", "[1]", "[1.4]") + ", " + tensor("petal_width", "FP64", "[1]", "[0.2]") + "]}";
    }

    static String withOutputs(String request) {
        return request.substring(0, request.length() - 1) + ", \"outputs\": [{\"name\": \"logits\"}]}";
    }

    static Stream<Arguments> cases() {
        String many = "{\"instances\": [" + String.join(", ", java.util.Collections.nCopies(6, "{" + OK + "}")) + "]}";
        return Stream.of(
                // path, body, status, field, words in the message
                Arguments.of("/predict", "{\"sepal_length\": 5.1,", 400, "sepal_length", "malformed JSON at line 1"),
                Arguments.of("/predict", "not json", 400, null, "malformed JSON"),
                Arguments.of("/predict", "", 400, null, "empty"),
                Arguments.of("/predict", "   ", 400, null, "blank"),
                Arguments.of("/predict", "{" + OK + "} {}", 400, null, "unexpected content after the JSON value"),
                Arguments.of("/predict", "[1, 2]", 400, null, "must be a JSON object"),
                Arguments.of("/predict", "{\"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}", 400,
                        "sepal_length", "field 'sepal_length' is required (a number)"),
                Arguments.of("/predict", "{" + OK + ", \"colour\": \"red\"}", 400, "colour",
                        "unknown field 'colour'; valid fields: sepal_length, sepal_width, petal_length, petal_width"),
                Arguments.of("/predict", "{" + OK.replace("sepal_length", "sepal_lenght") + "}", 400, "sepal_lenght",
                        "did you mean 'sepal_length'?"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "\"5.1\"") + "}", 400, "sepal_length",
                        "must be a number, got text (5.1)"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "true") + "}", 400, "sepal_length",
                        "must be a number, got a boolean"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "[5.1]") + "}", 400, "sepal_length",
                        "must be a number, got a list"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "{\"v\": 5.1}") + "}", 400, "sepal_length",
                        "must be a number, got an object"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "NaN") + "}", 400, "sepal_length",
                        "must be a finite number, got NaN"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "Infinity") + "}", 400, "sepal_length",
                        "must be a finite number, got Infinity"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "-Infinity") + "}", 400, "sepal_length",
                        "must be a finite number, got -Infinity"),
                Arguments.of("/predict", "{" + OK.replace("5.1", "1e400") + "}", 400, "sepal_length",
                        "must be a finite number, got Infinity"),
                Arguments.of("/predict", "{" + OK + ", \"sepal_length\": 6}", 400, "sepal_length", "Duplicate field"),
                Arguments.of("/predict/batch", many, 413, "instances", "has 6 records; at most 5"),
                Arguments.of("/predict/batch", "{\"instances\": []}", 400, "instances", "is empty"),
                Arguments.of("/predict/batch", "{\"instances\": {" + OK + "}}", 400, "instances", "must be a list of records"),
                Arguments.of("/predict/batch", "{\"records\": []}", 400, "records", "unknown key 'records'; valid keys: instances"),
                Arguments.of("/predict/batch", "{}", 400, "instances", "'instances' is required"),
                Arguments.of("/predict/batch", "{\"instances\": [{" + OK + "}, {" + OK.replace("0.2", "null") + "}]}", 400,
                        "instances[1].petal_width", "instances[1]: field 'petal_width' is required"),
                Arguments.of("/predict/batch", "{\"instances\": [{" + OK + "}, 3]}", 400, "instances[1]",
                        "instances[1] must be a JSON object"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "FP64", "[2]", "[5.1]")), 400,
                        "inputs[0].data", "has 1 values but its shape says 2"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "BYTES", "[1]", "[\"5.1\"]")), 400,
                        "inputs[0].datatype", "datatype 'BYTES' does not fit field 'sepal_length'"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "INT64", "[1]", "[5.1]")), 400,
                        "sepal_length", "has datatype INT64 but inputs[0].data[0] is a number (5.1)"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "FP64", "[1, 2]", "[5.1, 5.2]")), 400,
                        "inputs[0].shape", "expected [rows] or [rows, 1]"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("petal_size", "FP64", "[1]", "[5.1]")), 400,
                        "inputs[0].name", "unknown field 'petal_size'"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "FP64", "[9]",
                        "[1, 2, 3, 4, 5, 6, 7, 8, 9]")), 413, "inputs[0].shape", "at most 5"),
                Arguments.of("/v2/models/iris/infer", oip(tensor("sepal_length", "FP64", "[1]", "[NaN]")), 400,
                        "sepal_length", "must be a finite number, got NaN"),
                Arguments.of("/v2/models/iris/infer", "{\"inputs\": [" + tensor("sepal_length", "FP64", "[1]", "[5.1]")
                        + "]}", 400, "sepal_width", "field 'sepal_width' is required"),
                Arguments.of("/v2/models/iris/infer", "{\"inputs\": [" + tensor("sepal_length", "FP64", "[1]", "[5.1]")
                        + ", " + tensor("sepal_width", "FP64", "[2]", "[1, 2]") + "]}", 400, "inputs[1].shape",
                        "every input needs the same number of rows"),
                Arguments.of("/v2/models/iris/infer", "{\"id\": 7, \"inputs\": []}", 400, "id", "'id' must be a string"),
                Arguments.of("/v2/models/iris/infer", "{\"input\": []}", 400, "input", "unknown key 'input'"),
                Arguments.of("/v2/models/iris/infer", withOutputs(oip(tensor("sepal_length", "FP64", "[1]", "[5.1]"))), 400, "outputs[0].name",
                        "unknown output 'logits'; this model's outputs are label, probabilities"),
                Arguments.of("/v2/models/rose/infer", oip(tensor("sepal_length", "FP64", "[1]", "[5.1]")), 404,
                        "model_name", "unknown model 'rose'; this server serves 'iris'"),
                Arguments.of("/v2/models/iris/versions/nope/infer", oip(tensor("sepal_length", "FP64", "[1]", "[5.1]")),
                        404, "model_version", "has no version 'nope' loaded"),
                Arguments.of("/invocations", "{\"instances\": []}", 400, "instances",
                        "valid keys: dataframe_split, dataframe_records, params"),
                Arguments.of("/invocations", "{\"dataframe_split\": {\"columns\": [\"sepal_length\", \"petal\"], \"data\": [[1, 2]]}}",
                        400, "dataframe_split.columns[1]", "unknown field 'petal'"),
                Arguments.of("/invocations", "{\"dataframe_split\": {\"columns\": [\"sepal_length\"], \"data\": [[1, 2]]}}",
                        400, "dataframe_split.data[0]", "must be a list of 1 values"),
                Arguments.of("/invocations", "{\"dataframe_records\": [{" + OK + "}, {" + OK + ", \"x\": 1}]}", 400,
                        "dataframe_records[1].x", "unknown field 'x'"),
                Arguments.of("/invocations", "{\"dataframe_records\": [{" + OK + "}], \"dataframe_split\": {}}", 400,
                        null, "exactly one of"),
                Arguments.of("/predict", "{" + OK + ", \"pad\": \"" + "x".repeat((int) BODY_LIMIT) + "\"}", 413, null,
                        "at most 2048 are allowed"));
    }

    @ParameterizedTest(name = "[{index}] {0} {2} {4}")
    @MethodSource("cases")
    void badRequest_isA4xxNamingTheField(String path, String body, int status, String field, String words) {
        HttpResponse<String> r = client.post(path, body);
        assertError(r, status, field, words);
    }

    static void assertError(HttpResponse<String> r, int status, String field, String words) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode json = client.json(r);
        assertEquals(2, json.size(), r.body());
        assertTrue(json.get("error").asText().contains(words), () -> "expected '" + words + "' in " + r.body());
        assertEquals(field, json.get("field").isNull() ? null : json.get("field").asText(), r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("at dev.") || r.body().contains("com.fasterxml"),
                r.body());
    }

    @Test
    void wrongContentType_is415() {
        assertError(client.post("/predict", "text/plain", "{" + OK + "}"), 415, "Content-Type",
                "Content-Type must be application/json, got 'text/plain'");
        assertError(client.post("/predict", null, "{" + OK + "}"), 415, "Content-Type", "got none");
        assertEquals(200, client.post("/predict", "application/json; charset=utf-8", "{" + OK + "}").statusCode());
    }

    @Test
    void chunkedBodyOverLimit_is413() {
        byte[] big = ("{\"pad\": \"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))); // no length: chunked
        assertError(client.send(b), 413, null, "over 2048 bytes");
    }

    @Test
    void unknownEndpointAndWrongMethod_are404And405() {
        HttpResponse<String> r = client.get("/predictions");
        assertError(r, 404, null, "no endpoint GET /predictions; endpoints: POST /predict");
        HttpResponse<String> m = client.get("/predict");
        assertError(m, 405, null, "method GET is not allowed on /predict; use POST");
        assertEquals("POST", m.headers().firstValue("Allow").orElse(""));
        assertError(client.get("/v2/models/rose"), 404, "model_name", "unknown model 'rose'");
        assertError(client.get("/v2/models/rose/ready"), 404, "model_name", "unknown model 'rose'");
    }

    @Test
    void declaredLengthOverLimit_isAnswered413WithoutWaitingForTheBody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHead(s.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), response);
        }
    }

    @Test
    void clientVanishingMidBody_doesNotHurtTheServer() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 500\r\n\r\n{\"sepal_length\": 5").getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertEquals(200, client.post("/predict", "{" + OK + "}").statusCode());
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }
}
