package dev.mlops.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.model.BundleException;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer: {type: custom, class: ...}}. A custom trainer that configures a Tribuo trainer
 * exactly as a built-in algorithm does must give the very same model bytes and metrics: that pins
 * the custom path (parameters, seed, input and target scaling) to the built-in one.
 */
class CustomTrainerTest {

    static final Path DATA = ModelTrainerTest.DATA;
    static final String SAMPLES = SampleTrainers.class.getName() + "$";

    static ModelSpec iris(String trainer) {
        return ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: %s
                """.formatted(trainer));
    }

    static String custom(String sample, String params) {
        return "{type: custom, class: '" + SAMPLES + sample + "', seed: 7, params: " + params + "}";
    }

    static byte[] bytes(TrainedModel m) {
        return m.model().serialize().toByteArray();
    }

    @Test
    void train_customCart_sameModelAsBuiltInCart() throws Exception {
        TrainedModel custom = new ModelTrainer().train(iris(custom("Cart", "{depth: 2}")), DATA);
        TrainedModel builtIn = new ModelTrainer().train(iris("{type: cart, seed: 7, params: {max_depth: 2}}"), DATA);
        assertArrayEquals(bytes(builtIn), bytes(custom));
        assertEquals(builtIn.evaluation().asMap(), custom.evaluation().asMap());
        assertEquals(Algorithm.CUSTOM, custom.algorithm());
        assertEquals(Map.of("depth", 2), custom.hyperparameters());
        assertEquals(SAMPLES + "Cart", custom.trainer().className());
        assertEquals("custom(" + SAMPLES + "Cart){depth=2}", custom.trainer().describe());
    }

    @Test
    void train_customTrainerWantsScaledInputs_sameModelAsBuiltInLogisticRegression() throws Exception {
        TrainedModel builtIn = new ModelTrainer().train(iris("{type: logistic-regression, seed: 7}"), DATA);
        TrainedModel scaled = new ModelTrainer().train(iris(custom("Logistic", "{}")), DATA);
        TrainedModel unscaled = new ModelTrainer().train(iris(custom("UnscaledLogistic", "{}")), DATA);
        assertArrayEquals(bytes(builtIn), bytes(scaled));
        assertFalse(java.util.Arrays.equals(bytes(builtIn), bytes(unscaled)), "inputs are scaled only when asked");
    }

    @Test
    void train_customRegressionWantsScaledTarget_sameModelAsBuiltInLinearSgd(@TempDir Path dir) throws Exception {
        // y = 1000 x + 50000 + deterministic wiggle: large targets that SGD needs standardised.
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            double x = i / 10.0;
            csv.append(String.format(Locale.ROOT, "%.1f,%.1f%n", x, 1000 * x + 50000 + (i * 37 % 11) * 10));
        }
        Files.writeString(dir.resolve("line.csv"), csv);
        String spec = """
                name: line
                task: regression
                dataset: {file: line.csv, target: y}
                trainer: %s
                """;
        TrainedModel builtIn = new ModelTrainer().train(ModelSpecReader.parse("line.yaml",
                spec.formatted("{type: linear-sgd, seed: 7}")), dir);
        TrainedModel custom = new ModelTrainer().train(ModelSpecReader.parse("line.yaml",
                spec.formatted(custom("LinearRegression", "{}"))), dir);
        assertArrayEquals(bytes(builtIn), bytes(custom));
        assertEquals(builtIn.evaluation().asMap(), custom.evaluation().asMap());
        assertTrue(custom.evaluation().metric("r2") > 0.99, custom.evaluation().asMap().toString());
    }

    @Test
    void train_sweepGridOverCustomParams_triesEachAndKeepsTheClass() throws Exception {
        ModelSpec spec = iris(custom("Cart", "{depth: 1}")).withSweep(new SweepSpec("accuracy",
                Map.of("depth", List.of(1, 3)), List.of(TrainerSpec.of("knn", Map.of()))));
        TrainedModel m = new ModelTrainer().train(spec, DATA);
        assertEquals(3, m.sweep().size());
        assertEquals(Map.of("depth", 1), m.sweep().get(0).hyperparameters());
        assertEquals(Map.of("depth", 3), m.sweep().get(1).hyperparameters());
        assertEquals(SAMPLES + "Cart", m.sweep().get(1).trainer().className());
        // A depth-1 tree separates only setosa: at most 2/3 of the validation rows are right.
        assertTrue(m.sweep().get(0).score() < 0.7, String.valueOf(m.sweep().get(0).score()));
        assertTrue(m.sweep().get(1).score() > 0.9, String.valueOf(m.sweep().get(1).score()));
    }

    @Test
    void bundle_customModel_roundTripsWithOnnxWhenTribuoExportsIt() throws Exception {
        TrainedModel m = new ModelTrainer().train(iris(custom("Logistic", "{}")), DATA);
        ModelBundle bundle = ModelBundle.from(m, new BundleMetadata("1.0.0", Instant.EPOCH, null));
        ModelBundle loaded = ModelBundle.load(writeZip(bundle));
        assertTrue(loaded.hasOnnx());
        assertEquals("custom", loaded.info().model().algorithm());
        assertEquals(SAMPLES + "Logistic", loaded.spec().trainer().className());
        assertEquals(m.evaluation().metric("accuracy"), loaded.metrics().get("accuracy"));

        TrainedModel tree = new ModelTrainer().train(iris(custom("Cart", "{}")), DATA);
        assertFalse(ModelBundle.load(writeZip(ModelBundle.from(tree, new BundleMetadata("1.0.0", Instant.EPOCH, null))))
                .hasOnnx(), "Tribuo exports no trees to ONNX; the bundle still holds the Tribuo model");
    }

    @TempDir
    Path tmp;

    private Path writeZip(ModelBundle bundle) throws Exception {
        Path zip = tmp.resolve(System.nanoTime() + ModelBundle.EXTENSION);
        bundle.writeZip(zip);
        return zip;
    }

    @Test
    void bundle_customModelOfAClassBundlesDoNotLoad_refusedWhenBundling() throws Exception {
        TrainedModel m = new ModelTrainer().train(iris(custom("MostFrequent", "{}")), DATA);
        assertEquals(10.0 / 30, m.evaluation().metric("accuracy"), 1e-12, "most frequent label on a stratified 30-row test");
        BundleException e = assertThrows(BundleException.class,
                () -> ModelBundle.from(m, new BundleMetadata("1.0.0", Instant.EPOCH, null)));
        assertTrue(e.getMessage().startsWith("cannot bundle org.tribuo.classification.baseline.DummyClassifierModel"
                + " (made by trainer.class " + SAMPLES + "MostFrequent): model.tribuo names class"), e.getMessage());
    }

    @Test
    void spec_classRoundTripsThroughYaml() {
        ModelSpec spec = iris(custom("Cart", "{depth: 2, note: [a, b]}"));
        String yaml = ModelSpecReader.write(spec);
        assertTrue(yaml.contains("type: custom\n  class: " + SAMPLES + "Cart\n"), yaml);
        assertEquals(spec, ModelSpecReader.parse("again.yaml", yaml));
    }

    // ------------------------------------------------------------------ errors

    static String failure(String trainer) {
        return assertThrows(RuntimeException.class, () -> new ModelTrainer().train(iris(trainer), DATA)).getMessage();
    }

    @Test
    void errors_missingClass_namesKeyAndValue() {
        assertEquals("trainer.class: class 'com.example.MyTrainr' was not found on the class path; it must be compiled"
                + " with the project (e.g. src/main/java) or come from a dependency, and compiled before training",
                failure("{type: custom, class: com.example.MyTrainr}"));
    }

    @Test
    void errors_classThatCannotBeUsed_saysWhy() {
        assertEquals("trainer.class: 'java.lang.String' does not implement dev.mlops.train.CustomTrainer",
                failure("{type: custom, class: java.lang.String}"));
        assertEquals("trainer.class: '" + SAMPLES + "NeedsArgument' needs a public no-argument constructor",
                failure(custom("NeedsArgument", "{}")));
        assertEquals("trainer.class: '" + SAMPLES + "Abstract' is abstract; name a concrete class",
                failure(custom("Abstract", "{}")));
        assertEquals("trainer.class: '" + SAMPLES + "Hidden' must be a public static class",
                failure(custom("Hidden", "{}")));
        assertEquals("trainer.class: the constructor of '" + SAMPLES + "Broken' failed:"
                + " java.lang.IllegalStateException: no licence key", failure(custom("Broken", "{}")));
        assertEquals("trainer.class: " + SAMPLES + "ReturnsNull.create returned null; it must return a Tribuo trainer",
                failure(custom("ReturnsNull", "{}")));
        String refused = failure(custom("RefusedByTribuo", "{}"));
        assertTrue(refused.startsWith("trainer.class: " + SAMPLES + "RefusedByTribuo.create failed:"
                + " PropertyException: Property: innerTrainer, RandomForestTrainer"
                + " requires that the decision tree innerTrainer have fractional features in split."), refused);
    }

    @Test
    void errors_paramsRefusedByTheClass_reportedBeforeDataIsRead() {
        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: no-such-file.csv, target: species}
                trainer: %s
                """.formatted(custom("Cart", "{depth: deep}")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer().train(spec, DATA));
        assertEquals("trainer.params: " + SAMPLES + "Cart refused them: depth must be a whole number >= 1, was deep",
                e.getMessage());
        assertEquals("trainer.params.depth: no value; give one or leave the key out", failure(custom("Cart", "{depth: null}")));
        assertEquals("sweep.candidates[0].class: class 'x.Y' was not found on the class path; it must be compiled with the"
                + " project (e.g. src/main/java) or come from a dependency, and compiled before training",
                assertThrows(IllegalArgumentException.class, () -> new ModelTrainer().train(iris("{type: cart}")
                        .withSweep(new SweepSpec(null, null, List.of(TrainerSpec.custom("x.Y", Map.of())))), DATA))
                        .getMessage());
    }

