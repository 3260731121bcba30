package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.BUILD_TIME;
import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.housing;
import static dev.mlops.model.BundleFixtures.iris;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.drift.CategoryCount;
import dev.mlops.drift.DataColumns;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureProfile;
import dev.mlops.drift.NumericSummary;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference profile a bundle stores as profile.json: what it holds, round trips, refusals. */
class BundleProfileTest {

    @TempDir
    Path tmp;

    /** The rows of {@code rows} as raw records. */
    private static List<Map<String, Object>> records(Dataset data, int[] rows) {
        return BundleFixtures.records(data.select(rows));
    }

    @Test
    void from_withData_profilesTheTrainingRowsAndThePredictionsOnThem() throws Exception {
        ModelSpec spec = iris("logistic-regression", "{}");
        Dataset data = BundleFixtures.data(spec);
        TrainedModel trained = new ModelTrainer(BUILD_TIME).train(spec, data);
        ModelBundle bundle = ModelBundle.from(trained, data, METADATA);
        ReferenceProfile profile = bundle.profile().orElseThrow();

        int[] rows = trained.split().trainAndValidation();
        assertEquals(120, rows.length);
        assertEquals(120, profile.rows());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                profile.features().stream().map(FeatureProfile::name).toList());
        // a feature's summary is that of its training values: every one is in the sample
        double[] petal = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            petal[i] = (Double) data.feature("petal_length").value(rows[i]);
        }
        Arrays.sort(petal);
        NumericSummary summary = profile.feature("petal_length").orElseThrow().numeric();
        assertArrayEquals(petal, summary.sample());
        assertEquals(bundle.signature().inputs().get(2).min(), summary.min());

        // the prediction column: the model's class shares on the same rows
        FeatureProfile prediction = profile.prediction();
        assertEquals("prediction", prediction.name());
        assertEquals(ColumnKind.CATEGORICAL, prediction.kind());
        Map<String, Long> expected = new TreeMap<>();
        for (Prediction p : ModelBundleTest.predict(bundle, Engine.TRIBUO, records(data, rows))) {
            expected.merge(p.label(), 1L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (CategoryCount c : prediction.categorical().categories()) {
            actual.put(c.value(), c.count());
        }
        assertEquals(expected, actual);
        assertEquals(120, actual.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void from_regression_profilesPredictedValues() throws Exception {
        ModelSpec spec = housing("linear-sgd", "{epochs: 3}");
        Dataset data = BundleFixtures.data(spec);
        TrainedModel trained = new ModelTrainer(BUILD_TIME).train(spec, data);
        ModelBundle bundle = ModelBundle.from(trained, data, METADATA);
        NumericSummary summary = bundle.profile().orElseThrow().prediction().numeric();

        int[] rows = trained.split().trainAndValidation();
        double[] predicted = ModelBundleTest.predict(bundle, Engine.TRIBUO, records(data, rows)).stream()
                .mapToDouble(Prediction::value).sorted().toArray();
        assertEquals(rows.length, summary.count());
        assertEquals(predicted[0], summary.min());
        assertEquals(predicted[predicted.length - 1], summary.max());
        assertEquals(Arrays.stream(predicted).average().orElseThrow(), summary.mean(), 1e-9 * Math.abs(summary.mean()));
        // numpy's linear quantile at 0.5 of an even count: the mean of the two middle values
        int mid = predicted.length / 2;
        double median = predicted.length % 2 == 0 ? (predicted[mid - 1] + predicted[mid]) / 2 : predicted[mid];
        assertEquals(median, summary.quantiles().get(3).value(), 1e-9 * Math.abs(median));
        // a missing total_bedrooms is missing in the profile too, not the imputed value
        assertTrue(bundle.profile().orElseThrow().feature("total_bedrooms").orElseThrow().missing() > 0);
    }

    @Test
    void writeAndLoad_directoryAndZip_keepTheProfile() throws Exception {
        ModelBundle bundle = BundleFixtures.bundleWithProfile(iris("cart", "{}"));
        Path dir = tmp.resolve("dir");
        Path zip = tmp.resolve("b" + ModelBundle.EXTENSION);
        bundle.write(dir);
        bundle.writeZip(zip);
        for (Path path : List.of(dir, zip)) {
            ModelBundle loaded = ModelBundle.load(path);
            // records holding arrays compare by identity: compare the JSON
            assertEquals(bundle.profile().orElseThrow().toJson(), loaded.profile().orElseThrow().toJson());
            assertArrayEquals(bundle.file("profile.json"), loaded.file("profile.json"));
            assertTrue(loaded.manifest().files().containsKey("profile.json"), "hashed in the manifest like every file");
        }
        String json = new String(bundle.file("profile.json"), StandardCharsets.UTF_8);
        assertTrue(json.endsWith("}\n") && !json.contains("\r"), "\\n line ends and a final newline");
    }

    @Test
    void from_withoutData_hasNoProfile_andSuchBundlesLoad() throws Exception {
        ModelSpec spec = iris("cart", "{}");
        ModelBundle bundle = ModelBundle.from(BundleFixtures.trained(spec), METADATA);
        assertTrue(bundle.profile().isEmpty());
        assertTrue(!bundle.fileNames().contains("profile.json"));
        bundle.write(tmp);
        assertTrue(ModelBundle.load(tmp).profile().isEmpty());
    }

    @Test
    void from_otherDataSet_isRefused() throws Exception {
        ModelSpec spec = iris("cart", "{}");
        Dataset other = BundleFixtures.data(housing("cart", "{}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.from(BundleFixtures.trained(spec), other, METADATA));
        assertTrue(e.getMessage().contains("give the data set it was trained on"), e.getMessage());
    }

    @Test
    void load_profileOfOtherFeatures_isRefusedNamingTheFile() throws Exception {
        ModelBundle bundle = BundleFixtures.bundleWithProfile(iris("cart", "{}"));
        ReferenceProfile other = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("age", new double[] {1, 2, 3}))
                .withPrediction(FeatureColumn.categorical("prediction", new String[] {"a", "b", "a"})));
        // consistently re-hashed, so only the content check can refuse it
        BundleException e = assertThrows(BundleException.class,
                () -> reassemble(bundle, (other.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("profile.json", e.file());
        assertTrue(e.getMessage().contains("profile.json profiles [age (numeric)] but the model's inputs are [sepal_length"
                + " (numeric), sepal_width (numeric), petal_length (numeric), petal_width (numeric)]"), e.getMessage());

        BundleException broken = assertThrows(BundleException.class,
                () -> reassemble(bundle, "{\"formatVersion\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("profile.json", broken.file());
        assertTrue(broken.getMessage().startsWith("profile.json is not a valid reference profile: "), broken.getMessage());
    }

    @Test
    void predictionName_stepsAsideForAFeatureOfThatName() {
        assertEquals("prediction", BundleProfile.predictionName(Set.of("text")));
        assertEquals("__prediction", BundleProfile.predictionName(Set.of("prediction", "_prediction")));
    }

    private static ModelBundle reassemble(ModelBundle bundle, byte[] profile) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : new ArrayList<>(bundle.fileNames())) {
            if (!name.equals(BundleManifest.FILE)) {
                files.put(name, bundle.file(name));
            }
        }
        files.put(BundleProfile.FILE, profile);
        return ModelBundle.assemble(bundle.name(), bundle.version(), bundle.manifest().onnx(), files);
    }
}
