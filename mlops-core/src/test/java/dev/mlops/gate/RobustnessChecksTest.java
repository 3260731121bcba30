package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Column;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.data.FeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Robustness checks against models that are broken in one known way each. */
class RobustnessChecksTest {

    static final Dataset DATA;
    static final int[] ROWS;

    static {
        int n = 40;
        double[] x = new double[n];
        String[] c = new String[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            c[i] = i % 2 == 0 ? "red" : "blue";
            y[i] = x[i] > 20 ? "b" : "a";
        }
        DATA = Dataset.classification("fake", List.of(Column.numeric("x", FeatureSpec.of(ColumnKind.NUMERIC), x),
                Column.strings("c", FeatureSpec.of(ColumnKind.CATEGORICAL), c)), "y", y);
        ROWS = new int[n];
        for (int i = 0; i < n; i++) {
            ROWS[i] = i;
        }
    }

    /** A threshold model on x whose behaviour per record is given. */
    record Fake(String name, Function<Map<String, ?>, ModelOutput> behaviour) implements ModelUnderTest {
        @Override
        public List<String> inputs() {
            return List.of("x", "c");
        }

        @Override
        public List<String> labels() {
            return List.of("a", "b");
        }

        @Override
        public ModelOutput predict(Map<String, ?> record) {
            return behaviour.apply(record);
        }
    }

    static ModelOutput threshold(Map<String, ?> r) {
        double p = 1 / (1 + Math.exp(-(((Number) r.get("x")).doubleValue() - 20.5)));
        return ModelOutput.label(p > 0.5 ? "b" : "a", Map.of("a", 1 - p, "b", p));
    }

    static final Fake GOOD = new Fake("good", RobustnessChecksTest::threshold);

    static GateSubject subject(ModelUnderTest model) {
        // The evaluation comes from the good model, so that a broken model still gets a subject.
        GateSubject good = GateSubject.evaluate(GOOD, DATA, ROWS, null);
        return GateSubject.of(good.evaluation(), model, DATA, ROWS, null);
    }

    static GateResult run(Check check, ModelUnderTest model) {
        return GateEngine.evaluate(Gate.check(check), subject(model));
    }

    @Test
    void goodModel_passesEveryCheck() {
        for (Gate g : Gate.robustness()) {
            GateResult r = GateEngine.evaluate(g, subject(GOOD));
            assertEquals(g.check() == Check.PARITY ? Verdict.INCONCLUSIVE : Verdict.PASS, r.verdict(), r.summary());
        }
        assertEquals(1.0, subject(GOOD).evaluation().metric("accuracy"));
    }

    @Test
    void missingLabel_failsPredictions() {
        GateResult r = run(Check.PREDICTIONS, new Fake("gaps", rec -> ((Double) rec.get("x")) > 35
                ? ModelOutput.label(null, Map.of()) : threshold(rec)));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(5.0, r.observed());
        assertTrue(r.explanation().startsWith("5 of 40 rows got no label, e.g. row 36 got ModelOutput[label=null"), r.explanation());
    }

    @Test
    void batchFailure_failsPredictions() {
        ModelUnderTest broken = new Fake("broken", rec -> {
            throw new IllegalStateException("native session closed");
        });
        GateResult r = run(Check.PREDICTIONS, broken);
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals("batch prediction of the 40 evaluation rows failed: IllegalStateException: native session closed",
                r.explanation());
    }

    @Test
    void unknownLabel_failsKnownLabels() {
        GateResult r = run(Check.KNOWN_LABELS, new Fake("z", rec -> ((Double) rec.get("x")) == 3 ? ModelOutput.label("z", Map.of())
                : threshold(rec)));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals("1 predictions are not among the known classes [a, b]: {z=1}", r.explanation());
    }

    @Test
    void badProbabilities_fail() {
        GateResult sum = run(Check.PROBABILITIES, new Fake("sum", rec -> ModelOutput.label("a", Map.of("a", 0.5, "b", 0.4999))));
        assertEquals(Verdict.FAIL, sum.verdict());
        assertEquals(40.0, sum.observed());
        assertTrue(sum.explanation().contains("row 1: probabilities sum to 0.9999"), sum.explanation());

        GateResult range = run(Check.PROBABILITIES, new Fake("range", rec -> ModelOutput.label("a", Map.of("a", 1.2, "b", -0.2))));
        assertTrue(range.explanation().contains("is outside [0, 1]"), range.explanation());

        GateResult tolerated = GateEngine.evaluate(Gate.check(Check.PROBABILITIES).withTolerance(1e-3),
                subject(new Fake("sum", rec -> ModelOutput.label("a", Map.of("a", 0.5, "b", 0.4999)))));
        assertEquals(Verdict.PASS, tolerated.verdict());

        GateResult none = run(Check.PROBABILITIES, new Fake("hinge", rec -> ModelOutput.label(threshold(rec).label(), Map.of())));
        assertEquals(Verdict.INCONCLUSIVE, none.verdict());
    }

