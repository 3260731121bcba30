package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.FIXTURES;
import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.RESOURCES;
import static dev.mlops.model.BundleFixtures.irisRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Dataset;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External models from src/test/python/external_onnx_fixtures.py: a scikit-learn LogisticRegression
 * on iris laid out like skl2onnx (label + ZipMap probabilities, plus a plain probability tensor) and
 * a LinearRegression on housing with a one-hot column. Expected values are scikit-learn's own.
 */
class ExternalOnnxModelTest {

    @TempDir
    Path tmp;

    static ModelSpec irisSpec(String outputs) {
        return ModelSpecReader.parse("iris-sklearn.yaml", """
                name: iris-sklearn
                task: classification
                dataset:
                  file: data/iris.csv
                  target: species
                onnx:
                  file: dev/mlops/model/iris_logreg.onnx
                  input: float_input
                  features: [sepal_length, sepal_width, petal_length, petal_width]
                  labels: [setosa, versicolor, virginica]
                  outputs: %s
                """.formatted(outputs));
    }

    static ModelSpec housingSpec(String features) {
        return ModelSpecReader.parse("housing-sklearn.yaml", """
                name: housing-sklearn
                task: regression
                dataset:
                  file: dev/mlops/model/housing_small.csv
                  target: median_house_value
                  missing: impute-median
                onnx:
                  file: dev/mlops/model/housing_linear.onnx
                  features: %s
                  outputs: {value: variable}
                """.formatted(features));
    }

    static final String HOUSING_FEATURES = "[longitude, latitude, housing_median_age, total_rooms, population, households,"
            + " median_income, ocean_proximity=INLAND]";