    @Test
    void errors_trainerForTheWrongTask_namesTheTask() {
        String message = failure(custom("AlwaysRegression", "{}"));
        assertTrue(message.startsWith("trainer.class: the trainer " + SAMPLES + "AlwaysRegression made"
                + " (org.tribuo.regression.rtree.CARTRegressionTrainer) cannot train classification models (Label outputs)"),
                message);
    }

    @Test
    void errors_classAndTypeMismatch_areSpecErrorsWithLocation() {
        SpecException noClass = assertThrows(SpecException.class, () -> iris("{type: custom}"));
        assertEquals("iris.yaml:4:23: trainer: class is required for type custom: the name of a class implementing"
                + " dev.mlops.train.CustomTrainer, e.g. class: com.example.MyTrainer", noClass.getMessage());
        SpecException wrongType = assertThrows(SpecException.class, () -> iris("{type: cart, class: com.example.X}"));
        assertEquals("iris.yaml:4:43: trainer: class 'com.example.X' is only for type custom, but type is 'cart';"
                + " remove class or set type: custom", wrongType.getMessage());
        SpecException badName = assertThrows(SpecException.class, () -> iris("{type: custom, class: 'com.example.My Trainer'}"));
        assertEquals("iris.yaml:4:56: trainer: class 'com.example.My Trainer' is not a Java class name such as"
                + " com.example.MyTrainer", badName.getMessage());
        SpecException typo = assertThrows(SpecException.class, () -> iris("{type: custom, clas: com.example.X}"));
        assertEquals("iris.yaml:4:25: unknown key 'clas' in trainer; did you mean 'class'? Valid: class, params, seed, type",
                typo.getMessage());
    }

    @Test
    void withClassLoader_looksUpClassesThere() throws Exception {
        String name = SAMPLES + "Cart";
        ClassLoader hiding = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    throw new ClassNotFoundException(className);
                }
                return super.loadClass(className, resolve);
            }
        };
        ModelSpec spec = iris(custom("Cart", "{}"));
        assertTrue(new ModelTrainer().train(spec, DATA).evaluation().metric("accuracy") > 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer().withClassLoader(hiding).train(spec, DATA));
        assertTrue(e.getMessage().startsWith("trainer.class: class '" + name + "' was not found"), e.getMessage());
    }
}
