package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.train.GateSpec;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.SliceSpec;
import dev.mlops.train.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateSpecTest {

    static final String HEAD = """
            name: iris
            task: classification
            dataset: {file: iris.csv, target: species}
            trainer: {type: cart}
            """;

    static ModelSpec parse(String gates) {
        return ModelSpecReader.parse("model.yaml", HEAD + gates);
    }

    @Test
    void parse_everyKindOfGate() {
        ModelSpec spec = parse("""
                gates:
                  - {metric: accuracy, min: 0.9}
                  - {metric: f1, class: virginica, min: 0.8, min_rows: 5, severity: warn}
                  - metric: rmse
                    slice: {feature: ocean_proximity, equals: INLAND}
                    max: 90000
                  - {metric: accuracy, max_drop: 0.01, confidence: 0.95, resamples: 500, seed: 7}
                  - {metric: f1_weighted, min_gain: 0.02, relative: true}
                  - {check: robustness, severity: warn}
                  - {check: missing, column: petal_width, max: 0.02}
                  - {check: values, column: species, values: [setosa, versicolor]}
                  - {check: range, column: petal_width, min: 0, max: 3, tolerance: 0.01}
                  - {check: latency, max: 50}
                """);
        List<GateSpec> g = spec.gates();
        assertEquals(10, g.size());
        assertEquals("virginica", g.get(1).label());
        assertEquals(SliceSpec.equalTo("ocean_proximity", "INLAND"), g.get(2).slice());
        assertEquals(0.95, g.get(3).confidence());
        assertEquals(List.of("setosa", "versicolor"), g.get(7).values());

        List<Gate> gates = Gate.fromSpecs(g);
        assertEquals(9 + Check.robustnessChecks().size(), gates.size(), "robustness expands to every robustness check");
        assertEquals("accuracy >= 0.9", gates.get(0).name());
        assertEquals("f1.virginica >= 0.8", gates.get(1).name());
        assertEquals(Severity.WARN, gates.get(1).severity());
        assertEquals("rmse [ocean_proximity = INLAND] <= 90000", gates.get(2).name());
        assertEquals("accuracy drop vs baseline <= 0.01 at 95% confidence", gates.get(3).name());
        assertEquals("f1_weighted gain vs baseline >= 2%", gates.get(4).name());
        assertEquals(Severity.WARN, gates.get(5).severity(), "the group's severity applies to every check");
        assertEquals(Check.PREDICTIONS, gates.get(5).check());
        assertEquals("data: missing share of petal_width <= 0.02", gates.get(13).name());
        assertEquals("data: petal_width within [0, 3] (tolerance 0.01)", gates.get(15).name());
        assertEquals("robustness: latency p99 <= 50 ms", gates.get(16).name());
    }

    @Test
    void write_roundTripsGates() {
        ModelSpec spec = parse("""
                gates:
                  - {metric: f1, class: virginica, min: 0.8}
                  - {check: leakage}
                """);
        ModelSpec again = ModelSpecReader.parse("again.yaml", ModelSpecReader.write(spec));
        assertEquals(spec, again);
        assertTrue(ModelSpecReader.write(spec).contains("class: virginica"), ModelSpecReader.write(spec));
        assertTrue(!ModelSpecReader.write(spec.withGates(List.of())).contains("gates"), "no gates, no key");
    }

    @Test
    void unknownKey_namesLineAndNearestKey() {
        SpecException e = assertThrows(SpecException.class, () -> parse("""
                gates:
                  - metric: accuracy
                    min_gian: 0.02
                """));
        assertTrue(e.getMessage().startsWith("model.yaml:7:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'min_gian' in gates[0]; did you mean 'min_gain'?"), e.getMessage());
    }

    @Test
    void unknownSliceKey_isFound() {
        SpecException e = assertThrows(SpecException.class, () -> parse("""
                gates:
                  - {metric: rmse, max: 1, slice: {feature: x, equal: INLAND}}
                """));
        assertTrue(e.getMessage().contains("unknown key 'equal' in gates[0].slice; did you mean 'equals'?"), e.getMessage());
    }

    @Test
    void shapeErrors_sayWhatToChange() {
        assertMessage("gates:\n  - {min: 0.9}\n", "a gate needs exactly one of 'metric'");
        assertMessage("gates:\n  - {metric: accuracy}\n", "gate on metric 'accuracy' needs exactly one rule");
        assertMessage("gates:\n  - {metric: accuracy, min: 0.9, max_drop: 0.1}\n", "it has several");
        assertMessage("gates:\n  - {metric: accuracy, min: 0.9, relative: true}\n", "'relative' applies to max_drop and min_gain only");
        assertMessage("gates:\n  - {metric: accuracy, min: 0.9, severity: fatal}\n", "severity must be 'block' or 'warn', was 'fatal'");
        assertMessage("gates:\n  - {metric: accuracy, min: 0.9, confidence: 95}\n", "confidence must be at least 0.5 and below 1");
        assertMessage("gates:\n  - {check: rows, min: 10, confidence: 0.9}\n", "gate on check 'rows' does not take confidence");
        assertMessage("gates:\n  - {metric: rmse, max: 1, slice: {feature: x}}\n", "needs 'equals' (a value) or 'min'/'max'");
    }

    private static void assertMessage(String gates, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> parse(gates));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("model.yaml:"), e.getMessage());
    }

    @Test
    void fromSpecs_unknownCheck_namesEntryAndNearestCheck() {
        ModelSpec spec = parse("gates:\n  - {metric: accuracy, min: 0.9}\n  - {check: robustnes}\n");
        GateException e = assertThrows(GateException.class, () -> Gate.fromSpecs(spec.gates()));
        assertTrue(e.getMessage().startsWith("gates[1]: unknown check 'robustnes'; did you mean 'robustness'?"), e.getMessage());
    }

    @Test
    void fromSpecs_checkParameters_areChecked() {
        GateException e = assertThrows(GateException.class,
                () -> Gate.fromSpecs(parse("gates:\n  - {check: determinism, max: 1}\n").gates()));
        assertTrue(e.getMessage().contains("check 'determinism' does not take max; it takes no parameters"), e.getMessage());
        e = assertThrows(GateException.class, () -> Gate.fromSpecs(parse("gates:\n  - {check: missing}\n").gates()));
        assertTrue(e.getMessage().contains("check 'missing' needs max"), e.getMessage());
    }

    @Test
    void javaBuilders_matchSpecEntries() {
        ModelSpec spec = parse("""
                gates:
                  - {metric: f1, class: virginica, min: 0.8, severity: warn}
                  - {metric: accuracy, max_drop: 0.01, relative: true, confidence: 0.9}
                  - {check: missing, column: petal_width, max: 0.02}
                """);
        List<Gate> fromFile = Gate.fromSpecs(spec.gates());
        assertEquals(fromFile.get(0), Gate.atLeast("f1", 0.8).forClass("virginica").warn());
        assertEquals(fromFile.get(1), Gate.maxDrop("accuracy", 0.01).relative().withConfidence(0.9));
        assertEquals(fromFile.get(2), Gate.missingShare("petal_width", 0.02));
        GateException e = assertThrows(GateException.class, () -> Gate.atLeast("accuracy", 0.9).relative());
        assertTrue(e.getMessage().contains("'relative' applies to max_drop and min_gain only"), e.getMessage());
    }
}
