package dev.mlops.drift.stats;

/** Chi-square tests with the semantics of scipy's {@code chisquare} and {@code chi2_contingency}. */
public final class ChiSquare {

    private ChiSquare() {
    }

    /**
     * A chi-square statistic with its p-value.
     *
     * @param statistic        the chi-square statistic (may be infinite)
     * @param pValue           the upper tail probability
     * @param degreesOfFreedom the degrees of freedom used
     */
    public record Result(double statistic, double pValue, int degreesOfFreedom) {
    }

    /**
     * Goodness of fit of observed counts to expected counts, k - 1 degrees of freedom. An expected
     * count of zero with a positive observed count gives an infinite statistic and p-value 0.
     * With fewer than two categories there is nothing to test: statistic 0, p-value 1.
     *
     * @param observed observed counts
     * @param expected expected counts, same length and (within 1e-8 relative) the same total
     * @return the statistic and p-value
     */
    public static Result goodnessOfFit(double[] observed, double[] expected) {
        if (observed.length != expected.length) {
            throw new IllegalArgumentException("observed and expected need the same length, got "
                + observed.length + " and " + expected.length);
        }
        double so = 0;
        double se = 0;
        for (int i = 0; i < observed.length; i++) {
            so += observed[i];
            se += expected[i];
        }
        if (Math.abs(so - se) > 1e-8 * Math.max(Math.abs(so), Math.abs(se))) {
            throw new IllegalArgumentException("observed total " + so + " and expected total " + se
                + " differ; expected counts must be scaled to the observed total");
        }
        int dof = observed.length - 1;
        if (dof < 1) {
            return new Result(0, 1, 0);
        }
        double stat = 0;
        for (int i = 0; i < observed.length; i++) {
            double diff = observed[i] - expected[i];
            stat += diff * diff / expected[i];
        }
        return new Result(stat, SpecialFunctions.chiSquareSf(stat, dof), dof);
    }

    /**
     * Chi-square test of independence of a contingency table, with Yates' continuity correction
     * when there is one degree of freedom (scipy's default {@code correction=True}).
     *
     * @param table counts, rows x columns, every row and column total positive
     * @return the statistic and p-value
     */
    public static Result contingency(double[][] table) {
        int rows = table.length;
        if (rows == 0 || table[0].length == 0) {
            throw new IllegalArgumentException("contingency table must not be empty");
        }
        int cols = table[0].length;
        double[] rowSums = new double[rows];
        double[] colSums = new double[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            if (table[r].length != cols) {
                throw new IllegalArgumentException("contingency table rows differ in length: " + cols
                    + " and " + table[r].length);
            }
            for (int c = 0; c < cols; c++) {
                double x = table[r][c];
                if (!(x >= 0)) {
                    throw new IllegalArgumentException("contingency counts must be non-negative, got " + x);
                }
                rowSums[r] += x;
                colSums[c] += x;
                total += x;
            }
        }
        for (int r = 0; r < rows; r++) {
            if (rowSums[r] == 0) {
                throw new IllegalArgumentException("contingency table row " + r + " has a zero total");
            }
        }
        for (int c = 0; c < cols; c++) {
            if (colSums[c] == 0) {
                throw new IllegalArgumentException("contingency table column " + c + " has a zero total");
            }
        }
        int dof = (rows - 1) * (cols - 1);
        if (dof == 0) {
            return new Result(0, 1, 0);
        }
        double stat = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double expected = rowSums[r] * colSums[c] / total;
                double observed = table[r][c];
                if (dof == 1) {
                    // Yates: move each observed count half a unit towards its expectation.
                    double diff = expected - observed;
                    observed += Math.signum(diff) * Math.min(0.5, Math.abs(diff));
                }
                double d = observed - expected;
                stat += d * d / expected;
            }
        }
        return new Result(stat, SpecialFunctions.chiSquareSf(stat, dof), dof);
    }
}
