package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.Column;
import dev.mlops.data.DataException;
import dev.mlops.data.Dataset;
import dev.mlops.drift.stats.Reference;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift checked from a model bundle, on iris: the bundle's profile holds the 120 training rows and
 * the logistic regression's predictions on them; the current data are the 30 test rows, as they are
 * and with petal measurements shifted. KS p-values and chi-square p-values pinned from
 * src/test/python/bundle_drift_reference.py (scipy, the split re-done in Python).
 */
class BundleDriftTest {

    static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    static JsonNode reference;
    static TrainedModel trained;
    static ModelBundle bundle;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() throws IOException {
        try (InputStream in = BundleDriftTest.class.getResourceAsStream("/drift/bundle-drift-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: logistic-regression}
                """);
        Dataset data = Dataset.load(spec.dataset(), Path.of("src/test/resources"), spec.task());
        trained = new ModelTrainer(TIME).train(spec, data);
        bundle = ModelBundle.from(trained, data, BundleMetadata.of("1.0.0", TIME));
    }

    /** The test rows as a CSV of the four features, petal measurements shifted by the given amounts. */
    private Path testRows(double petalLength, double petalWidth, String extraHeader, String extraValue) throws IOException {
        Dataset test = trained.testData();
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES) + extraHeader + "\n");
        for (int r = 0; r < test.size(); r++) {
            for (int f = 0; f < FEATURES.size(); f++) {
                Column c = test.feature(FEATURES.get(f));
                double shift = f == 2 ? petalLength : f == 3 ? petalWidth : 0;
                csv.append(f == 0 ? "" : ",").append(c.numbers()[r] + shift);
            }
            csv.append(extraValue).append('\n');
        }
        Path file = dir.resolve("recent.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static void assertKs(JsonNode expected, DriftReport report) {
        for (String name : FEATURES) {
            FeatureDrift f = report.feature(name).orElseThrow();
            assertEquals(DriftMethod.KS, f.method(), name);
            Reference.close(expected.get(name).get("statistic").asDouble(), f.statistic(), 1e-12, 0, name + " D");
            Reference.close(expected.get(name).get("pvalue").asDouble(), f.pValue(), 1e-10, 0, name + " p");
        }
    }

    private static Map<String, Integer> counts(FeatureColumn predictions) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String label : predictions.stringValues()) {
            counts.merge(label, 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Integer> expectedCounts(String scenario) {
        Map<String, Integer> counts = new TreeMap<>();
        reference.get("iris").get("prediction_counts").get(scenario).properties()
                .forEach(e -> {
                    if (e.getValue().asInt() > 0) {
                        counts.put(e.getKey(), e.getValue().asInt());
                    }
                });
        return counts;
    }

    @Test
    void profile_holdsTheTrainingRowsAndTheirPredictions() {
        ReferenceProfile profile = BundleDrift.profile(bundle);
        assertEquals(reference.get("iris").get("train_rows").asLong(), profile.rows());
        Map<String, Integer> predicted = new TreeMap<>();
        profile.prediction().categorical().categories().forEach(c -> predicted.put(c.value(), (int) c.count()));
        assertEquals(expectedCounts("reference"), predicted);
        List<String> lines = new java.util.ArrayList<>();
        reference.get("iris").get("test_lines").forEach(n -> lines.add(n.asText()));
        assertEquals(lines, trained.testIds(), "Python re-did the same split");
    }

    @Test
    void check_ownTestRows_noDrift() throws IOException {
        Path csv = testRows(0, 0, "", "");
        DataColumns current = BundleDrift.read(bundle, csv);
        assertEquals(expectedCounts("own_test_rows"), counts(current.prediction()), "predictions computed by the bundle");

        DriftVerdict v = BundleDrift.check(bundle, csv, DriftSpec.defaults());
        assertTrue(v.passed(), v.failureMessage());
        assertKs(reference.get("iris").get("own_test_rows"), v.report());
        assertEquals(0, v.report().dataset().drifted());
        FeatureDrift prediction = v.report().prediction();
        assertEquals("prediction", prediction.feature());
        assertEquals(DriftMethod.CHISQUARE, prediction.method(), "3 classes, 120 reference rows");
        Reference.close(reference.get("iris").get("prediction_own_test_rows").asDouble(), prediction.pValue(), 1e-10, 0,
                "prediction p");
        assertFalse(prediction.drifted());
        assertEquals("No drift: 0 of 4 features drifted (threshold share 50.0%). Predictions did not drift.", v.explanation());
    }

    @Test
    void check_petalLengthShifted_featureAndPredictionsDrift() throws IOException {
        Path csv = testRows(1.5, 0, "", "");
        assertEquals(expectedCounts("petal_length_shifted"), counts(BundleDrift.read(bundle, csv).prediction()));

        DriftVerdict v = BundleDrift.check(bundle, csv, DriftSpec.defaults());
        JsonNode shifted = reference.get("iris").get("shifted");
        FeatureDrift petal = v.report().feature("petal_length").orElseThrow();
        Reference.close(shifted.get("petal_length").get("pvalue").asDouble(), petal.pValue(), 1e-10, 0, "petal_length p");
        assertTrue(petal.drifted());
        assertEquals(List.of(petal), v.report().driftedFeatures());
        assertFalse(v.report().dataset().datasetDrift(), "1 of 4 features is below the 50% share");
        Reference.close(reference.get("iris").get("prediction_petal_length_shifted").asDouble(),
                v.report().prediction().pValue(), 1e-10, 0, "prediction p");
        assertFalse(v.passed(), "prediction drift fails the gate by default");
        assertEquals("""
                Drift: predictions 'prediction' drifted: chisquare p=0.0366 < 0.0500, low
                  petal_length: ks p=2.302e-04 <= 0.0500, medium (statistic 0.4250)
                  prediction: chisquare p=0.0366 < 0.0500, low (statistic 6.6166)""", v.failureMessage());

        assertTrue(BundleDrift.check(bundle, csv, DriftSpec.defaults().withFailOnPredictionDrift(false)).passed());
    }

    @Test
    void check_bothPetalMeasurementsShifted_datasetDrifts() throws IOException {
        Path csv = testRows(1.5, 0.8, "", "");
        assertEquals(expectedCounts("both_shifted"), counts(BundleDrift.read(bundle, csv).prediction()));
        DriftVerdict v = BundleDrift.check(bundle, csv, DriftSpec.defaults());
        assertKs(reference.get("iris").get("shifted"), v.report());
        assertTrue(v.report().dataset().datasetDrift());
        Reference.close(reference.get("iris").get("prediction_both_shifted").asDouble(),
                v.report().prediction().pValue(), 1e-10, 0, "prediction p");
        assertEquals(List.of("2 of 4 features drifted (50.0% >= 50.0%)",
                "predictions 'prediction' drifted: chisquare p=7.394e-05 < 0.0500, medium"), v.violations());
    }

    @Test
    void check_csvWithPredictions_usesThemInsteadOfTheModel() throws IOException {
        // the features as in training, but the service answered "setosa" to everything
        Path csv = testRows(0, 0, ",prediction", ",setosa");
        DriftVerdict v = BundleDrift.check(bundle, csv, DriftSpec.defaults());
        assertEquals(0, v.report().dataset().drifted());
        assertTrue(v.report().prediction().drifted(), v.report().prediction().toString());
        assertFalse(v.passed());
    }

    @Test
    void check_rowTheModelCannotScore_countsAsMissingPrediction() throws IOException {
        Path csv = testRows(0, 0, "", "");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(5, lines.get(5).substring(0, lines.get(5).lastIndexOf(',') + 1)); // empty petal_width on line 6
        Files.write(csv, lines);
        DriftVerdict v = BundleDrift.check(bundle, csv, DriftSpec.defaults());
        assertEquals(1.0 / 30, v.report().feature("petal_width").orElseThrow().currentMissingShare(), 1e-15);
        assertEquals(1.0 / 30, v.report().prediction().currentMissingShare(), 1e-15);
        assertEquals(29, v.report().prediction().currentValues());
    }

    @Test
    void check_bundleWithoutProfile_saysHowToMakeOne() throws IOException {
        ModelBundle old = ModelBundle.from(trained, BundleMetadata.of("1.0.0", TIME));
        Path csv = testRows(0, 0, "", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleDrift.check(old, csv, DriftSpec.defaults()));
        assertTrue(e.getMessage().startsWith("bundle iris-1.0.0 has no profile.json"), e.getMessage());
        assertTrue(e.getMessage().contains("ModelBundle.from(trained, data, metadata)"), e.getMessage());
    }

    @Test
    void read_emptyOrIncompleteFile_isRefusedNamingFileAndColumn() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, String.join(",", FEATURES) + "\n");
        DataException e = assertThrows(DataException.class, () -> BundleDrift.read(bundle, empty));
        assertEquals(empty + ": the file has a header but no data rows", e.getMessage());

        Path typo = dir.resolve("typo.csv");
        Files.writeString(typo, "sepal_length,sepal_width,petal_lenght,petal_width\n1,2,3,4\n");
        e = assertThrows(DataException.class, () -> BundleDrift.read(bundle, typo));
        assertEquals(typo + ": no column 'petal_length' that the reference profile has; did you mean 'petal_lenght'?"
                + " Valid: sepal_length, sepal_width, petal_lenght, petal_width", e.getMessage());

        Path text = dir.resolve("text.csv");
        Files.writeString(text, String.join(",", FEATURES) + "\n1,2,3,4\n1,2,x,4\n");
        e = assertThrows(DataException.class, () -> BundleDrift.read(bundle, text));
        assertTrue(e.getMessage().startsWith(text + ":3: column 'petal_length' is numeric but has 'x'"), e.getMessage());
    }
}
