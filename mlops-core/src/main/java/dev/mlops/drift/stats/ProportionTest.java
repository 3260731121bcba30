package dev.mlops.drift.stats;

/** The two-proportion Z test, in the pooled form Evidently's {@code z} drift method uses. */
public final class ProportionTest {

    private ProportionTest() {
    }

    /**
     * A Z statistic with its two-sided p-value.
     *
     * @param statistic the Z statistic (reference share minus current share, standardised)
     * @param pValue    the two-sided p-value
     */
    public record Result(double statistic, double pValue) {
    }

    /**
     * Tests whether two samples share the same proportion of "successes".
     *
     * @param successes1 successes in the first sample
     * @param n1         size of the first sample, positive
     * @param successes2 successes in the second sample
     * @param n2         size of the second sample, positive
     * @return the statistic and the p-value 2 (1 - Φ(|z|))
     */
    public static Result twoProportions(long successes1, long n1, long successes2, long n2) {
        if (n1 <= 0 || n2 <= 0 || successes1 < 0 || successes2 < 0 || successes1 > n1 || successes2 > n2) {
            throw new IllegalArgumentException("need 0 <= successes <= n and n > 0, got " + successes1 + "/" + n1
                + " and " + successes2 + "/" + n2);
        }
        double p1 = (double) successes1 / n1;
        double p2 = (double) successes2 / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        if (pooled == 0 || pooled == 1) {
            // Both samples hold a single, identical value: no evidence of a difference.
            return new Result(0, 1);
        }
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        // Written as scipy computes it (1 - cdf), so results agree to the last digits.
        double p = 2 * (1 - SpecialFunctions.normalCdf(Math.abs(z)));
        return new Result(z, p);
    }
}
