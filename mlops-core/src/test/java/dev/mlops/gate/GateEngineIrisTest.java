package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.Dataset;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.SliceSpec;
import dev.mlops.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate engine on the iris data: a logistic regression against a one-split decision tree. */
class GateEngineIrisTest {

    static Dataset data;
    static TrainedModel candidate;
    static TrainedModel stump;
    static GateSubject subject;

    static ModelSpec spec(String name, String trainer) {
        return ModelSpecReader.parse(name + ".yaml", """
                name: %s
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: %s
                """.formatted(name, trainer));
    }

    @BeforeAll
    static void train() throws Exception {
        ModelSpec spec = spec("iris", "{type: logistic-regression}");
        data = Dataset.load(spec.dataset(), Path.of("src/test/resources/data"), spec.task());
        candidate = new ModelTrainer().train(spec, data);
        stump = new ModelTrainer().train(spec("stump", "{type: cart, params: {max_depth: 1}}"), data);
        subject = GateSubject.of(candidate, data).withBaseline(ModelUnderTest.of(stump));
    }

    static ClassificationEvaluation eval(GateSubject s) {
        return (ClassificationEvaluation) s.evaluation();
    }

    @Test
    void evaluateThroughRecords_reproducesTrainingEvaluation() {
        GateSubject viaRecords = GateSubject.evaluate(ModelUnderTest.of(candidate), data, candidate.split().test(), null);
        assertEquals(candidate.evaluation().asMap(), viaRecords.evaluation().asMap());
        assertEquals(stump.evaluation().size(), subject.baseline().size());
    }

    @Test
    void absoluteGate_passesAndFailsWithExplanation() {
        double accuracy = candidate.evaluation().metric("accuracy");
        GateResult pass = GateEngine.evaluate(Gate.atLeast("accuracy", accuracy), subject);
        assertEquals(Verdict.PASS, pass.verdict(), "a value equal to the minimum meets it");
        assertEquals(accuracy, pass.observed());
        assertEquals(30, pass.rows());

        GateResult fail = GateEngine.evaluate(Gate.atLeast("accuracy", 0.99), subject);
        assertEquals(Verdict.FAIL, fail.verdict());
        assertTrue(fail.blocks());
        assertEquals("accuracy = " + Format.number(accuracy) + " on 30 evaluation rows is below the minimum 0.99 by "
                + Format.number(0.99 - accuracy), fail.explanation());
        assertEquals("accuracy >= 0.99 (observed " + Format.number(accuracy) + ")", fail.displayName());

        GateResult warn = GateEngine.evaluate(Gate.atMost("log_loss", 0.01).warn(), subject);
        assertEquals(Verdict.FAIL, warn.verdict());
        assertFalse(warn.blocks());
        assertTrue(warn.isWarning());
        assertTrue(warn.explanation().contains("is above the maximum 0.01"), warn.explanation());
    }

    @Test
    void unknownMetric_suggestsNearestName() {
        GateException e = assertThrows(GateException.class, () -> GateEngine.evaluate(Gate.atLeast("f1_wieghted", 0.9), subject));
        assertTrue(e.getMessage().startsWith("gate 'f1_wieghted >= 0.9': unknown classification metric 'f1_wieghted';"
                + " did you mean 'f1_weighted'?"), e.getMessage());
    }

