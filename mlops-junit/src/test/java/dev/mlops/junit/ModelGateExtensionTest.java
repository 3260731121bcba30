package dev.mlops.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.junit.Platforms.Outcome;
import dev.mlops.junit.fixtures.BaselineGates;
import dev.mlops.junit.fixtures.ExternalOnnxGates;
import dev.mlops.junit.fixtures.FluentAssertions;
import dev.mlops.junit.fixtures.Misuse;
import dev.mlops.junit.fixtures.MixedGates;
import dev.mlops.junit.fixtures.PassingGates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Runs the fixture classes through the JUnit Platform test kit and checks every test's outcome. */
class ModelGateExtensionTest {

    /** Outcomes by test name. */
    static Map<String, Outcome> run(Class<?> fixture) {
        Map<String, Outcome> byName = new TreeMap<>();
        for (Outcome o : Platforms.junit5(fixture)) {
            byName.put(o.name(), o);
        }
        return byName;
    }

    static void assertOutcome(Map<String, Outcome> outcomes, String name, String status, String messageStart) {
        Outcome o = outcomes.get(name);
        assertTrue(o != null, "no test named '" + name + "' in " + outcomes.keySet());
        assertEquals(status, o.status(), o.toString());
        if (messageStart != null) {
            assertTrue(o.message() != null && o.message().startsWith(messageStart), o.toString());
        }
    }

    @Test
    void declaredGates_passingGatesPass_andTheReportIsWritten() throws Exception {
        Path report = Path.of("target/mlops/iris-gated/gates.json");
        Files.deleteIfExists(report);
        Map<String, Outcome> outcomes = run(PassingGates.class);
        assertEquals(List.of(
                "accuracy >= 0.8 (observed 0.9)",
                "f1_weighted >= 0.8 (observed 0.8997)",
                "recall.setosa >= 0.9 (observed 1)",
                "robustness: determinism (two runs identical) (observed 0)"), List.copyOf(outcomes.keySet()));
        outcomes.values().forEach(o -> assertEquals("SUCCESSFUL", o.status(), o.toString()));

        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertEquals("iris-gated", json.get("model").asText());
        assertTrue(json.get("passed").asBoolean());
        assertEquals(4, json.get("gates").size());
        assertTrue(Files.readString(report.resolveSibling("gates.md")).contains("| PASS | recall.setosa >= 0.9 | 1 | block |"));
    }

    @Test
    void declaredGates_failWithExplanation_warnPasses_inconclusiveIsSkipped() {
        Map<String, Outcome> outcomes = run(MixedGates.class);
        assertEquals(4, outcomes.size(), outcomes.toString());
        assertOutcome(outcomes, "accuracy >= 0.5 (observed 0.9)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "accuracy >= 0.999 (observed 0.9)", "FAILED",
                "Gate failed: accuracy >= 0.999: accuracy = 0.9 on 30 evaluation rows is below the minimum 0.999 by 0.099");
        assertOutcome(outcomes, "accuracy >= 0.9999 (observed 0.9) [warn: failed]", "SUCCESSFUL", null);
        assertOutcome(outcomes, "f1.virginica >= 0.5", "ABORTED",
                "INCONCLUSIVE f1.virginica >= 0.5: class virginica has 10 of the 30 evaluation rows, fewer than min_rows 50;"
                        + " too few to decide");
    }

    @Test
    void baselineComparisonsAndSlices_declaredAndFluent() {
        Map<String, Outcome> outcomes = run(BaselineGates.class);
        assertEquals(6, outcomes.size(), outcomes.toString());
        outcomes.values().forEach(o -> assertEquals("SUCCESSFUL", o.status(), o.toString()));
        assertTrue(outcomes.containsKey("accuracy gain vs baseline >= 0.2 (observed 0.9 vs baseline 0.6667)"), outcomes.toString());
        assertTrue(outcomes.containsKey("accuracy [2.5 <= petal_length] gain vs baseline >= 0 at 95% confidence"
                + " (observed 0.85 vs baseline 0.5)"), outcomes.toString());
    }