    @Test
    void singleRecordFailure_isCaught() {
        ModelUnderTest batchOnly = new ModelUnderTest() {
            @Override
            public String name() {
                return "batch-only";
            }

            @Override
            public List<String> inputs() {
                return GOOD.inputs();
            }

            @Override
            public List<String> labels() {
                return GOOD.labels();
            }

            @Override
            public ModelOutput predict(Map<String, ?> record) {
                throw new UnsupportedOperationException("batch of one not supported");
            }

            @Override
            public List<ModelOutput> predictBatch(List<? extends Map<String, ?>> records) {
                return records.stream().map(RobustnessChecksTest::threshold).toList();
            }
        };
        GateResult r = run(Check.SINGLE_RECORD, batchOnly);
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(20.0, r.observed());
        assertTrue(r.explanation().endsWith("e.g. row 1: UnsupportedOperationException: batch of one not supported"), r.explanation());
    }

    @Test
    void nondeterminism_isCaught() {
        AtomicInteger calls = new AtomicInteger();
        GateResult r = run(Check.DETERMINISM, new Fake("noisy", rec -> {
            double jitter = calls.incrementAndGet() > 40 && ((Double) rec.get("x")) == 7 ? 1e-12 : 0;
            ModelOutput o = threshold(rec);
            return ModelOutput.label(o.label(), Map.of("a", o.probabilities().get("a") - jitter, "b", o.probabilities().get("b") + jitter));
        }));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(1.0, r.observed());
        assertTrue(r.explanation().startsWith("1 of 40 rows differ between two runs, e.g. row 7: "), r.explanation());
    }

    @Test
    void extremeInputs_crashesAndNaNs_areCaught() {
        GateResult r = run(Check.EXTREME_INPUTS, new Fake("fragile", rec -> {
            double x = (Double) rec.get("x");
            if (x == 0) {
                throw new ArithmeticException("division by zero");
            }
            if (!"red".equals(rec.get("c")) && !"blue".equals(rec.get("c"))) {
                return ModelOutput.label("a", Map.of("a", Double.NaN, "b", Double.NaN));
            }
            return threshold(rec);
        }));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(2.0, r.observed());
        assertTrue(r.explanation().matches("2 of 5 inputs failed: all-zero numbers threw ArithmeticException: division by zero;"
                + " unseen categories and empty text gave p\\([ab]\\) = NaN is outside \\[0, 1\\]"), r.explanation());
        assertEquals(40000.0, Checks.extremeRecords(subject(GOOD)).get("huge numbers").get("x"),
                "1000 times the largest magnitude in the data");
    }

    @Test
    void parity_comparesWithTheSecondRuntime() {
        Fake close = new Fake("onnx", rec -> {
            ModelOutput o = threshold(rec);
            return ModelOutput.label(o.label(), Map.of("a", o.probabilities().get("a") + 1e-7, "b", o.probabilities().get("b") - 1e-7));
        });
        GateResult pass = GateEngine.evaluate(Gate.check(Check.PARITY), subject(GOOD).withParityReference(close));
        assertEquals(Verdict.PASS, pass.verdict(), pass.explanation());
        assertEquals(1e-7, pass.observed(), 1e-12);

        Fake far = new Fake("onnx", rec -> {
            ModelOutput o = threshold(rec);
            return ModelOutput.label(o.label(), Map.of("a", o.probabilities().get("a") + 1e-3, "b", o.probabilities().get("b") - 1e-3));
        });
        GateResult fail = GateEngine.evaluate(Gate.check(Check.PARITY), subject(GOOD).withParityReference(far));
        assertEquals(Verdict.FAIL, fail.verdict());
        assertTrue(fail.explanation().startsWith("largest probability difference 0.001 over 40 rows against onnx; allowed 1e-5"),
                fail.explanation());
        assertEquals(Verdict.PASS, GateEngine.evaluate(Gate.check(Check.PARITY).withTolerance(2e-3),
                subject(GOOD).withParityReference(far)).verdict());
    }

    @Test
    void latency_isReportedAndGatedOnlyOnRequest() {
        GateResult reported = run(Check.LATENCY, GOOD);
        assertEquals(Verdict.PASS, reported.verdict());
        assertTrue(reported.observed() >= 0);
        assertTrue(reported.explanation().matches("p50 \\S+ ms, p99 \\S+ ms over 300 single-record predictions after 100"
                + " warm-up calls \\(reported; set max to gate it\\)"), reported.explanation());
        GateResult generous = GateEngine.evaluate(Gate.latencyAtMost(60_000), subject(GOOD));
        assertEquals(Verdict.PASS, generous.verdict());
        assertEquals("robustness: latency p99 <= 60000 ms", generous.name());
    }

    @Test
    void robustnessWithoutModel_isMisuse() {
        GateException e = org.junit.jupiter.api.Assertions.assertThrows(GateException.class, () -> GateEngine.evaluate(
                Gate.check(Check.DETERMINISM), GateSubject.of("m", subject(GOOD).evaluation())));
        assertTrue(e.getMessage().startsWith("robustness checks need the model and its data rows, but subject 'm' has no model"),
                e.getMessage());
    }
}
