package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.drift.DataColumns;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.serving.ServedModel.Result;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model bundles made once per test JVM (trained from the specs in {@code src/test/resources/data},
 * bundled as the train goal does, written to {@code target/test-bundles/} and loaded back), with the
 * held-out test rows and the predictions evaluation recorded for them; and a small real HTTP client.
 */
final class Fixtures {

    static final Path DATA = Path.of("src/test/resources/data");
    static final Path BUNDLES = Path.of("target/test-bundles");
    static final Instant BUILD_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    private static Fixture forest;
    private static Fixture logistic;
    private static Fixture housing;

    private Fixtures() {
    }

    /**
     * A bundled model with its test rows.
     *
     * @param bundle   the bundle directory
     * @param model    the bundle loaded for serving, shared by the tests (never closed)
     * @param records  raw test records
     * @param expected what evaluation predicted for each, in the model's label order
     * @param profile  the drift profile of the training rows, as a bundle will carry it
     */
    record Fixture(Path bundle, ServedModel model, List<Map<String, Object>> records, List<Result> expected,
                   ReferenceProfile profile) {

        /** @return the served model with the drift reference of {@link #profile()} */
        ServedModel withDriftReference() {
            DriftReference reference = DriftReference.from(profile);
            return new Delegate(model) {
                @Override
                public DriftReference reference() {
                    return reference;
                }
            };
        }
    }

    /** Iris random forest (10 trees, no ONNX export: served by Tribuo), version 1.0.0. */
    static synchronized Fixture forestFixture() {
        if (forest == null) {
            forest = make("iris.yaml", "1.0.0", DATA);
        }
        return forest;
    }

    /** Iris logistic regression (Tribuo and ONNX Runtime), same name as the forest, version 2.0.0. */
    static synchronized Fixture logisticFixture() {
        if (logistic == null) {
            logistic = make("iris-logistic.yaml", "2.0.0", DATA);
        }
        return logistic;
    }

    /**
     * California housing regression (linear SGD: Tribuo and ONNX Runtime) on every tenth row of the
     * housing sample's data: numeric, categorical and imputed inputs.
     */
    static synchronized Fixture housingFixture() {
        if (housing == null) {
            try {
                Path dir = Files.createDirectories(BUNDLES.resolve("housing-data"));
                List<String> lines = Files.readAllLines(Path.of("../samples/housing/data/housing.csv"));
                List<String> tenth = new ArrayList<>();
                tenth.add(lines.get(0));
                for (int i = 1; i < lines.size(); i += 10) {
                    tenth.add(lines.get(i));
                }
                Files.write(dir.resolve("housing.csv"), tenth);
                Files.copy(DATA.resolve("housing.yaml"), dir.resolve("housing.yaml"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                housing = make("housing.yaml", "1.0.0", dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return housing;
    }

    static ServedModel forest() {
        return forestFixture().model();
    }

    static ServedModel logistic() {
        return logisticFixture().model();
    }

    private static Fixture make(String spec, String version, Path dir) {
        try {
            ModelSpec modelSpec = ModelSpecReader.read(dir.resolve(spec));
            Dataset data = Dataset.load(modelSpec.dataset(), dir, modelSpec.task());
            TrainedModel trained = new ModelTrainer(BUILD_TIME).train(modelSpec, data);
            Path bundle = BUNDLES.resolve(spec.replace(".yaml", "")).toAbsolutePath();
            ModelBundle.from(trained, BundleMetadata.of(version, BUILD_TIME)).write(bundle);
            ServedModel served = ModelLoader.load(bundle);
            List<Map<String, Object>> records = new ArrayList<>();
            List<Result> expected = new ArrayList<>();
            int[] test = trained.split().test();
            for (int i = 0; i < test.length; i++) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (Column c : data.features()) {
                    record.put(c.name(), c.value(test[i]));
                }
                records.add(record);
                if (trained.evaluation() instanceof ClassificationEvaluation ce) {
                    // evaluation numbers labels in the trained order; the server in the signature's
                    int label = served.labels().indexOf(trained.labels().get(ce.predicted()[i]));
                    double[] p = new double[served.labels().size()];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = ce.probabilities()[i][trained.labels().indexOf(served.labels().get(k))];
                    }
                    expected.add(new Result(label, p, Double.NaN));
                } else {
                    expected.add(new Result(-1, null, ((RegressionEvaluation) trained.evaluation()).predicted()[i]));
                }
            }
            ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(data, trained.split().trainAndValidation()));
            return new Fixture(bundle, new Delegate(served), List.copyOf(records), List.copyOf(expected), profile);
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

    /** A served model that forwards everything but {@link #close()}: fixtures outlive the servers they are put in. */
    static class Delegate implements ServedModel {
        final ServedModel d;

        Delegate(ServedModel d) {
            this.d = d;
        }

        @Override public String name() { return d.name(); }
        @Override public String version() { return d.version(); }
        @Override public String platform() { return d.platform(); }
        @Override public List<InputField> inputs() { return d.inputs(); }
        @Override public List<String> labels() { return d.labels(); }
        @Override public String target() { return d.target(); }
        @Override public boolean hasProbabilities() { return d.hasProbabilities(); }
        @Override public Result predict(Map<String, Object> record) { return d.predict(record); }
        @Override public List<Result> predictBatch(List<Map<String, Object>> records) { return d.predictBatch(records); }
        @Override public List<Map<String, Object>> probes() { return d.probes(); }
        @Override public DriftReference reference() { return d.reference(); }
        @Override public void close() { }
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