    @Test
    void fluentAssertions_readLikeTheRule() {
        Map<String, Outcome> outcomes = run(FluentAssertions.class);
        assertOutcome(outcomes, "passes(GateSubject)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "robustness(GateSubject)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "fails(GateSubject)", "FAILED",
                "Gate failed: accuracy >= 0.999: accuracy = 0.9 on 30 evaluation rows is below the minimum 0.999 by 0.099");
        assertOutcome(outcomes, "warns(GateSubject)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "inconclusive(GateSubject)", "ABORTED",
                "INCONCLUSIVE accuracy >= 0.5: there are 30 rows, fewer than min_rows 1000; too few to decide");
    }

    @Test
    void misuse_failsSayingWhatToChange() {
        assertOutcome(run(Misuse.MissingSpec.class), "test(GateSubject)", "FAILED",
                "@ModelGate on dev.mlops.junit.fixtures.Misuse$MissingSpec: no model spec at "
                        + Path.of("src/test/mlops/no-such-model.yaml").toAbsolutePath());
        assertTrue(run(Misuse.MissingSpec.class).get("test(GateSubject)").message()
                .endsWith("set spec to the path of the model's YAML spec relative to the project folder"));

        Map<String, Outcome> bad = run(Misuse.BadGates.class);
        assertOutcome(bad, "f1_wieghted >= 0.8 (cannot evaluate)", "FAILED",
                "gate 'f1_wieghted >= 0.8': unknown classification metric 'f1_wieghted'; did you mean 'f1_weighted'?");
        assertOutcome(bad, "accuracy drop vs baseline <= 0.01 (cannot evaluate)", "FAILED",
                "gate 'accuracy drop vs baseline <= 0.01' compares with a baseline model, but none was given for 'iris';"
                        + " set @ModelGate(baseline = \"path/to/baseline-model.yaml\") on the test class, or remove the gate");
        assertOutcome(bad, "baselineParameter(GateSubject)", "FAILED",
                "parameter 0 (@Baseline GateSubject) of baselineParameter asks for the baseline, but @ModelGate on"
                        + " dev.mlops.junit.fixtures.Misuse$BadGates names none; set @ModelGate(baseline = ");

        assertOutcome(run(Misuse.AliasBaseline.class), "test(GateSubject)", "FAILED",
                "@ModelGate on dev.mlops.junit.fixtures.Misuse$AliasBaseline: cannot load the baseline alias:champion:"
                        + " there is no model registry at " + Path.of("mlruns").toAbsolutePath());
    }

    @Test
    void bundleBaseline_isLoadedAndComparedOnTheCandidatesRows() throws Exception {
        var stumpSpec = dev.mlops.train.ModelSpecReader.read(Path.of("src/test/mlops/stump.yaml"));
        var stump = new dev.mlops.train.ModelTrainer().train(stumpSpec, Path.of(""));
        dev.mlops.model.ModelBundle.from(stump, new dev.mlops.model.BundleMetadata("1", java.time.Instant.EPOCH, null))
                .write(Path.of("target/junit-bundles/stump"));
        Map<String, Outcome> outcomes = run(dev.mlops.junit.fixtures.BundleBaseline.class);
        assertEquals(1, outcomes.size(), outcomes.toString());
        Outcome gate = outcomes.values().iterator().next();
        assertEquals("SUCCESSFUL", gate.status(), gate.toString());
    }

    @Test
    void externalOnnxModel_isWrappedNotTrained_andGatedAgainstATrainedBaseline() {
        Map<String, Outcome> outcomes = run(ExternalOnnxGates.class);
        assertEquals(4, outcomes.size(), outcomes.toString());
        // 28 of the 30 test rows of the spec's split, through ONNX Runtime
        assertOutcome(outcomes, "accuracy >= 0.9 (observed 0.9333)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "robustness: probabilities in [0, 1] summing to 1 (observed 0)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "notWorseThanTheTrainedBaseline(GateSubject, GateSubject, Evaluation)", "SUCCESSFUL", null);
        assertOutcome(outcomes, "trainedModel(TrainedModel)", "FAILED", "parameter 0 (TrainedModel) of trainedModel:"
                + " @ModelGate on dev.mlops.junit.fixtures.ExternalOnnxGates wraps the external ONNX model of iris-sklearn,"
                + " which is not trained; ask for a GateSubject, Evaluation or ModelUnderTest instead");
    }

    @Test
    void nestedClasses_useTheEnclosingAnnotation() {
        assertOutcome(run(Misuse.Outer.class), "injected(GateSubject)", "SUCCESSFUL", null);
    }
}
