package dev.mlops.gate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the statistical gates' intervals against simulation: over many seeded trials with a
 * known true value, a 95% interval must contain it in about 95% of trials. 400 trials give a
 * standard error of 1.1 points, so the accepted band [0.92, 0.98] is about three standard errors
 * around 0.95 (the percentile bootstrap undercovers slightly at small n). The statistics are
 * computed from per-row arrays so that the simulation stays fast; that a metric restricted to a
 * resample is the same metric is tested with the evaluations. Everything is seeded.
 */
class CoverageSimulationTest {

    private static final int TRIALS = 400;
    private static final int RESAMPLES = 400;

    @Test
    void bootstrapAccuracyInterval_covers95Percent() {
        double trueAccuracy = 0.8;
        Random data = new Random(2024);
        int n = 120;
        int covered = 0;
        for (int t = 0; t < TRIALS; t++) {
            double[] correct = new double[n];
            for (int i = 0; i < n; i++) {
                correct[i] = data.nextDouble() < trueAccuracy ? 1 : 0;
            }
            Statistics.Interval ci = Statistics.bootstrap(n, rows -> mean(correct, rows), 0.95, RESAMPLES, t);
            covered += ci.lower() <= trueAccuracy && trueAccuracy <= ci.upper() ? 1 : 0;
        }
        assertCoverage(covered, "accuracy");
    }

    @Test
    void pairedBootstrapDifference_covers95Percent() {
        // The baseline is right on 70% of rows; the candidate agrees with it on 85% of rows and is
        // otherwise right with chance 2/3: paired, correlated errors with a known true difference.
        Random data = new Random(7);
        int n = 150;
        double trueDifference = 0.15 * (2.0 / 3 - 0.7);
        int covered = 0;
        for (int t = 0; t < TRIALS; t++) {
            double[] difference = new double[n];
            for (int i = 0; i < n; i++) {
                boolean base = data.nextDouble() < 0.7;
                boolean cand = data.nextDouble() < 0.85 ? base : data.nextDouble() < 2.0 / 3;
                difference[i] = (cand ? 1 : 0) - (base ? 1 : 0);
            }
            Statistics.Interval ci = Statistics.bootstrap(n, rows -> mean(difference, rows), 0.95, RESAMPLES, t);
            covered += ci.lower() <= trueDifference && trueDifference <= ci.upper() ? 1 : 0;
        }
        assertCoverage(covered, "paired accuracy difference");
    }

    @Test
    void bootstrapMaeInterval_covers95Percent() {
        // Errors ~ N(0, 1): the true mean absolute error is sqrt(2 / pi).
        double trueMae = Math.sqrt(2 / Math.PI);
        Random data = new Random(11);
        int n = 100;
        int covered = 0;
        for (int t = 0; t < TRIALS; t++) {
            double[] absoluteError = new double[n];
            for (int i = 0; i < n; i++) {
                absoluteError[i] = Math.abs(data.nextGaussian());
            }
            Statistics.Interval ci = Statistics.bootstrap(n, rows -> mean(absoluteError, rows), 0.95, RESAMPLES, t);
            covered += ci.lower() <= trueMae && trueMae <= ci.upper() ? 1 : 0;
        }
        assertCoverage(covered, "mae");
    }

    @Test
    void exactMcNemarInterval_coversAtLeast95Percent() {
        // The Clopper-Pearson interval behind accuracy comparisons is conservative: at least nominal coverage.
        Random data = new Random(3);
        double pi = 0.35; // share of discordant pairs where the candidate is the one that is right
        int covered = 0;
        for (int t = 0; t < TRIALS; t++) {
            int discordant = 20 + data.nextInt(20);
            int k = 0;
            for (int i = 0; i < discordant; i++) {
                k += data.nextDouble() < pi ? 1 : 0;
            }
            double[] ci = Statistics.clopperPearson(k, discordant, 0.95);
            covered += ci[0] <= pi && pi <= ci[1] ? 1 : 0;
        }
        double coverage = (double) covered / TRIALS;
        assertTrue(coverage >= 0.94, "exact interval coverage " + coverage);
    }

    private static double mean(double[] values, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += values[r];
        }
        return sum / rows.length;
    }

    private static void assertCoverage(int covered, String what) {
        double coverage = (double) covered / TRIALS;
        assertTrue(coverage >= 0.92 && coverage <= 0.98, what + ": the 95% interval covered the true value in "
                + covered + " of " + TRIALS + " trials (" + coverage + ")");
    }
}
