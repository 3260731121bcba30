package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.model.BundleException;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Signature;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.serving.ServedModel.InputField;
import dev.mlops.serving.ServedModel.Kind;
import dev.mlops.serving.ServedModel.Result;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles as the server sees them: signature, engines, probe records, registry URIs, refusals. */
class ModelLoaderTest {

    @Test
    void load_directoryZipAndFileUri_predictWhatEvaluationPredicted(@TempDir Path dir) throws Exception {
        Fixtures.Fixture fixture = Fixtures.logisticFixture();
        Path zip = dir.resolve("iris-2.0.0.mlbundle");
        ModelBundle.load(fixture.bundle()).writeZip(zip);
        for (String source : List.of(fixture.bundle().toString(), zip.toString(), zip.toUri().toString())) {
            ModelLoader.Loaded loaded = ModelLoader.load(source, null);
            try (ServedModel model = loaded.model()) {
                assertEquals(source.startsWith("file:") ? zip.toString() : source, loaded.source());
                assertEquals("iris", model.name());
                assertEquals("2.0.0", model.version());
                assertEquals("tribuo+onnxruntime", model.platform());
                assertEquals(List.of("setosa", "versicolor", "virginica"), model.labels());
                assertEquals("species", model.target());
                assertTrue(model.hasProbabilities());
                List<Result> batch = model.predictBatch(fixture.records()); // 30 rows: ONNX Runtime
                for (int i = 0; i < fixture.records().size(); i++) {
                    Result expected = fixture.expected().get(i);
                    Result single = model.predict(fixture.records().get(i)); // Tribuo, as in evaluation
                    assertEquals(expected.label(), single.label());
                    assertEquals(expected.label(), batch.get(i).label());
                    for (int k = 0; k < 3; k++) {
                        assertEquals(expected.probabilities()[k], single.probabilities()[k], 1e-12);
                        assertEquals(expected.probabilities()[k], batch.get(i).probabilities()[k], 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void inputs_comeFromTheSignature() throws Exception {
        Signature signature = ModelBundle.load(Fixtures.housingFixture().bundle()).signature();
        List<InputField> inputs = Fixtures.housingFixture().model().inputs();
        assertEquals(List.of("longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms", "population",
                "households", "median_income", "ocean_proximity"), inputs.stream().map(InputField::name).toList());
        InputField bedrooms = inputs.get(4);
        assertEquals(Kind.NUMERIC, bedrooms.kind());
        assertFalse(bedrooms.required(), "imputed with the median");
        assertEquals(signature.inputs().get(4).min(), bedrooms.min());
        assertEquals(signature.inputs().get(4).max(), bedrooms.max());
        InputField ocean = inputs.get(8);
        assertEquals(Kind.CATEGORICAL, ocean.kind());
        assertTrue(ocean.required());
        // every tenth row of the data has no ISLAND block group
        assertEquals(List.of("<1H OCEAN", "INLAND", "NEAR BAY", "NEAR OCEAN"), ocean.categories());
        assertTrue(ocean.outOfRange("OCEANFRONT"));
        assertFalse(ocean.outOfRange(" INLAND "));
    }

    @Test
    void probes_coverEachNumericRangeAtEveryLevel_cycleCategories_andLeaveOutOptionalFieldsOnce() throws Exception {
        ServedModel model = Fixtures.housingFixture().model();
        List<Map<String, Object>> probes = model.probes();
        assertEquals(ModelLoader.PROBES, probes.size());
        double[] levels = {0, 0.125, 0.25, 0.5, 0.625, 0.75, 0.875, 1};
        for (InputField f : model.inputs()) {
            List<Object> values = new ArrayList<>();
            probes.forEach(p -> values.add(p.get(f.name())));
            if (f.kind() == Kind.NUMERIC) {
                List<Double> fractions = new ArrayList<>();
                for (Object v : values) {
                    if (v != null) {
                        fractions.add(((Double) v - f.min()) / (f.max() - f.min()));
                    }
                }
                fractions.sort(null);
                if (f.required()) {
                    assertEquals(8, fractions.size(), f.name());
                    for (int i = 0; i < 8; i++) {
                        assertEquals(levels[i], fractions.get(i), 1e-12, f.name());
                    }
                } else {
                    assertEquals(7, fractions.size(), "the last probe leaves " + f.name() + " to its fill value");
                    assertFalse(probes.get(7).containsKey(f.name()));
                }
            } else {
                // 4 categories, field index 8: probe i takes category (i + 8) % 4
                assertEquals(List.of("<1H OCEAN", "INLAND", "NEAR BAY", "NEAR OCEAN", "<1H OCEAN", "INLAND", "NEAR BAY",
                        "NEAR OCEAN"), values);
            }
        }
        // the probes differ: every record sits elsewhere in the input space
        assertEquals(8, probes.stream().distinct().count());
        // and score on both engines within the swap's tolerance: the model goes live
        try (ModelServer server = Fixtures.server(model, ModelServer.builder())) {
            assertEquals("housing", server.model().orElseThrow().name());
        }
    }

    @Test
    void housing_servedValuesMatchEvaluation_onBothEngines() {
        Fixtures.Fixture fixture = Fixtures.housingFixture();
        ServedModel model = fixture.model();
        assertEquals("tribuo+onnxruntime", model.platform());
        assertTrue(fixture.records().size() >= 16, "a batch large enough for ONNX Runtime");
        List<Result> batch = model.predictBatch(fixture.records());
        for (int i = 0; i < fixture.records().size(); i++) {
            double expected = fixture.expected().get(i).value();
            assertEquals(expected, model.predict(fixture.records().get(i)).value(), 1e-9 * Math.abs(expected));
            assertEquals(expected, batch.get(i).value(), 1e-5 * Math.abs(expected), "row " + i);
            assertNull(batch.get(i).probabilities());
        }
    }

    @Test
    void load_registryUri_resolvesTheAliasAndVerifiesTheBundle(@TempDir Path dir) throws Exception {
        Path mlruns = dir.resolve("mlruns");
        try (ModelRegistry registry = ModelRegistry.open(mlruns)) {
            registry.register("iris", Fixtures.forestFixture().bundle(), null);
            registry.register("iris", Fixtures.logisticFixture().bundle(), null);
            registry.setAlias("iris", "champion", 1);
        }
        ModelLoader.Loaded champion = ModelLoader.load("models:/iris@champion", mlruns.toString());
        try (ServedModel model = champion.model()) {
            assertEquals("1.0.0", model.version());
            assertEquals("tribuo", model.platform());
            assertTrue(champion.source().startsWith("models:/iris@champion (registered version 1 in file:"),
                    champion.source());
        }
        try (ServedModel latest = ModelLoader.load("models:/iris/latest", mlruns.toString()).model()) {
            assertEquals("2.0.0", latest.version());
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ModelLoader.load("models:/iris@champion", null));
        assertTrue(none.getMessage().startsWith("cannot load 'models:/iris@champion': no model registry is configured"),
                none.getMessage());
    }

    @Test
    void load_missingOrAlteredBundle_isRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> ModelLoader.load(dir.resolve("nothing").toString(), null));
        assertEquals(dir.resolve("nothing") + ": no model bundle (directory or .mlbundle zip) here", missing.getMessage());

        Path copy = Files.createDirectories(dir.resolve("iris"));
        ModelBundle.load(Fixtures.forestFixture().bundle()).write(copy);
        Files.writeString(copy.resolve("metrics.json"), Files.readString(copy.resolve("metrics.json"))
                .replaceFirst("\"accuracy\": [0-9.]+", "\"accuracy\": 1.0"));
        BundleException altered = assertThrows(BundleException.class, () -> ModelLoader.load(copy));
        assertEquals("metrics.json", altered.file());
        assertTrue(altered.getMessage().contains("metrics.json was"), altered.getMessage());

        Path notes = Files.writeString(dir.resolve("notes.mlbundle"), "not a zip");
        assertTrue(ModelLoader.isCandidate(notes));
        assertThrows(BundleException.class, () -> ModelLoader.load(notes));
        assertFalse(ModelLoader.isCandidate(dir.resolve("nothing")));
        assertTrue(ModelLoader.isCandidate(copy));
    }
}
