package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.housing;
import static dev.mlops.model.BundleFixtures.iris;
import static dev.mlops.model.BundleFixtures.records;
import static dev.mlops.model.BundleFixtures.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Task;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelBundleTest {

    @TempDir
    Path tmp;

    /** Every algorithm of the catalog on the tasks it supports, with whether Tribuo exports it to ONNX. */
    static Stream<Arguments> trainers() {
        return Stream.of(
                Arguments.of(iris("logistic-regression", "{}"), true),
                Arguments.of(iris("linear-sgd", "{loss: hinge}"), true),
                Arguments.of(iris("cart", "{}"), false),
                Arguments.of(iris("random-forest", "{trees: 10}"), false),
                Arguments.of(iris("knn", "{k: 5}"), false),
                Arguments.of(housing("linear-sgd", "{epochs: 5}"), true),
                Arguments.of(housing("elastic-net", "{alpha: 0.1}"), true),
                Arguments.of(housing("lars", "{}"), true),
                Arguments.of(housing("lasso-lars", "{}"), true),
                Arguments.of(housing("cart", "{max_depth: 6}"), false),
                Arguments.of(housing("random-forest", "{trees: 5, max_depth: 6}"), false),
                Arguments.of(housing("knn", "{k: 5}"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainers")
    void roundTrip_saveLoadPredict_isIdentical(ModelSpec spec, boolean exportable) throws Exception {
        TrainedModel trained = BundleFixtures.trained(spec);
        ModelBundle bundle = ModelBundle.from(trained, METADATA);
        String what = spec.trainer().type() + " " + spec.task().specName();
        assertEquals(exportable, bundle.hasOnnx(), what);
        assertEquals(exportable, bundle.manifest().onnx().available());
        if (!exportable) {
            assertTrue(bundle.manifest().onnx().reason().contains("has no ONNX export"), bundle.manifest().onnx().reason());
            assertEquals(Engine.TRIBUO, bundle.defaultEngine());
        }

        Path dir = tmp.resolve(bundle.directoryName());
        Path zip = tmp.resolve(bundle.fileName());
        bundle.write(dir);
        bundle.writeZip(zip);
        assertEquals("iris-1.0.0.mlbundle".replace("iris", spec.name()), zip.getFileName().toString());

        List<Map<String, Object>> records = records(trained.testData());
        List<Prediction> expected = predict(bundle, Engine.TRIBUO, records);
        // the bundle predicts what the trained model predicted in its evaluation
        assertEquals(trained.evaluation().asMap(), withoutParity(bundle.metrics()), what);
        assertEquals(bundle.metrics().get(spec.task() == Task.CLASSIFICATION ? "accuracy" : "rmse"),
                trained.evaluation().metric(spec.task() == Task.CLASSIFICATION ? "accuracy" : "rmse"));
        for (Path path : List.of(dir, zip)) {
            ModelBundle loaded = ModelBundle.load(path);
            assertEquals(bundle.fileNames(), loaded.fileNames());
            for (String name : bundle.fileNames()) {
                assertArrayEquals(bundle.file(name), loaded.file(name), name);
            }
            assertEquals(expected, predict(loaded, Engine.TRIBUO, records), what + " from " + path);
            if (exportable) {
                assertEquals(predict(bundle, Engine.ONNX, records), predict(loaded, Engine.ONNX, records));
            }
            assertEquals(bundle.metrics(), loaded.metrics());
            assertEquals(bundle.signature(), loaded.signature());
            assertEquals(trained.spec(), loaded.spec());
        }
    }

    /** ONNX computes in float32: probabilities agree to about 1e-7, labels exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trainers")
    void parity_onnxAgreesWithTribuo(ModelSpec spec, boolean exportable) throws Exception {
        if (!exportable) {
            return;
        }
        TrainedModel trained = BundleFixtures.trained(spec);
        ModelBundle bundle = ModelBundle.from(trained, METADATA);
        OnnxParity parity = bundle.parity().orElseThrow();
        assertEquals(trained.testRows(), parity.rows());
        assertEquals(0, parity.labelFlips(), parity.toString());
        if (spec.task() == Task.CLASSIFICATION) {
            assertTrue(parity.maxAbsDiff() < 1e-5, parity.toString());
        } else {
            assertTrue(parity.maxRelDiff() < 1e-5, parity.toString());
        }
        assertEquals((double) parity.labelFlips(), bundle.metrics().get("onnx_parity.label_flips"));
        assertEquals(parity.maxAbsDiff(), bundle.metrics().get("onnx_parity.max_abs_diff"));
        // the same comparison through the public predictors on raw records
        List<Map<String, Object>> records = records(trained.testData());
        List<Prediction> tribuo = predict(bundle, Engine.TRIBUO, records);
        List<Prediction> onnx = predict(bundle, Engine.ONNX, records);
        for (int i = 0; i < records.size(); i++) {
            if (spec.task() == Task.CLASSIFICATION) {
                assertEquals(tribuo.get(i).label(), onnx.get(i).label());
                for (String label : bundle.signature().labels()) {
                    if (!tribuo.get(i).probabilities().isEmpty()) {
                        assertEquals(tribuo.get(i).probability(label), onnx.get(i).probability(label), 1e-5);
                    }
                }
            } else {
                assertEquals(tribuo.get(i).value(), onnx.get(i).value(), Math.abs(tribuo.get(i).value()) * 1e-5);
            }
        }
    }

    @Test
    void from_sameSpecAndData_givesByteIdenticalBundle() throws Exception {
        for (ModelSpec spec : List.of(iris("logistic-regression", "{}"), iris("random-forest", "{trees: 10}"),
                housing("linear-sgd", "{epochs: 3}"))) {
            ModelBundle a = BundleFixtures.bundleWithProfile(spec);
            ModelBundle b = BundleFixtures.bundleWithProfile(spec);
            assertTrue(a.fileNames().contains("profile.json"));
            Path za = tmp.resolve("a" + ModelBundle.EXTENSION);
            Path zb = tmp.resolve("b" + ModelBundle.EXTENSION);
            a.writeZip(za);
            b.writeZip(zb);
            assertArrayEquals(Files.readAllBytes(za), Files.readAllBytes(zb), spec.trainer().type());
            a.write(tmp.resolve("da"));
            b.write(tmp.resolve("db"));
            for (String name : a.fileNames()) {
                assertArrayEquals(Files.readAllBytes(tmp.resolve("da").resolve(name)),
                        Files.readAllBytes(tmp.resolve("db").resolve(name)), name);
            }
        }
    }

    @Test
    void from_logisticRegression_recordsEverything() throws Exception {
        ModelSpec spec = iris("logistic-regression", "{}");
        TrainedModel trained = train(spec);
        ModelBundle bundle = ModelBundle.from(trained, BundleFixtures.data(spec), METADATA.withGitCommitFrom(Path.of(".")));
        assertEquals(List.of("manifest.json", "metadata.json", "metrics.json", "model.onnx", "model.tribuo", "parity.json",
                "profile.json", "provenance.json", "signature.json", "spec.yaml"), List.copyOf(bundle.fileNames()));
        BundleInfo info = bundle.info();
        assertEquals("iris", info.name());
        assertEquals("1.0.0", info.version());
        assertEquals("2026-01-01T00:00:00Z", info.created());
        assertEquals(trained.datasetFingerprint(), info.datasetFingerprint());
        assertEquals(120, info.trainRows());
        assertEquals(30, info.testRows());
        assertEquals("org.tribuo.classification.sgd.linear.LinearSGDModel", info.model().className());
        assertEquals("logistic-regression", info.model().algorithm());
        assertEquals(20, info.model().hyperparameters().get("epochs"));
        assertTrue(info.gitCommit() == null || info.gitCommit().matches("[0-9a-f]{40}"), info.gitCommit());
        assertEquals(org.tribuo.Tribuo.VERSION, info.libraries().get("tribuo"));
        assertEquals("1.29.0", info.libraries().get("onnxruntime"));
        assertEquals(BundleManifest.FORMAT_VERSION, bundle.manifest().formatVersion());

        Signature s = bundle.signature();
        assertEquals(List.of("setosa", "versicolor", "virginica"), s.labels());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                s.inputs().stream().map(Signature.Input::name).toList());
        Signature.Input petal = s.inputs().get(2);
        assertEquals("number", petal.type());
        assertTrue(petal.required());
        // the range of petal_length over the training rows: every line of iris.csv but the test rows
        List<String> lines = Files.readAllLines(BundleFixtures.RESOURCES.resolve("data/iris.csv"));
        java.util.DoubleSummaryStatistics range = new java.util.DoubleSummaryStatistics();
        for (int line = 2; line <= lines.size(); line++) {
            if (!trained.testIds().contains(Integer.toString(line))) {
                range.accept(Double.parseDouble(lines.get(line - 1).split(",")[2]));
            }
        }
        assertEquals(range.getMin(), petal.min());
        assertEquals(range.getMax(), petal.max());
        // Tribuo numbers features by name; the ONNX input columns follow that numbering
        assertEquals(List.of("petal_length", "petal_width", "sepal_length", "sepal_width"), s.modelInput().features());
        String json = new String(bundle.file("signature.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"center\""), "standardisation is part of the preprocessing: " + json);
        String provenance = new String(bundle.file("provenance.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(provenance.contains("LinearSGDTrainer") && provenance.contains("\"2026-01-01T00:00Z\""), provenance);
    }

    @Test
    void predictor_defaultsToAutoWhenExported() throws Exception {
        ModelBundle bundle = ModelBundle.from(train(iris("logistic-regression", "{}")), METADATA);
        assertEquals(Engine.AUTO, bundle.defaultEngine());
        try (Predictor p = bundle.predictor()) {
            assertEquals(Engine.AUTO, p.engine());
            Prediction setosa = p.predict(BundleFixtures.irisRecord(5.1, 3.5, 1.4, 0.2));
            assertEquals("setosa", setosa.label());
            assertEquals(1.0, setosa.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
            assertTrue(setosa.probability("setosa") > 0.9, setosa.toString());
        }
    }

    @Test
    void write_intoDirectoryWithOtherFiles_isRefused() throws Exception {
        ModelBundle bundle = ModelBundle.from(train(iris("cart", "{}")), METADATA);
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> bundle.write(tmp));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("manifest.json")));
    }

    static List<Prediction> predict(ModelBundle bundle, Engine engine, List<Map<String, Object>> records) {
        try (Predictor p = bundle.predictor(engine)) {
            return p.predictBatch(records);
        }
    }

    private static Map<String, Double> withoutParity(Map<String, Double> metrics) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(metrics);
        m.keySet().removeIf(k -> k.startsWith("onnx_parity."));
        return m;
    }
}