    @Test
    void perClassGate_usesTheClassMetric() {
        GateResult r = GateEngine.evaluate(Gate.atLeast("f1", 0.5).forClass("virginica"), subject);
        assertEquals(candidate.evaluation().metric("f1.virginica"), r.observed());
        assertEquals("f1.virginica", r.metric());
        assertEquals(Verdict.PASS, r.verdict());

        GateResult small = GateEngine.evaluate(Gate.atLeast("f1", 0.5).forClass("virginica").minRows(11), subject);
        assertEquals(Verdict.INCONCLUSIVE, small.verdict());
        assertEquals("class virginica has 10 of the 30 evaluation rows, fewer than min_rows 11; too few to decide",
                small.explanation());
        assertTrue(r.explanation().startsWith("f1.virginica = " + Format.number(r.observed()) + " on 30 evaluation rows"
                + " (10 of class virginica) meets >= 0.5"), r.explanation());

        GateException unknown = assertThrows(GateException.class,
                () -> GateEngine.evaluate(Gate.atLeast("f1", 0.5).forClass("virginca"), subject));
        assertTrue(unknown.getMessage().contains("unknown class 'virginca'; did you mean 'virginica'?"), unknown.getMessage());
        GateException notPerClass = assertThrows(GateException.class,
                () -> GateEngine.evaluate(Gate.atLeast("accuracy", 0.5).forClass("virginica"), subject));
        assertTrue(notPerClass.getMessage().contains("(per-class accuracy is recall)"), notPerClass.getMessage());
    }

    @Test
    void rangeSlice_evaluatesExactlyTheSliceRows() {
        int[] rows = candidate.split().test();
        int[] actual = eval(subject).actual();
        int[] predicted = eval(subject).predicted();
        int n = 0;
        int correct = 0;
        for (int i = 0; i < rows.length; i++) {
            double petal = data.feature("petal_length").number(rows[i]);
            if (petal >= 4 && petal < 5.5) {
                n++;
                correct += actual[i] == predicted[i] ? 1 : 0;
            }
        }
        GateResult r = GateEngine.evaluate(Gate.atLeast("accuracy", 0).onSlice(SliceSpec.range("petal_length", 4.0, 5.5)), subject);
        assertEquals(n, r.rows());
        assertEquals((double) correct / n, r.observed(), 1e-15);
        assertEquals("accuracy [4 <= petal_length < 5.5] >= 0", r.name());

        GateResult tiny = GateEngine.evaluate(Gate.atLeast("accuracy", 0.5).onSlice(SliceSpec.range("petal_length", 6.5, null)), subject);
        assertEquals(Verdict.INCONCLUSIVE, tiny.verdict());
        assertTrue(tiny.explanation().startsWith("slice 6.5 <= petal_length has "), tiny.explanation());

        GateException unknown = assertThrows(GateException.class, () -> GateEngine.evaluate(
                Gate.atLeast("accuracy", 0.5).onSlice(SliceSpec.range("petal_lenght", 1.0, null)), subject));
        assertTrue(unknown.getMessage().contains("did you mean 'petal_length'?"), unknown.getMessage());
    }

    @Test
    void comparison_pointDecision() {
        double c = candidate.evaluation().metric("accuracy");
        double b = subject.baseline().metric("accuracy");
        assertTrue(c - b > 0.2, "the stump is much worse: " + c + " vs " + b);

        GateResult gain = GateEngine.evaluate(Gate.minGain("accuracy", 0.2), subject);
        assertEquals(Verdict.PASS, gain.verdict());
        assertEquals(b, gain.baseline());
        assertEquals("comparison", gain.kind());

        // The roles swapped: the stump as candidate, the logistic regression as baseline.
        GateSubject reversed = GateSubject.of(stump, data).withBaseline(ModelUnderTest.of(candidate));
        GateResult drop = GateEngine.evaluate(Gate.maxDrop("accuracy", 0.01), reversed);
        assertEquals(Verdict.FAIL, drop.verdict());
        assertEquals("accuracy = " + Format.number(b) + " vs baseline " + Format.number(c) + " on the same 30 evaluation"
                + " rows: a drop of " + Format.number(c - b) + " exceeds the allowed drop 0.01", drop.explanation());

        GateResult relative = GateEngine.evaluate(Gate.maxDrop("f1_weighted", 0.5).relative(), reversed);
        double fc = candidate.evaluation().metric("f1_weighted");
        double fb = reversed.evaluation().metric("f1_weighted");
        assertEquals((fc - fb) / fc <= 0.5 ? Verdict.PASS : Verdict.FAIL, relative.verdict(), relative.explanation());
        assertTrue(relative.explanation().contains("% of the baseline"), relative.explanation());
    }

