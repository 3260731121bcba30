package dev.mlops.drift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    @Test
    void test_smallSamples_matchScipyExactValues() {
        // Pinned from scipy.stats.ks_2samp(a, b, method="auto"), see drift_reference.py.
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1, 2, 3, 4, 5}, new double[] {3.5, 6, 7, 8, 9});
        assertEquals(0.8, r.statistic(), 1e-15);
        assertEquals(0.07936507936507936, r.pValue(), 1e-15);
        assertEquals(KolmogorovSmirnov.PValueMethod.EXACT, r.method());

        KolmogorovSmirnov.Result ties = KolmogorovSmirnov.test(new double[] {1, 1, 2, 2, 3},
            new double[] {1, 2, 2, 2, 3, 3, 3, 4});
        assertEquals(0.3, ties.statistic(), 1e-15);
        assertEquals(0.850815850815851, ties.pValue(), 1e-14);
    }

    @Test
    void test_allInlineCases_matchScipy() {
        for (JsonNode c : Reference.get("ks_inline")) {
            KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(Reference.doubles(c.get("a")), Reference.doubles(c.get("b")));
            Reference.close(c.get("statistic").asDouble(), r.statistic(), 1e-15, 0, "statistic " + c);
            Reference.close(c.get("pvalue").asDouble(), r.pValue(), 1e-12, 0, "p-value " + c);
        }
    }

    @Test
    void test_generatedCases_matchScipyExactAndAsymptotic() {
        for (JsonNode c : Reference.get("ks_generated")) {
            double[] a = SampleGenerator.sample(c.get("a"));
            double[] b = SampleGenerator.sample(c.get("b"));
            KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, b);
            String what = c.get("a") + " vs " + c.get("b");
            int larger = Math.max(a.length, b.length);
            assertEquals(larger <= 10_000 ? KolmogorovSmirnov.PValueMethod.EXACT
                : KolmogorovSmirnov.PValueMethod.ASYMPTOTIC, r.method(), what);
            Reference.close(c.get("statistic").asDouble(), r.statistic(), 1e-15, 0, "statistic " + what);
            Reference.close(c.get("pvalue").asDouble(), r.pValue(), 1e-10, 1e-300, "p-value " + what);
        }
    }

    @Test
    void test_isSymmetricInItsArguments() {
        double[] a = SampleGenerator.sample(3, 37, "uniform", 1, 0);
        double[] b = SampleGenerator.sample(4, 53, "uniform", 1, 0.1);
        assertEquals(KolmogorovSmirnov.test(a, b).pValue(), KolmogorovSmirnov.test(b, a).pValue(), 1e-15);
    }

    @Test
    void test_emptyOrNaN_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.test(new double[0], new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KolmogorovSmirnov.test(new double[] {1, Double.NaN}, new double[] {1}));
        assertEquals("KS test samples must not contain NaN", e.getMessage());
    }

    @Test
    void twoSidedSf_gridCoveringEveryBranch_matchesScipyKstwo() {
        for (JsonNode c : Reference.get("kstwo_sf")) {
            long n = c.get("n").asLong();
            double x = c.get("x").asDouble();
            Reference.close(c.get("sf").asDouble(), KolmogorovDistribution.twoSidedSf(n, x), 1e-10, 1e-300,
                "kstwo.sf(" + x + ", " + n + ")");
        }
    }

    @Test
    void smirnovSf_grid_matchesScipySmirnov() {
        for (JsonNode c : Reference.get("smirnov_sf")) {
            long n = c.get("n").asLong();
            double x = c.get("x").asDouble();
            Reference.close(c.get("sf").asDouble(), KolmogorovDistribution.smirnovSf(n, x), 1e-10, 1e-300,
                "smirnov(" + n + ", " + x + ")");
        }
    }
}
