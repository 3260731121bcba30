package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.drift.stats.Reference;
import dev.mlops.drift.stats.SampleGenerator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static FeatureColumn column(String kind, JsonNode gen) {
        double[] x = SampleGenerator.sample(gen);
        if (kind.equals("numeric")) {
            return FeatureColumn.numeric("f", x);
        }
        return FeatureColumn.categorical("f", Arrays.stream(x).mapToObj(v -> "c" + (int) v).toArray(String[]::new));
    }

    @Test
    void detect_defaultChoicesAndOverrides_matchEvidentlyOnPinnedCases() {
        for (JsonNode c : Reference.get("detector")) {
            String name = c.get("name").asText();
            String kind = c.get("kind").asText();
            DriftMethod expected = DriftMethod.of(c.get("method").asText());
            ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(column(kind, c.get("a"))));
            DriftSpec spec = name.contains("override") ? DriftSpec.defaults().withFeature("f", expected, null)
                : DriftSpec.defaults();
            FeatureDrift r = DriftDetector.detect(profile, DataColumns.of(column(kind, c.get("b"))), spec).features().get(0);
            assertEquals(expected, r.method(), name);
            Reference.close(c.get("score").asDouble(), r.score(), 1e-10, 1e-15, name);
            assertEquals(expected.defaultThreshold(), r.threshold(), name);
            assertEquals(expected.drifted(r.score(), r.threshold()), r.drifted(), name);
        }
    }

    @Test
    void detect_ksOnSmallReference_reportsStatisticPValueAndSeverity() {
        double[] ref = SampleGenerator.sample(61, 1000, "sum3", 1, 0);
        double[] cur = SampleGenerator.sample(62, 1500, "sum3", 1, 0.1);
        DriftReport report = DriftDetector.detect(ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("f", ref))),
            DataColumns.of(FeatureColumn.numeric("f", cur)), DriftSpec.defaults());
        FeatureDrift f = report.features().get(0);
        // scipy.stats.ks_2samp(ref, cur) -> p 6.0164963940269434e-06 (drift_reference.py, "detector")
        assertEquals(DriftMethod.KS, f.method());
        assertEquals(6.0164963940269434e-06, f.pValue(), 1e-15);
        assertNull(f.distance());
        assertTrue(f.drifted());
        assertEquals(DriftSeverity.HIGH, f.severity());
        assertEquals("exact p-value", f.detail());
        assertTrue(report.dataset().datasetDrift());
    }

    @Test
    void detect_datasetDriftsWhenTheShareReachesTheThreshold() {
        double[] same = SampleGenerator.sample(1, 300, "sum3", 1, 0);
        double[] same2 = SampleGenerator.sample(2, 300, "sum3", 1, 0);
        double[] shifted = SampleGenerator.sample(3, 300, "sum3", 1, 1.0);
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("a", same),
            FeatureColumn.numeric("b", same), FeatureColumn.numeric("c", same), FeatureColumn.numeric("d", same)));
        DataColumns current = DataColumns.of(FeatureColumn.numeric("a", shifted), FeatureColumn.numeric("b", shifted),
            FeatureColumn.numeric("c", same2), FeatureColumn.numeric("d", same2));

        DriftReport half = DriftDetector.detect(profile, current, DriftSpec.defaults());
        assertEquals(new DatasetDrift(4, 2, 0.5, 0.5, true), half.dataset());
        assertEquals(List.of("a", "b"), half.driftedFeatures().stream().map(FeatureDrift::feature).toList());

        DriftReport stricter = DriftDetector.detect(profile, current, DriftSpec.defaults().withDriftShare(0.75));
        assertFalse(stricter.dataset().datasetDrift());
    }

    @Test
    void detect_perFeatureThresholdOverride_changesTheVerdictOnly() {
        double[] ref = SampleGenerator.sample(61, 1000, "sum3", 1, 0);
        double[] cur = SampleGenerator.sample(62, 1500, "sum3", 1, 0.1);
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("f", ref)));
        FeatureDrift f = DriftDetector.detect(profile, DataColumns.of(FeatureColumn.numeric("f", cur)),
            DriftSpec.defaults().withFeature("f", null, 1e-6)).features().get(0);
        assertEquals(DriftMethod.KS, f.method());
        assertEquals(1e-6, f.threshold());
        assertFalse(f.drifted());
        assertEquals(DriftSeverity.NONE, f.severity());
    }

    @Test
    void detect_specErrors_nameTheProblemAndSuggest() {
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(
            FeatureColumn.numeric("income", new double[] {1, 2, 3}), FeatureColumn.categorical("city", new String[] {"a", "b", "a"})));
        DataColumns current = DataColumns.of(FeatureColumn.numeric("income", new double[] {1, 2}),
            FeatureColumn.categorical("city", new String[] {"a", "b"}));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftDetector.detect(profile,
            current, DriftSpec.defaults().withFeature("incom", DriftMethod.PSI, null)));
        assertEquals("drift spec names feature 'incom' that the reference profile does not have; did you mean 'income'?"
            + " Valid: income, city", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DriftDetector.detect(profile, current,
            DriftSpec.defaults().withFeature("city", DriftMethod.KS, null)));
        assertEquals("drift method 'ks' does not apply to categorical feature 'city'; valid: chisquare, z, "
            + "chi2_contingency, psi, jensenshannon", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DriftDetector.detect(profile,
            DataColumns.of(FeatureColumn.numeric("incme", new double[] {1}), FeatureColumn.categorical("city", new String[] {"a"})),
            DriftSpec.defaults()));
        assertEquals("current data has no column 'income' that the reference profile has; did you mean 'incme'?"
            + " Valid: incme, city", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DriftDetector.detect(profile,
            DataColumns.of(FeatureColumn.categorical("income", new String[] {"1"}), FeatureColumn.categorical("city", new String[] {"a"})),
            DriftSpec.defaults()));
        assertEquals("column 'income' is categorical in the current data but numeric in the reference profile", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DriftMethod.of("wasserstien"));
        assertEquals("unknown drift method 'wasserstien'; did you mean 'wasserstein'? Valid: ks, chisquare, z, "
            + "chi2_contingency, psi, jensenshannon, wasserstein", e.getMessage());
    }

    @Test
    void detect_allMissingCurrent_isReportedUntestedAndNotCounted() {
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(
            FeatureColumn.numeric("a", new double[] {1, 2, 3, 4}), FeatureColumn.numeric("b", new double[] {1, 2, 3, 4})));
        DriftReport r = DriftDetector.detect(profile, DataColumns.of(FeatureColumn.numeric("a", new double[] {Double.NaN, Double.NaN}),
            FeatureColumn.numeric("b", new double[] {1, 2})), DriftSpec.defaults());
        FeatureDrift a = r.feature("a").orElseThrow();
        assertFalse(a.tested());
        assertEquals("the current data has no values", a.detail());
        assertEquals(1.0, a.currentMissingShare());
        assertEquals(1, r.dataset().features());
    }

    @Test
    void detect_categoriesBeyondTheProfile_arePooled() {
        String[] ref = new String[2000];
        String[] cur = new String[2000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i % 2 == 0 ? "common" : "rare" + (i % 50);
            cur[i] = i % 2 == 0 ? "common" : "new" + (i % 50);
        }
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.categorical("c", ref)),
            new ProfileOptions(100, 5, 5, 1));
        FeatureDrift f = DriftDetector.detect(profile, DataColumns.of(FeatureColumn.categorical("c", cur)),
            DriftSpec.defaults()).features().get(0);
        // Reference: common 1000, 4 kept rare values of 40 each, (other) 840; current: common 1000, (other) 1000.
        double[] r = {1000 / 2000.0, 40 / 2000.0, 40 / 2000.0, 40 / 2000.0, 40 / 2000.0, 840 / 2000.0};
        double[] c = {1000 / 2000.0, 0, 0, 0, 0, 1000 / 2000.0};
        assertEquals(DriftMethod.JENSENSHANNON, f.method());
        assertEquals(dev.mlops.drift.stats.Distances.jensenShannon(r, c), f.distance(), 1e-15);
        assertTrue(f.detail().contains("pooled as (other)"), f.detail());
    }

    @Test
    void detect_predictionsAreComparedSeparately() {
        String[] refPred = new String[600];
        String[] curPred = new String[600];
        for (int i = 0; i < 600; i++) {
            refPred[i] = i % 2 == 0 ? "pos" : "neg";
            curPred[i] = i % 5 == 0 ? "pos" : "neg";
        }
        double[] x = SampleGenerator.sample(5, 600, "sum3", 1, 0);
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", x))
            .withPrediction(FeatureColumn.categorical("prediction", refPred)));
        DriftReport r = DriftDetector.detect(profile, DataColumns.of(FeatureColumn.numeric("x", x))
            .withPrediction(FeatureColumn.categorical("prediction", curPred)), DriftSpec.defaults());
        assertFalse(r.dataset().datasetDrift());
        assertEquals(DriftMethod.Z, r.prediction().method());
        assertTrue(r.prediction().drifted());
        // Without predictions in the current data there is nothing to compare.
        assertNull(DriftDetector.detect(profile, DataColumns.of(FeatureColumn.numeric("x", x)), DriftSpec.defaults())
            .prediction());
    }
}