    /** Rows of iris_logreg_expected.csv: the record, then sklearn's label and probabilities. */
    static List<String[]> irisExpected() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("iris_logreg_expected.csv")).subList(1, 151)) {
            rows.add(line.split(","));
        }
        return rows;
    }

    @Test
    void bundle_skl2onnxLayout_predictsWhatScikitLearnPredicts() throws Exception {
        ModelBundle bundle = ExternalOnnxModel.bundle(irisSpec("{label: output_label, probabilities: output_probability}"),
                RESOURCES, METADATA);
        assertEquals(List.of("manifest.json", "metadata.json", "metrics.json", "model.onnx", "profile.json", "signature.json",
                "spec.yaml"), List.copyOf(bundle.fileNames()));
        // the reference profile covers the 120 training rows and the ONNX model's predictions on them
        assertEquals(120, bundle.profile().orElseThrow().rows());
        assertEquals(120, bundle.profile().orElseThrow().prediction().categorical().count());
        assertEquals("external-onnx", bundle.info().model().kind());
        assertEquals(Engine.ONNX, bundle.defaultEngine());
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("iris_logreg.onnx")), bundle.file("model.onnx"));
        assertAgreesWithSklearn(bundle);

        // evaluated on the spec's test split like a trained model, so it can be gated
        assertEquals(30, bundle.info().testRows());
        assertTrue(bundle.metrics().get("accuracy") >= 0.9, bundle.metrics().toString());
        assertTrue(bundle.metrics().containsKey("roc_auc_ovr"));

        // and it survives the round trip
        Path zip = tmp.resolve(bundle.fileName());
        bundle.writeZip(zip);
        ModelBundle loaded = ModelBundle.load(zip);
        assertEquals(bundle.metrics(), loaded.metrics());
        assertAgreesWithSklearn(loaded);
        assertTrue(loaded.tribuoModel().isEmpty());
        assertThrows(IllegalStateException.class, () -> loaded.predictor(Engine.TRIBUO));
    }

    private static void assertAgreesWithSklearn(ModelBundle bundle) throws Exception {
        List<String[]> expected = irisExpected();
        List<Map<String, Object>> records = new ArrayList<>();
        for (String[] row : expected) {
            records.add(irisRecord(Double.parseDouble(row[0]), Double.parseDouble(row[1]), Double.parseDouble(row[2]),
                    Double.parseDouble(row[3])));
        }
        try (Predictor p = bundle.predictor()) {
            List<Prediction> predictions = p.predictBatch(records);
            for (int i = 0; i < expected.size(); i++) {
                String[] row = expected.get(i);
                Prediction x = predictions.get(i);
                assertEquals(row[4], x.label(), "row " + i);
                assertEquals(Double.parseDouble(row[5]), x.probability("setosa"), 1e-6, "row " + i);
                assertEquals(Double.parseDouble(row[6]), x.probability("versicolor"), 1e-6, "row " + i);
                assertEquals(Double.parseDouble(row[7]), x.probability("virginica"), 1e-6, "row " + i);
            }
        }
    }

    @Test
    void bundle_plainProbabilityTensor_works() throws Exception {
        ModelBundle bundle = ExternalOnnxModel.bundle(irisSpec("{probabilities: probabilities}"), RESOURCES, METADATA);
        assertAgreesWithSklearn(bundle);
    }

    @Test
    void bundle_labelOutputOnly_hasNoProbabilities() throws Exception {
        ModelBundle bundle = ExternalOnnxModel.bundle(irisSpec("{label: output_label}"), RESOURCES, METADATA);
        try (Predictor p = bundle.predictor()) {
            Prediction x = p.predict(irisRecord(5.1, 3.5, 1.4, 0.2));
            assertEquals("setosa", x.label());
            assertTrue(x.probabilities().isEmpty());
        }
        assertFalse(bundle.metrics().containsKey("log_loss"), "no probabilities, no log loss");
        assertTrue(bundle.metrics().get("accuracy") >= 0.9, bundle.metrics().toString());
    }

    @Test
    void bundle_regressionWithOneHotColumn_predictsWhatScikitLearnPredicts() throws Exception {
        ModelBundle bundle = ExternalOnnxModel.bundle(housingSpec(HOUSING_FEATURES), RESOURCES, METADATA);
        Dataset all = Dataset.load(ModelSpecReader.parse("h.yaml", """
                name: h
                task: regression
                dataset: {file: dev/mlops/model/housing_small.csv, target: median_house_value, missing: impute-median}
                trainer: {type: cart}
                """).dataset(), RESOURCES, dev.mlops.data.Task.REGRESSION);
        List<String> expected = Files.readAllLines(FIXTURES.resolve("housing_linear_expected.csv")).subList(1, 401);
        List<Map<String, Object>> records = BundleFixtures.records(all);
        try (Predictor p = bundle.predictor()) {
            List<Prediction> predictions = p.predictBatch(records);
            for (int i = 0; i < records.size(); i++) {
                double sklearn = Double.parseDouble(expected.get(i).split(",")[1]);
                // float32 inputs such as total_rooms ~ 1e4 and weights give about 1e-6 relative error
                assertEquals(sklearn, predictions.get(i).value(), Math.abs(sklearn) * 2e-5 + 1.0, "row " + i);
            }
        }
        assertTrue(bundle.metrics().get("r2") > 0.5, bundle.metrics().toString());
        assertEquals(80, bundle.info().testRows());
    }

    @Test
    void bundle_unknownFeature_namesItWithSuggestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExternalOnnxModel.bundle(
                housingSpec(HOUSING_FEATURES.replace("ocean_proximity=INLAND", "ocean_proximity=INLANDS")), RESOURCES,
                METADATA));
        assertTrue(e.getMessage().startsWith("onnx.features: 'ocean_proximity=INLANDS' is not a feature of the data set"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ocean_proximity=INLAND"), e.getMessage());
    }

    @Test
    void bundle_wrongFeatureCount_namesModelOnnx() {
        BundleException e = assertThrows(BundleException.class, () -> ExternalOnnxModel.bundle(
                housingSpec("[longitude, latitude]"), RESOURCES, METADATA));
        assertEquals("model.onnx", e.file());
        assertTrue(e.getMessage().contains("takes 8 features but the signature lists 2"), e.getMessage());
    }

    @Test
    void bundle_unknownOutput_isRefused() {
        BundleException e = assertThrows(BundleException.class, () -> ExternalOnnxModel.bundle(
                irisSpec("{probabilities: output_probabilty}"), RESOURCES, METADATA));
        assertTrue(e.getMessage().contains("no output 'output_probabilty'"), e.getMessage());
    }

    @Test
    void spec_onnxSection_parsesAndRefusesTraining() throws Exception {
        ModelSpec spec = irisSpec("{label: output_label}");
        assertTrue(spec.isExternal());
        assertEquals("float_input", spec.onnx().input());
        assertEquals(spec, ModelSpecReader.parse("again.yaml", ModelSpecReader.write(spec)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer().train(spec, RESOURCES));
        assertTrue(e.getMessage().contains("wraps an external ONNX model"), e.getMessage());
        dev.mlops.train.SpecException both = assertThrows(dev.mlops.train.SpecException.class, () -> ModelSpecReader.parse(
                "both.yaml", """
                        name: x
                        task: classification
                        dataset: {file: data/iris.csv, target: species}
                        trainer: {type: cart}
                        onnx: {file: m.onnx}
                        """));
        assertTrue(both.getMessage().contains("an external ONNX model is not trained; remove trainer or onnx"),
                both.getMessage());
        dev.mlops.train.SpecException typo = assertThrows(dev.mlops.train.SpecException.class, () -> ModelSpecReader.parse(
                "typo.yaml", """
                        name: x
                        task: classification
                        dataset: {file: data/iris.csv, target: species}
                        onnx: {file: m.onnx, inputs: x}
                        """));
        assertTrue(typo.getMessage().contains("unknown key 'inputs' in onnx"), typo.getMessage());
    }

    @Test
    void bundle_defaultsFeaturesAndInputFromDataAndModel() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("iris-defaults.yaml", """
                name: iris-sklearn
                task: classification
                dataset: {file: data/iris.csv, target: species}
                onnx: {file: dev/mlops/model/iris_logreg.onnx, outputs: {probabilities: probabilities}}
                """);
        ModelBundle bundle = ExternalOnnxModel.bundle(spec, RESOURCES, METADATA);
        assertEquals("float_input", bundle.signature().modelInput().name());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                bundle.signature().modelInput().features());
        assertFalse(bundle.signature().preprocessing().encoders().isEmpty());
        assertAgreesWithSklearn(bundle);
        Map<String, Object> bad = new LinkedHashMap<>(irisRecord(5.1, 3.5, 1.4, 0.2));
        bad.put("petal_width", Double.NaN);
        try (Predictor p = bundle.predictor()) {
            assertThrows(dev.mlops.features.InvalidRecordException.class, () -> p.predict(bad));
        }
    }
}
