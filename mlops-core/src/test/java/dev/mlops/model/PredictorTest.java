package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.housing;
import static dev.mlops.model.BundleFixtures.iris;
import static dev.mlops.model.BundleFixtures.irisRecord;
import static dev.mlops.model.BundleFixtures.records;
import static dev.mlops.model.BundleFixtures.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.features.InvalidRecordException;
import dev.mlops.train.TrainedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PredictorTest {

    static ModelBundle irisBundle;
    static TrainedModel housingTrained;
    static ModelBundle housingBundle;

    @BeforeAll
    static void bundles() throws Exception {
        irisBundle = ModelBundle.from(train(iris("logistic-regression", "{}")), METADATA);
        housingTrained = train(housing("linear-sgd", "{epochs: 5}"));
        housingBundle = ModelBundle.from(housingTrained, METADATA);
    }

    private static Map<String, Object> housingRecord() {
        Map<String, Object> r = new LinkedHashMap<>(records(housingTrained.testData()).get(0));
        r.put("ocean_proximity", "INLAND");
        return r;
    }

    private static InvalidRecordException refused(Engine engine, Map<String, ?> record) {
        try (Predictor p = irisBundle.predictor(engine)) {
            return assertThrows(InvalidRecordException.class, () -> p.predict(record));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predict_missingField_isRefusedNamingIt(Engine engine) {
        Map<String, Object> r = irisRecord(5.1, 3.5, 1.4, 0.2);
        r.remove("petal_width");
        InvalidRecordException e = refused(engine, r);
        assertEquals("petal_width", e.field());
        assertEquals("field 'petal_width' is required (a number)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predict_extraField_isRefusedWithSuggestion(Engine engine) {
        Map<String, Object> r = irisRecord(5.1, 3.5, 1.4, 0.2);
        r.put("petal_widht", 0.3);
        InvalidRecordException e = refused(engine, r);
        assertEquals("petal_widht", e.field());
        assertTrue(e.getMessage().startsWith("unknown field 'petal_widht'") && e.getMessage().contains("petal_width"),
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predict_wrongTypeNaNOrInfinity_isRefused(Engine engine) {
        Map<String, Object> text = irisRecord(5.1, 3.5, 1.4, 0.2);
        text.put("sepal_length", "5.1");
        assertEquals("field 'sepal_length' must be a number, got text (5.1)", refused(engine, text).getMessage());
        Map<String, Object> bool = irisRecord(5.1, 3.5, 1.4, 0.2);
        bool.put("sepal_length", true);
        assertEquals("field 'sepal_length' must be a number, got a boolean (true)", refused(engine, bool).getMessage());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Map<String, Object> r = irisRecord(5.1, 3.5, 1.4, bad);
            assertEquals("field 'petal_width' must be a finite number, got " + bad, refused(engine, r).getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predictBatch_badRecord_namesItsIndex(Engine engine) {
        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(irisRecord(5.1, 3.5, 1.4, 0.2));
        batch.add(irisRecord(6.1, 2.8, 4.7, Double.NaN));
        try (Predictor p = irisBundle.predictor(engine)) {
            InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> p.predictBatch(batch));
            assertEquals("record 1: field 'petal_width' must be a finite number, got NaN", e.getMessage());
            assertEquals("petal_width", e.field());
            List<Map<String, Object>> withNull = new ArrayList<>();
            withNull.add(null);
            assertEquals("record 0 is null", assertThrows(IllegalArgumentException.class,
                    () -> p.predictBatch(withNull)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.predict(null));
            assertEquals(List.of(), p.predictBatch(List.of()));
        }
    }

    /** An unseen category encodes as all zeros of its one-hot columns: the same as a record without any category. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void predict_unseenCategory_isAllZerosOfItsOneHot(Engine engine) {
        Map<String, Object> unseen = housingRecord();
        unseen.put("ocean_proximity", "ON THE MOON");
        assertFalse(housingBundle.signature().preprocessing().encode(unseen).toString().contains("ocean_proximity"));
        try (Predictor p = housingBundle.predictor(engine)) {
            double inland = p.predict(housingRecord()).value();
            double moon = p.predict(unseen).value();
            assertTrue(Double.isFinite(moon));
            assertTrue(Math.abs(moon - inland) > 1.0, "the category matters: " + moon + " vs " + inland);
        }
        // the two engines agree on it
        try (Predictor t = housingBundle.predictor(Engine.TRIBUO); Predictor o = housingBundle.predictor(Engine.ONNX)) {
            assertEquals(t.predict(unseen).value(), o.predict(unseen).value(), Math.abs(t.predict(unseen).value()) * 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predict_missingNumericWithImputation_usesTrainingMedian(Engine engine) {
        Map<String, Object> missing = housingRecord();
        missing.remove("total_bedrooms");
        Map<String, Object> filled = housingRecord();
        Signature.Input bedrooms = housingBundle.signature().inputs().stream()
                .filter(i -> i.name().equals("total_bedrooms")).findFirst().orElseThrow();
        assertFalse(bedrooms.required());
        filled.put("total_bedrooms", bedrooms.fill());
        try (Predictor p = housingBundle.predictor(engine)) {
            assertEquals(p.predict(filled), p.predict(missing));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predictBatch_equalsOneAtATime(Engine engine) {
        List<Map<String, Object>> records = records(housingTrained.testData());
        try (Predictor p = housingBundle.predictor(engine)) {
            List<Prediction> batch = p.predictBatch(records);
            for (int i = 0; i < records.size(); i++) {
                assertSame(engine, batch.get(i), p.predict(records.get(i)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void predictor_isThreadSafe(Engine engine) throws Exception {
        List<Map<String, Object>> records = records(housingTrained.testData());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Predictor p = housingBundle.predictor(engine)) {
            List<Prediction> expected = p.predictBatch(records);
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        int i = (offset * 7 + round) % records.size();
                        assertSame(engine, expected.get(i), p.predict(records.get(i)));
                        if (!expected.equals(p.predictBatch(records))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertTrue(run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Exactly equal on one engine; AUTO answers single records on Tribuo and batches on ONNX, equal within float32. */
    private static void assertSame(Engine engine, Prediction batch, Prediction single) {
        if (engine != Engine.AUTO) {
            assertEquals(batch, single);
        } else {
            assertEquals(batch.value(), single.value(), Math.abs(single.value()) * 1e-5);
        }
    }

    @Test
    void autoPredictor_routesByBatchSize() {
        List<Map<String, Object>> records = records(housingTrained.testData());
        try (Predictor auto = housingBundle.predictor(Engine.AUTO);
             Predictor tribuo = housingBundle.predictor(Engine.TRIBUO);
             Predictor onnx = housingBundle.predictor(Engine.ONNX)) {
            List<Map<String, Object>> small = records.subList(0, RoutingPredictor.ONNX_BATCH - 1);
            List<Map<String, Object>> large = records.subList(0, RoutingPredictor.ONNX_BATCH);
            assertEquals(tribuo.predictBatch(small), auto.predictBatch(small));
            assertEquals(onnx.predictBatch(large), auto.predictBatch(large));
            assertEquals(tribuo.predict(records.get(3)), auto.predict(records.get(3)));
        }
    }

    @Test
    void onnxPredictor_afterClose_isRefused() {
        Predictor p = irisBundle.predictor(Engine.ONNX);
        p.close();
        assertThrows(IllegalStateException.class, () -> p.predict(irisRecord(5.1, 3.5, 1.4, 0.2)));
        p.close(); // twice is harmless
    }

    @Test
    void predictor_withoutOnnx_saysWhy() throws Exception {
        ModelBundle forest = ModelBundle.from(train(iris("random-forest", "{trees: 3}")), METADATA);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> forest.predictor(Engine.ONNX));
        assertTrue(e.getMessage().contains("has no ONNX model: Tribuo 4.3.2 has no ONNX export for TreeModel (ensemble member)"),
                e.getMessage());
    }

    @Test
    void prediction_probabilities_areInLabelOrderAndImmutable() {
        try (Predictor p = irisBundle.predictor(Engine.ONNX)) {
            Prediction x = p.predict(irisRecord(6.3, 3.3, 6.0, 2.5));
            assertEquals("virginica", x.label());
            assertEquals(List.of("setosa", "versicolor", "virginica"), List.copyOf(x.probabilities().keySet()));
            assertThrows(UnsupportedOperationException.class, () -> x.probabilities().put("x", 1.0));
            Map<String, Double> copy = new HashMap<>(x.probabilities());
            assertEquals(copy, x.probabilities());
            assertThrows(IllegalArgumentException.class, () -> x.probability("rose"));
        }
    }
}
