package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.evaluate.ClassificationEvaluation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Values pinned by {@code src/test/python/gate_statistics_reference.py} (scipy 1.10, scikit-learn 1.2). */
class StatisticsTest {

    @ParameterizedTest
    @CsvSource({
            "0, 1, 1.0",
            "1, 4, 0.375",
            "3, 11, 0.057373046875",
            "10, 10, 1.0",
            "2, 9, 0.0654296875",
            "25, 40, 0.08168153394154003",
            "150, 190, 0.03427004653329391",
            "0, 12, 0.00048828125"})
    void mcnemarExact_matchesScipyBinomtest(int b, int c, double expected) {
        assertEquals(expected, Statistics.mcnemarExact(b, c), 1e-12 * Math.max(1e-3, expected));
        assertEquals(expected, Statistics.mcnemarExact(c, b), 1e-12 * Math.max(1e-3, expected), "symmetric");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 10, 0.95, 0.0, 0.30849710781876294",
            "3, 10, 0.95, 0.06673951117773447, 0.652452850060008",
            "10, 10, 0.95, 0.6915028921812371, 1.0",
            "11, 14, 0.95, 0.4920243229515283, 0.9534207121102133",
            "40, 65, 0.9, 0.5059647714675879, 0.716639826501159",
            "190, 340, 0.99, 0.4875553508109645, 0.6284097097736865"})
    void clopperPearson_matchesScipyExactInterval(int k, int n, double confidence, double lower, double upper) {
        double[] ci = Statistics.clopperPearson(k, n, confidence);
        assertEquals(lower, ci[0], 1e-10);
        assertEquals(upper, ci[1], 1e-10);
    }

    @Test
    void mcnemarExact_noDiscordantPairs_isOne() {
        assertEquals(1.0, Statistics.mcnemarExact(0, 0));
    }

    /** 40 rows, 3 classes; the candidate is right on 80% of rows, the baseline on 70%. */
    static ClassificationEvaluation[] fixture() {
        int n = 40;
        int[] actual = new int[n];
        int[] candidate = new int[n];
        int[] baseline = new int[n];
        for (int i = 0; i < n; i++) {
            actual[i] = i % 3;
            candidate[i] = (i * 7) % 10 < 8 ? actual[i] : (actual[i] + 1) % 3;
            baseline[i] = (i * 3) % 10 < 7 ? actual[i] : (actual[i] + 2) % 3;
        }
        List<String> labels = List.of("a", "b", "c");
        return new ClassificationEvaluation[] {
            ClassificationEvaluation.of(labels, actual, candidate, null),
            ClassificationEvaluation.of(labels, actual, baseline, null)};
    }

    @Test
    void bootstrap_reproducesIndependentImplementation() {
        ClassificationEvaluation[] e = fixture();
        ClassificationEvaluation c = e[0];
        ClassificationEvaluation b = e[1];
        assertEquals(0.8, c.metric("accuracy"), 1e-15);
        assertEquals(0.7, b.metric("accuracy"), 1e-15);

        Statistics.Interval accuracy = Statistics.bootstrap(40, rows -> c.restrictTo(rows).metric("accuracy"), 0.9, 500, 7);
        assertEquals(0.6987499999999999, accuracy.lower(), 1e-12);
        assertEquals(0.9, accuracy.upper(), 1e-12);
        assertEquals(500, accuracy.defined());

        Statistics.Interval f1 = Statistics.bootstrap(40, rows -> c.restrictTo(rows).metric("f1_weighted"), 0.9, 500, 7);
        assertEquals(0.6837291666666667, f1.lower(), 1e-12);
        assertEquals(0.9000055555555556, f1.upper(), 1e-12);

        Statistics.Interval gain = Statistics.bootstrap(40,
                rows -> c.restrictTo(rows).metric("accuracy") - b.restrictTo(rows).metric("accuracy"), 0.9, 500, 7);
        assertEquals(-0.07500000000000007, gain.lower(), 1e-12);
        assertEquals(0.275, gain.upper(), 1e-12);
    }

    @Test
    void bootstrap_mostlyUndefined_isNull() {
        // NaN in 3 of every 4 resamples
        int[] calls = {0};
        assertEquals(null, Statistics.bootstrap(10, rows -> calls[0]++ % 4 == 0 ? 1.0 : Double.NaN, 0.95, 200, 1));
    }

    @Test
    void quantile_interpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, Statistics.quantile(sorted, 0.025), 1e-12); // numpy.percentile([1,2,3,4], 2.5)
        assertEquals(3.925, Statistics.quantile(sorted, 0.975), 1e-12);
        assertEquals(4, Statistics.quantile(sorted, 1.0));
    }

    @Test
    void binomialCdf_largeN_staysFinite() {
        assertEquals(0.5, Statistics.binomialCdf(50_000, 100_001, 0.5), 1e-9);
    }
}
