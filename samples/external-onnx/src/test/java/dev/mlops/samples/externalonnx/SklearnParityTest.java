package dev.mlops.samples.externalonnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ExternalOnnxModel;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import dev.mlops.train.ModelSpecReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime, through a saved and reloaded model bundle, reproduces scikit-learn's own predictions
 * on every test row: {@code sklearn_test_predictions.csv} holds each row of {@code data/test.csv}
 * with {@code GradientBoostingRegressor.predict}'s value, written by
 * {@code src/main/python/train_and_export.py}. The records are raw, as a client sends them
 * (missing {@code total_bedrooms} left out, {@code ocean_proximity} as text), so the bundle's
 * imputation and one-hot encoding are part of what is checked.
 */
class SklearnParityTest {

    private static final List<String> NUMERIC = List.of("longitude", "latitude", "housing_median_age", "total_rooms",
            "total_bedrooms", "population", "households", "median_income");

    @Test
    void onnxRuntimeReproducesScikitLearn(@TempDir Path dir) throws IOException {
        ModelBundle wrapped = ExternalOnnxModel.bundle(ModelSpecReader.read(Path.of("src/main/mlops/model.yaml")),
                Path.of(""), BundleMetadata.of("test", Instant.EPOCH));
        wrapped.write(dir);
        List<Map<String, Object>> records = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        int missing = readReference(records, expected);

        List<Prediction> predicted;
        try (Predictor onnx = ModelBundle.load(dir).predictor()) {
            predicted = onnx.predictBatch(records);
        }
        assertEquals(4128, predicted.size());
        assertEquals(207, missing, "test rows without total_bedrooms");
        double worst = 0;
        for (int i = 0; i < predicted.size(); i++) {
            double sklearn = expected.get(i);
            // relative, as the parity check measures regression values; the split decisions are identical
            // (thresholds rounded down), what differs is ONNX Runtime's float32 sum of 300 leaf weights
            double error = Math.abs(predicted.get(i).value() - sklearn) / Math.max(1, Math.abs(sklearn));
            worst = Math.max(worst, error);
            assertTrue(error <= 1e-5, "row " + (i + 1) + " " + records.get(i) + ": ONNX Runtime "
                    + predicted.get(i).value() + ", scikit-learn " + sklearn);
        }
        System.out.printf("largest relative difference ONNX Runtime vs scikit-learn: %.3g%n", worst);
        assertTrue(worst > 0, "float32 and float64 sums should differ somewhere; is the reference stale?");
    }

    /** Reads the reference rows as raw records; returns how many lack total_bedrooms. */
    private static int readReference(List<Map<String, Object>> records, List<Double> expected) throws IOException {
        int missing = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SklearnParityTest.class.getResourceAsStream("/sklearn_test_predictions.csv"), StandardCharsets.UTF_8))) {
            List<String> header = List.of(in.readLine().split(","));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // no quoted fields in this file: ocean_proximity values have spaces and '<' but no commas
                String[] cells = line.split(",", -1);
                Map<String, Object> record = new HashMap<>();
                for (String column : NUMERIC) {
                    String cell = cells[header.indexOf(column)];
                    if (cell.isEmpty()) {
                        missing++;
                    } else {
                        record.put(column, Double.parseDouble(cell));
                    }
                }
                record.put("ocean_proximity", cells[header.indexOf("ocean_proximity")]);
                records.add(record);
                expected.add(Double.parseDouble(cells[header.indexOf("sklearn_prediction")]));
            }
        }
        return missing;
    }
}
