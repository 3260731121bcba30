package dev.mlops.drift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void goodnessOfFit_matchesScipyChisquare() {
        for (JsonNode c : Reference.get("chisquare_gof")) {
            ChiSquare.Result r = ChiSquare.goodnessOfFit(Reference.doubles(c.get("observed")), Reference.doubles(c.get("expected")));
            Reference.close(c.get("statistic").asDouble(), r.statistic(), 1e-14, 0, "stat " + c);
            Reference.close(c.get("pvalue").asDouble(), r.pValue(), 1e-12, 1e-300, "p " + c);
        }
    }

    @Test
    void goodnessOfFit_pinnedValue() {
        // scipy.stats.chisquare([10, 20, 30], [15, 15, 30]) -> (3.3333333333333335, 0.18887560283756186)
        ChiSquare.Result r = ChiSquare.goodnessOfFit(new double[] {10, 20, 30}, new double[] {15, 15, 30});
        assertEquals(3.3333333333333335, r.statistic(), 1e-15);
        assertEquals(0.18887560283756186, r.pValue(), 1e-15);
        assertEquals(2, r.degreesOfFreedom());
    }

    @Test
    void contingency_matchesScipyWithYatesFor2x2() {
        for (JsonNode c : Reference.get("chi2_contingency")) {
            JsonNode t = c.get("table");
            double[][] table = new double[t.size()][];
            for (int i = 0; i < table.length; i++) {
                table[i] = Reference.doubles(t.get(i));
            }
            ChiSquare.Result r = ChiSquare.contingency(table);
            assertEquals(c.get("dof").asInt(), r.degreesOfFreedom());
            Reference.close(c.get("statistic").asDouble(), r.statistic(), 1e-13, 1e-15, "stat " + c);
            Reference.close(c.get("pvalue").asDouble(), r.pValue(), 1e-12, 1e-300, "p " + c);
        }
    }

    @Test
    void goodnessOfFit_mismatchedTotals_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ChiSquare.goodnessOfFit(new double[] {1, 2}, new double[] {1, 1}));
        assertEquals("observed total 3.0 and expected total 2.0 differ; expected counts must be scaled to the observed total",
            e.getMessage());
    }

    @Test
    void evidentlyChisquare_scaledReferenceCounts_matchEvidently() {
        for (JsonNode c : Reference.get("evidently_chisquare")) {
            TreeSet<String> keys = new TreeSet<>();
            c.get("reference").fieldNames().forEachRemaining(keys::add);
            c.get("current").fieldNames().forEachRemaining(keys::add);
            long nr = 0;
            long nc = 0;
            for (String k : keys) {
                nr += c.get("reference").path(k).asLong(0);
                nc += c.get("current").path(k).asLong(0);
            }
            double[] obs = new double[keys.size()];
            double[] exp = new double[keys.size()];
            int i = 0;
            for (String k : keys) {
                obs[i] = c.get("current").path(k).asLong(0);
                exp[i] = c.get("reference").path(k).asLong(0) * ((double) nc / nr);
                i++;
            }
            Reference.close(c.get("pvalue").asDouble(), ChiSquare.goodnessOfFit(obs, exp).pValue(), 1e-12, 1e-300, c.toString());
        }
    }

    @Test
    void evidentlyZ_twoProportions_matchEvidently() {
        for (JsonNode c : Reference.get("evidently_z")) {
            TreeSet<String> keys = new TreeSet<>();
            c.get("reference").fieldNames().forEachRemaining(keys::add);
            c.get("current").fieldNames().forEachRemaining(keys::add);
            String first = keys.first();
            long nr = 0;
            long nc = 0;
            for (String k : keys) {
                nr += c.get("reference").path(k).asLong(0);
                nc += c.get("current").path(k).asLong(0);
            }
            long sr = nr - c.get("reference").path(first).asLong(0);
            long sc = nc - c.get("current").path(first).asLong(0);
            Reference.close(c.get("pvalue").asDouble(), ProportionTest.twoProportions(sr, nr, sc, nc).pValue(),
                1e-12, 1e-15, c.toString());
        }
    }
}