    @Test
    void accuracyComparisonWithConfidence_usesMcNemar() {
        int[] actual = eval(subject).actual();
        int[] cp = eval(subject).predicted();
        int[] bp = ((ClassificationEvaluation) subject.baseline()).predicted();
        int candidateOnly = 0;
        int baselineOnly = 0;
        for (int i = 0; i < actual.length; i++) {
            candidateOnly += cp[i] == actual[i] && bp[i] != actual[i] ? 1 : 0;
            baselineOnly += bp[i] == actual[i] && cp[i] != actual[i] ? 1 : 0;
        }
        GateResult r = GateEngine.evaluate(Gate.minGain("accuracy", 0).withConfidence(0.95), subject);
        assertEquals(Statistics.mcnemarExact(candidateOnly, baselineOnly), r.pValue(), 1e-15);
        double[] pi = Statistics.clopperPearson(candidateOnly, candidateOnly + baselineOnly, 0.95);
        double share = (candidateOnly + baselineOnly) / 30.0;
        assertEquals((2 * pi[0] - 1) * share, r.lower(), 1e-12);
        assertEquals((2 * pi[1] - 1) * share, r.upper(), 1e-12);
        assertEquals(r.pValue() < 0.05 ? Verdict.PASS : Verdict.INCONCLUSIVE, r.verdict(), r.explanation());
        assertTrue(r.explanation().contains("McNemar exact test: candidate alone right on " + candidateOnly + " rows"),
                r.explanation());

        // A gain as large as the observed one cannot be confirmed: the interval contains it.
        double observed = candidate.evaluation().metric("accuracy") - subject.baseline().metric("accuracy");
        assertEquals(Verdict.INCONCLUSIVE, GateEngine.evaluate(Gate.minGain("accuracy", observed).withConfidence(0.95),
                subject).verdict());
    }

    @Test
    void absoluteGateWithConfidence_decidesOnTheInterval() {
        GateResult r = GateEngine.evaluate(Gate.atLeast("f1_weighted", 0.5).withConfidence(0.95), subject);
        assertEquals(Verdict.PASS, r.verdict());
        assertEquals(0.95, r.confidence());
        assertNotNull(r.lower());
        assertTrue(r.lower() > 0.5 && r.lower() <= r.observed() && r.observed() <= r.upper(), r.toString());
        assertTrue(r.explanation().contains("(percentile bootstrap, 1000 resamples, seed 42)"), r.explanation());

        GateResult inside = GateEngine.evaluate(Gate.atLeast("f1_weighted", r.observed()).withConfidence(0.95), subject);
        assertEquals(Verdict.INCONCLUSIVE, inside.verdict());
        assertTrue(inside.explanation().endsWith("so the data cannot decide"), inside.explanation());
        assertFalse(inside.blocks());

        GateResult above = GateEngine.evaluate(Gate.atMost("f1_weighted", r.lower() / 2).withConfidence(0.95), subject);
        assertEquals(Verdict.FAIL, above.verdict());

        GateResult again = GateEngine.evaluate(Gate.atLeast("f1_weighted", 0.5).withConfidence(0.95), subject);
        assertEquals(r, again, "seeded: the same interval every time");
        GateResult otherSeed = GateEngine.evaluate(Gate.atLeast("f1_weighted", 0.5).withConfidence(0.95).withSeed(1), subject);
        assertFalse(r.lower().equals(otherSeed.lower()) && r.upper().equals(otherSeed.upper()));
    }

    @Test
    void comparisonWithoutBaseline_isMisuse() {
        GateException e = assertThrows(GateException.class,
                () -> GateEngine.evaluate(Gate.maxDrop("accuracy", 0.01), GateSubject.of(candidate, data)));
        assertEquals("gate 'accuracy drop vs baseline <= 0.01' compares with a baseline model, but none was given for 'iris'",
                e.getMessage());
    }

