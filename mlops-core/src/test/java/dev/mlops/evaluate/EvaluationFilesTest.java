package dev.mlops.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationFilesTest {

    @TempDir
    Path dir;

    /** Labels that need CSV quoting; 4 rows with probabilities. */
    static ClassificationEvaluation small() {
        return ClassificationEvaluation.of(List.of("cat", "dog,big", "say \"hi\""),
                new int[] {0, 1, 2, 1}, new int[] {0, 2, 2, 1},
                new double[][] {{0.8, 0.15, 0.05}, {0.1, 0.3, 0.6}, {0.0, 0.25, 0.75}, {0.2, 0.7, 0.1}});
    }

    @Test
    void write_classification_exactFiles() throws IOException {
        EvaluationFiles.write(dir, small(), List.of("r1", "r,2", "r3", "r4"));
        // values checked against scikit-learn 1.2.1 (log_loss, roc_auc_score(multi_class="ovr"), f1_score ...)
        assertEquals("""
                {
                  "accuracy": 0.75,
                  "balanced_accuracy": 0.8333333333333334,
                  "precision_macro": 0.8333333333333334,
                  "precision_weighted": 0.875,
                  "precision_micro": 0.75,
                  "recall_macro": 0.8333333333333334,
                  "recall_weighted": 0.75,
                  "recall_micro": 0.75,
                  "f1_macro": 0.7777777777777777,
                  "f1_weighted": 0.7499999999999999,
                  "f1_micro": 0.75,
                  "log_loss": 0.5178683430076648,
                  "roc_auc_ovr": 1.0,
                  "per_class": {
                    "cat": {
                      "precision": 1.0,
                      "recall": 1.0,
                      "f1": 1.0,
                      "support": 1
                    },
                    "dog,big": {
                      "precision": 1.0,
                      "recall": 0.5,
                      "f1": 0.6666666666666666,
                      "support": 2
                    },
                    "say \\\"hi\\\"": {
                      "precision": 0.5,
                      "recall": 1.0,
                      "f1": 0.6666666666666666,
                      "support": 1
                    }
                  }
                }
                """, read("metrics.json"));
        assertEquals(lines(
                "id,actual,predicted,p_cat,\"p_dog,big\",\"p_say \"\"hi\"\"\"",
                "r1,cat,cat,0.8,0.15,0.05",
                "\"r,2\",\"dog,big\",\"say \"\"hi\"\"\",0.1,0.3,0.6",
                "r3,\"say \"\"hi\"\"\",\"say \"\"hi\"\"\",0.0,0.25,0.75",
                "r4,\"dog,big\",\"dog,big\",0.2,0.7,0.1"), read("predictions.csv"));
        assertEquals(lines(
                "actual\\predicted,cat,\"dog,big\",\"say \"\"hi\"\"\"",
                "cat,1,0,0",
                "\"dog,big\",0,1,1",
                "\"say \"\"hi\"\"\",0,0,1"), read("confusion_matrix.csv"));
    }

    @Test
    void write_withoutProbabilitiesOrIds_rowIndicesAndNoProbabilityColumns() throws IOException {
        EvaluationFiles.write(dir, ClassificationEvaluation.of(List.of("no", "yes"), new int[] {1, 0}, new int[] {1, 1}, null));
        assertEquals("id,actual,predicted\n0,yes,yes\n1,no,yes\n", read("predictions.csv"));
        assertFalse(read("metrics.json").contains("log_loss"));
    }

    @Test
    void write_regression_exactFiles() throws IOException {
        RegressionEvaluation e = RegressionEvaluation.of(new double[] {0.0, 12345678.9, -0.5, 1e-7}, new double[] {0.1, 12345670.0, -0.25, 3e-7});
        EvaluationFiles.write(dir, e, List.of("a", "b", "c", "d"));
        assertEquals("""
                id,actual,predicted
                a,0.0,0.1
                b,1.23456789E7,1.234567E7
                c,-0.5,-0.25
                d,1.0E-7,3.0E-7
                """, read("predictions.csv"));
        // values checked against scikit-learn 1.2.1; mape is 112589990684263.03 there
        assertEquals("""
                {
                  "rmse": 4.452036051253153,
                  "mse": 19.820625001657767,
                  "mae": 2.3125000500931323,
                  "r2": 0.9999999999993064,
                  "explained_variance": 0.9999999999994663,
                  "max_error": 8.900000000372529,
                  "mape": 1.1258999068426303E14
                }
                """, read("metrics.json"));
        assertFalse(Files.exists(dir.resolve("confusion_matrix.csv")));
    }

    @Test
    void write_metricsReadBackAsTheSameDoubles() throws IOException {
        ClassificationEvaluation e = ClassificationEvaluationTest.iris();
        EvaluationFiles.write(dir, e);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        for (Map.Entry<String, Double> metric : e.aggregateMetrics().entrySet()) {
            assertEquals(metric.getValue(), json.get(metric.getKey()).doubleValue(), 0.0, metric.getKey());
        }
        assertEquals(e.aggregateMetrics().size() + 1, json.size());
        JsonNode versicolor = json.get("per_class").get("versicolor");
        assertEquals(e.perClass().get("versicolor").f1(), versicolor.get("f1").doubleValue(), 0.0);
        assertEquals(50, versicolor.get("support").intValue());
        assertTrue(versicolor.get("support").isInt());
        List<String> lines = Files.readAllLines(dir.resolve("predictions.csv"));
        assertEquals(151, lines.size());
        String[] first = lines.get(1).split(",");
        assertArrayEquals(e.probabilities()[0], new double[] {
                Double.parseDouble(first[3]), Double.parseDouble(first[4]), Double.parseDouble(first[5])});
    }

    @Test
    void write_undefinedMetric_writtenAsNull() throws IOException {
        ClassificationEvaluation oneClass = ClassificationEvaluationTest.binary().restrictTo(new int[] {0, 2});
        EvaluationFiles.write(dir, oneClass);
        assertTrue(new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("roc_auc").isNull());
        assertTrue(read("metrics.json").contains("\"roc_auc\": null,\n"));
    }

    @Test
    void write_twice_sameBytes() throws IOException {
        ClassificationEvaluation e = ClassificationEvaluationTest.iris();
        EvaluationFiles.write(dir.resolve("one"), e);
        EvaluationFiles.write(dir.resolve("two"), e.restrictTo(java.util.stream.IntStream.range(0, 150).toArray()));
        for (String file : List.of("metrics.json", "predictions.csv", "confusion_matrix.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(file)),
                    Files.readAllBytes(dir.resolve("two").resolve(file)), file);
        }
    }

    @Test
    void write_replacesExistingFilesAndLeavesNoTemporaries() throws IOException {
        Files.writeString(dir.resolve("metrics.json"), "old");
        EvaluationFiles.write(dir, small());
        assertTrue(read("metrics.json").startsWith("{\n  \"accuracy\": 0.75,"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("confusion_matrix.csv", "metrics.json", "predictions.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void write_badIds_rejectedBeforeWriting() {
        assertEquals("ids has 1 entries but the evaluation has 4 rows; give one id per row",
                assertThrows(IllegalArgumentException.class,
                        () -> EvaluationFiles.write(dir, small(), List.of("x"))).getMessage());
        assertEquals("ids[1] is null; every row needs an id",
                assertThrows(IllegalArgumentException.class,
                        () -> EvaluationFiles.write(dir, small(), java.util.Arrays.asList("a", null, "c", "d"))).getMessage());
        assertFalse(Files.exists(dir.resolve("metrics.json")));
    }

    @Test
    void csv_quotesOnlyWhenNeeded() {
        assertEquals("plain text", EvaluationFiles.csv("plain text"));
        assertEquals("\"a,b\"", EvaluationFiles.csv("a,b"));
        assertEquals("\"line\nbreak\"", EvaluationFiles.csv("line\nbreak"));
        assertEquals("\"\"\"q\"\"\"", EvaluationFiles.csv("\"q\""));
        assertEquals("\"\"", EvaluationFiles.csv(""));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }
}
