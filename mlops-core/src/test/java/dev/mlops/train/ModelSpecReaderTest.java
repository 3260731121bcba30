package dev.mlops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.ColumnKind;
import dev.mlops.data.MissingPolicy;
import dev.mlops.data.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecReaderTest {

    static final String FULL = """
            name: housing
            description: California house values
            task: regression
            dataset:
              file: data/housing.csv
              target: median_house_value
              features:
                median_income: numeric
                total_bedrooms: {kind: numeric, missing: impute-median}
                ocean_proximity: categorical
              split: {test_fraction: 0.25, seed: 7}
            trainer:
              type: random-forest
              seed: 3
              params: {trees: 20, max_depth: 6}
            sweep:
              metric: rmse
              grid: {trees: [10, 20]}
              candidates:
                - {type: elastic-net, params: {alpha: 0.1}}
            """;

    @Test
    void parse_fullSpec() {
        ModelSpec spec = ModelSpecReader.parse("model.yaml", FULL);
        assertEquals("housing", spec.name());
        assertEquals(Task.REGRESSION, spec.task());
        assertEquals(List.of("median_income", "total_bedrooms", "ocean_proximity"), List.copyOf(spec.dataset().features().keySet()));
        assertEquals(ColumnKind.NUMERIC, spec.dataset().features().get("median_income").kind());
        assertEquals(MissingPolicy.IMPUTE_MEDIAN, spec.dataset().features().get("total_bedrooms").missing());
        assertEquals(0.25, spec.dataset().split().testFraction());
        assertEquals(0.2, spec.dataset().split().validationFraction());
        assertEquals(3L, spec.trainer().seed());
        assertEquals(3, spec.sweep().expand(spec.trainer()).size());
        assertEquals(Map.of("trees", 10, "max_depth", 6), spec.sweep().expand(spec.trainer()).get(0).params());
    }

    @Test
    void write_roundTrips() {
        ModelSpec spec = ModelSpecReader.parse("model.yaml", FULL);
        assertEquals(spec, ModelSpecReader.parse("again.yaml", ModelSpecReader.write(spec)));
    }

    @Test
    void typo_namesLineKeyAndNearestKey() {
        SpecException e = assertThrows(SpecException.class, () -> ModelSpecReader.parse("model.yaml", FULL.replace("trainer:", "trainr:")));
        assertTrue(e.getMessage().startsWith("model.yaml:12:1: "), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'trainr'; did you mean 'trainer'?"), e.getMessage());
    }

    @Test
    void nestedTypo_namesThePath() {
        SpecException e = assertThrows(SpecException.class, () -> ModelSpecReader.parse("model.yaml",
                FULL.replace("test_fraction", "test_fracton")));
        assertTrue(e.getMessage().contains("unknown key 'test_fracton' in dataset.split; did you mean 'test_fraction'?"),
                e.getMessage());
    }

    @Test
    void badValues_areExplained() {
        assertMessage(FULL.replace("task: regression", "task: regresion"),
                "unknown task 'regresion'; did you mean 'regression'?");
        assertMessage(FULL.replace("missing: impute-median", "missing: impute-medain"),
                "unknown missing-value policy 'impute-medain'; did you mean 'impute-median'?");
        assertMessage(FULL.replace("test_fraction: 0.25", "test_fraction: 1.5"),
                "dataset.split: test_fraction must be between 0 and 1 (exclusive), was 1.5");
        assertMessage(FULL.replace("name: housing", "name: ../evil"), "name must be 1 to 128 letters");
        assertMessage("name: x\ntask: classification\n", "dataset is required");
        assertMessage(FULL.replace("split: {test_fraction: 0.25, seed: 7}", "split: [1, 2]"), "dataset.split: wrong shape of value: expected a mapping");
        assertMessage("name: 'unclosed\n", "not valid YAML");
    }

    @Test
    void trainerProblems_areFoundBeforeTraining() throws Exception {
        ModelSpec unknownType = ModelSpecReader.parse("m.yaml", FULL.replace("type: random-forest", "type: random-forrest"));
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelTrainer().train(unknownType, Path.of("none")));
        assertTrue(e.getMessage().contains("unknown trainer type 'random-forrest'; did you mean 'random-forest'?"), e.getMessage());

        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: random-forest, params: {tres: 10}}
                """);
        e = assertThrows(IllegalArgumentException.class, () -> new ModelTrainer().train(spec, ModelTrainerTest.DATA));
        assertEquals("trainer.params: unknown hyperparameter 'tres' for random-forest; did you mean 'trees'? Valid: trees,"
                + " max_depth, min_child_weight, min_impurity_decrease, impurity, feature_fraction", e.getMessage());

        ModelSpec badValue = ModelSpecReader.parse("iris.yaml", spec.toString().isEmpty() ? "" : """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: random-forest, params: {trees: 0}}
                """);
        e = assertThrows(IllegalArgumentException.class, () -> new ModelTrainer().train(badValue, ModelTrainerTest.DATA));
        assertEquals("trainer.params.trees: 0 is out of range; valid: 1 to 10000", e.getMessage());

        ModelSpec wrongTask = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: elastic-net}
                """);
        e = assertThrows(IllegalArgumentException.class, () -> new ModelTrainer().train(wrongTask, ModelTrainerTest.DATA));
        assertTrue(e.getMessage().startsWith("trainer.type: 'elastic-net' does not do classification"), e.getMessage());
    }

    @Test
    void read_missingFile(@TempDir Path dir) {
        SpecException e = assertThrows(SpecException.class, () -> ModelSpecReader.read(dir.resolve("model.yaml")));
        assertTrue(e.getMessage().endsWith("model.yaml: model spec file not found"), e.getMessage());
    }

    @Test
    void read_file(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.yaml"), FULL);
        assertEquals("housing", ModelSpecReader.read(dir.resolve("model.yaml")).name());
    }

    private static void assertMessage(String yaml, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> ModelSpecReader.parse("model.yaml", yaml));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("model.yaml"), e.getMessage());
    }
}