    @Test
    void robustnessAndDataChecks_onRealModel() {
        GateReport report = GateEngine.evaluate(List.of(Gate.robustness(), List.of(Gate.noLeakage(), Gate.classBalance(0.3),
                Gate.missingShare(null, 0), Gate.rows(30), Gate.range("petal_width", 0.0, 2.5))).stream()
                .flatMap(List::stream).toList(), subject);
        for (GateResult r : report.results()) {
            Verdict expected = r.name().contains("parity") ? Verdict.INCONCLUSIVE : Verdict.PASS;
            assertEquals(expected, r.verdict(), r.summary());
        }
        assertTrue(report.passed());

        GateResult parity = GateEngine.evaluate(Gate.check(Check.PARITY),
                subject.withParityReference(ModelUnderTest.of(candidate)));
        assertEquals(Verdict.PASS, parity.verdict(), parity.explanation());
        assertEquals(0.0, parity.observed());
    }

    @Test
    void leakage_findsDuplicatedRows() {
        // iris has duplicated rows; training on everything and testing on the same rows leaks every row.
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        GateSubject leaky = GateSubject.evaluate(ModelUnderTest.of(candidate), data, candidate.split().test(), all);
        GateResult r = GateEngine.evaluate(Gate.noLeakage(), leaky);
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(30.0, r.observed());
        assertTrue(r.explanation().startsWith("30 of 30 evaluation rows are identical (features and target) to a training row,"
                + " e.g. evaluation row "), r.explanation());
    }

    @Test
    void report_jsonMarkdownAndFiles(@TempDir Path dir) throws Exception {
        GateReport report = GateEngine.evaluate(List.of(
                Gate.atLeast("accuracy", 0.5),
                Gate.atLeast("accuracy", 0.999).warn(),
                Gate.atLeast("f1", 0.5).forClass("setosa").minRows(100),
                Gate.maxDrop("accuracy", 0.0)), subject);
        assertTrue(report.passed(), "warn failures and inconclusive gates do not fail the build");
        assertEquals(1, report.warnings().size());
        assertEquals(1, report.inconclusive().size());
        assertEquals("4 gates on iris: 2 passed, 0 failed, 1 warning, 1 inconclusive", report.summary());

        report.write(dir);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("gates.json")));
        assertEquals("iris", json.get("model").asText());
        assertTrue(json.get("passed").asBoolean());
        assertEquals(1, json.get("counts").get("warn").asInt());
        JsonNode first = json.get("gates").get(0);
        assertEquals("accuracy >= 0.5", first.get("name").asText());
        assertEquals("pass", first.get("verdict").asText());
        assertEquals("block", first.get("severity").asText());
        assertEquals(candidate.evaluation().metric("accuracy"), first.get("observed").asDouble());
        assertTrue(first.get("lower").isNull());
        assertEquals("inconclusive", json.get("gates").get(2).get("verdict").asText());
        assertTrue(json.get("gates").get(2).get("observed").isNull());
        assertEquals(subject.baseline().metric("accuracy"), json.get("gates").get(3).get("baseline").asDouble());

        String md = Files.readString(dir.resolve("gates.md"));
        assertTrue(md.startsWith("| Verdict | Gate | Observed | Severity | Explanation |\n|---|---|---|---|---|\n| PASS | accuracy >= 0.5 |"), md);
        assertTrue(md.contains("| WARN | accuracy >= 0.999 |"), md);
        assertTrue(md.endsWith("Passed: 4 gates on iris: 2 passed, 0 failed, 1 warning, 1 inconclusive\n"), md);

        GateReport failing = new GateReport("iris", List.of(GateEngine.evaluate(Gate.atLeast("accuracy", 0.999), subject)));
        assertFalse(failing.passed());
        assertTrue(failing.failureMessage().contains("FAILED accuracy >= 0.999: accuracy = "), failing.failureMessage());
        assertNull(failing.results().get(0).pValue());
    }
}
