package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Dataset;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.SliceSpec;
import dev.mlops.train.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate engine on the California housing data: slices, paired comparisons and data checks on a regression. */
class GateEngineHousingTest {

    static Dataset data;
    static TrainedModel model;
    static GateSubject subject;

    /** The candidate's predictions plus a constant: a baseline that is worse by a known amount. */
    record Shifted(ModelUnderTest inner, double shift) implements ModelUnderTest {
        @Override
        public String name() {
            return "shifted";
        }

        @Override
        public List<String> inputs() {
            return inner.inputs();
        }

        @Override
        public List<String> labels() {
            return List.of();
        }

        @Override
        public ModelOutput predict(Map<String, ?> record) {
            return ModelOutput.value(inner.predict(record).value() + shift);
        }

        @Override
        public List<ModelOutput> predictBatch(List<? extends Map<String, ?>> records) {
            return inner.predictBatch(records).stream().map(o -> ModelOutput.value(o.value() + shift)).toList();
        }
    }

    @BeforeAll
    static void train() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("housing.yaml", """
                name: housing
                task: regression
                dataset:
                  file: housing.csv
                  target: median_house_value
                  features:
                    longitude: numeric
                    latitude: numeric
                    housing_median_age: numeric
                    total_rooms: numeric
                    total_bedrooms: {kind: numeric, missing: impute-median}
                    population: numeric
                    households: numeric
                    median_income: numeric
                    ocean_proximity: categorical
                trainer: {type: linear-sgd, seed: 42, params: {epochs: 2}}
                """);
        data = Dataset.load(spec.dataset(), Path.of("src/test/resources/data"), spec.task());
        model = new ModelTrainer().train(spec, data);
        subject = GateSubject.of(model, data).withBaseline(new Shifted(ModelUnderTest.of(model), 20_000));
    }

    /** rmse of the candidate (shift 0) or the baseline on the test rows whose ocean_proximity is {@code value}. */
    static double[] rmseWhere(String value, double shift) {
        int[] rows = model.split().test();
        double[] predicted = ((RegressionEvaluation) model.evaluation()).predicted();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < rows.length; i++) {
            if (value.equals(data.feature("ocean_proximity").text(rows[i]))) {
                double e = data.value(rows[i]) - (predicted[i] + shift);
                sum += e * e;
                n++;
            }
        }
        return new double[] {Math.sqrt(sum / n), n};
    }

    @Test
    void categoricalSlice_comparesOnTheSameRows() {
        double[] candidate = rmseWhere("INLAND", 0);
        double[] baseline = rmseWhere("INLAND", 20_000);
        SliceSpec inland = SliceSpec.equalTo("ocean_proximity", "INLAND");

        GateResult r = GateEngine.evaluate(Gate.maxDrop("rmse", 0.01).relative().onSlice(inland), subject);
        assertEquals((int) candidate[1], r.rows());
        assertEquals(candidate[0], r.observed(), 1e-6);
        assertEquals(baseline[0], r.baseline(), 1e-6);
        // rmse is lower-is-better: the candidate is better, so any allowed drop passes.
        assertEquals(Verdict.PASS, r.verdict(), r.explanation());
        assertTrue(r.explanation().contains("on the same " + (int) candidate[1] + " rows of slice ocean_proximity = INLAND: a gain of "),
                r.explanation());

        GateSubject shiftedFirst = GateSubject.evaluate(new Shifted(ModelUnderTest.of(model), 20_000), data,
                model.split().test(), null).withBaseline(ModelUnderTest.of(model));
        GateResult reversed = GateEngine.evaluate(Gate.maxDrop("rmse", 0.01).relative().onSlice(inland), shiftedFirst);
        assertEquals(Verdict.FAIL, reversed.verdict());
        assertEquals(baseline[0], reversed.observed(), 1e-6);
        double drop = (baseline[0] - candidate[0]) / candidate[0];
        assertTrue(reversed.explanation().endsWith(": a drop of " + Format.percent(drop) + " of the baseline exceeds the allowed"
                + " drop 1% of the baseline"), reversed.explanation());
    }

    @Test
    void pairedBootstrap_onSlice_decides() {
        SliceSpec inland = SliceSpec.equalTo("ocean_proximity", "INLAND");
        GateResult r = GateEngine.evaluate(Gate.minGain("rmse", 1000).onSlice(inland).withConfidence(0.95).withResamples(300),
                subject);
        double gain = rmseWhere("INLAND", 20_000)[0] - rmseWhere("INLAND", 0)[0];
        assertTrue(r.lower() <= gain && gain <= r.upper(), r.toString());
        assertEquals(r.lower() >= 1000 ? Verdict.PASS : Verdict.INCONCLUSIVE, r.verdict(), r.explanation());
        assertTrue(r.explanation().contains("paired percentile bootstrap, 300 resamples, seed 42"), r.explanation());
    }

    @Test
    void smallSlice_isInconclusive_andUnknownValueIsMisuse() {
        GateResult island = GateEngine.evaluate(Gate.atMost("rmse", 1e9).onSlice(SliceSpec.equalTo("ocean_proximity", "ISLAND"))
                .minRows(30), subject);
        assertEquals(Verdict.INCONCLUSIVE, island.verdict());
        assertTrue(island.explanation().matches("slice ocean_proximity = ISLAND has \\d rows?, fewer than min_rows 30; too few to decide"),
                island.explanation());

        GateException e = assertThrows(GateException.class, () -> GateEngine.evaluate(
                Gate.atMost("rmse", 1e9).onSlice(SliceSpec.equalTo("ocean_proximity", "INLNAD")), subject));
        assertTrue(e.getMessage().startsWith("slice: column 'ocean_proximity' never has the value 'INLNAD'; did you mean 'INLAND'?"),
                e.getMessage());
    }

    @Test
    void dataChecks_onHousing() {
        int[] rows = model.split().test();
        int missing = 0;
        int island = 0;
        for (int row : rows) {
            missing += data.feature("total_bedrooms").isMissing(row) ? 1 : 0;
            island += "ISLAND".equals(data.feature("ocean_proximity").text(row)) ? 1 : 0;
        }
        GateResult m = GateEngine.evaluate(Gate.missingShare("total_bedrooms", 0.001), subject);
        assertEquals((double) missing / rows.length, m.observed(), 1e-15);
        assertEquals(missing > 0.001 * rows.length ? Verdict.FAIL : Verdict.PASS, m.verdict());
        assertEquals("missing_share.total_bedrooms", m.metric());

        GateResult worst = GateEngine.evaluate(Gate.missingShare(null, 1), subject);
        assertEquals("missing_share.total_bedrooms", worst.metric(), "the only column with gaps");

        GateResult v = GateEngine.evaluate(Gate.values("ocean_proximity", List.of("<1H OCEAN", "INLAND", "NEAR BAY", "NEAR OCEAN")),
                subject);
        assertEquals((double) island / rows.length, v.observed(), 1e-15);
        assertEquals(island == 0 ? Verdict.PASS : Verdict.FAIL, v.verdict());
        assertEquals(Verdict.PASS, GateEngine.evaluate(Gate.values("ocean_proximity",
                List.of("<1H OCEAN", "INLAND", "NEAR BAY", "NEAR OCEAN")).withTolerance(0.01), subject).verdict());

        GateResult age = GateEngine.evaluate(Gate.range("housing_median_age", 1.0, 50.0), subject);
        assertEquals(Verdict.FAIL, age.verdict(), "the census caps ages at 52");
        assertTrue(age.explanation().contains("present values of housing_median_age are outside [1, 50], e.g. 5"), age.explanation());

        GateException notNumeric = assertThrows(GateException.class,
                () -> GateEngine.evaluate(Gate.range("ocean_proximity", 0.0, 1.0), subject));
        assertTrue(notNumeric.getMessage().contains("use check: values"), notNumeric.getMessage());
        GateException balance = assertThrows(GateException.class, () -> GateEngine.evaluate(Gate.classBalance(0.1), subject));
        assertTrue(balance.getMessage().contains("applies to classification"), balance.getMessage());
    }

    @Test
    void robustness_onRegression() {
        for (Gate g : Gate.robustness()) {
            GateResult r = GateEngine.evaluate(g, subject);
            boolean notApplicable = g.check() == Check.KNOWN_LABELS || g.check() == Check.PROBABILITIES || g.check() == Check.PARITY;
            assertEquals(notApplicable ? Verdict.INCONCLUSIVE : Verdict.PASS, r.verdict(), r.summary());
        }
        GateResult extreme = GateEngine.evaluate(Gate.check(Check.EXTREME_INPUTS), subject);
        assertEquals(5, extreme.rows(), "zero, huge, huge negative, tiny, unseen category: " + extreme.explanation());
    }
}
