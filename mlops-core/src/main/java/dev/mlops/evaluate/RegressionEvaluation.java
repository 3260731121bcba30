package dev.mlops.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation of a regression: predicted numbers compared with the actual numbers. Metric
 * names and definitions match scikit-learn 1.2; {@code docs/metrics.md} lists them with their
 * edge cases.
 *
 * <p>{@link #asMap()} holds, in this order: {@code rmse}, {@code mse}, {@code mae}, {@code r2},
 * {@code explained_variance}, {@code max_error} and {@code mape}. {@code mape} is a fraction
 * (0.1 means 10 %), computed like scikit-learn's {@code mean_absolute_percentage_error}: each
 * actual value's magnitude is floored at {@code 2.220446049250313E-16}, so a zero actual value
 * gives a huge but finite error. {@code r2} and {@code explained_variance} follow scikit-learn's
 * {@code force_finite=True}: with constant actual values they are 1.0 for perfect predictions and
 * 0.0 otherwise; {@code r2} of a single row is NaN.
 */
public final class RegressionEvaluation implements Evaluation {

    /** {@code np.finfo(np.float64).eps}, the floor of |actual| in scikit-learn's MAPE. */
    private static final double MAPE_EPS = Math.ulp(1.0);

    private final double[] actual;
    private final double[] predicted;
    private volatile Map<String, Double> metrics;

    private RegressionEvaluation(double[] actual, double[] predicted) {
        this.actual = actual;
        this.predicted = predicted;
    }

    /**
     * Evaluates a regression. The arrays are copied.
     *
     * @param actual    the actual value of each row, finite
     * @param predicted the predicted value of each row, finite, same length as {@code actual}
     * @return the evaluation
     * @throws IllegalArgumentException naming the offending index and value when the arrays are
     *                                  null, empty, of different lengths or not finite
     */
    public static RegressionEvaluation of(double[] actual, double[] predicted) {
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted must not be null");
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " rows but predicted has "
                    + predicted.length + "; they must have the same length");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("cannot evaluate zero rows");
        }
        checkFinite("actual", actual);
        checkFinite("predicted", predicted);
        return new RegressionEvaluation(actual.clone(), predicted.clone());
    }

    /**
     * Returns the actual value of each row.
     *
     * @return a new array of {@link #size()} values
     */
    public double[] actual() {
        return actual.clone();
    }

    /**
     * Returns the predicted value of each row.
     *
     * @return a new array of {@link #size()} values
     */
    public double[] predicted() {
        return predicted.clone();
    }

    @Override
    public int size() {
        return actual.length;
    }

    @Override
    public RegressionEvaluation restrictTo(int[] rows) {
        Rows.check(rows, actual.length);
        double[] a = new double[rows.length];
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            a[i] = actual[rows[i]];
            p[i] = predicted[rows[i]];
        }
        return new RegressionEvaluation(a, p);
    }

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> result = metrics;
        if (result == null) {
            result = compute();
            metrics = result;
        }
        return result;
    }

    @Override
    public double metric(String name) {
        return MetricLookup.get(asMap(), name, "regression");
    }

    @Override
    public String toString() {
        return "RegressionEvaluation[rows=" + actual.length + ", rmse=" + asMap().get("rmse") + "]";
    }

    double actualAt(int row) {
        return actual[row];
    }

    double predictedAt(int row) {
        return predicted[row];
    }

    private Map<String, Double> compute() {
        int n = actual.length;
        double sumActual = 0;
        double sumError = 0;
        double sumSquared = 0;
        double sumAbsolute = 0;
        double sumPercentage = 0;
        double maxError = 0;
        boolean constant = true;
        for (int i = 0; i < n; i++) {
            double a = actual[i];
            double error = a - predicted[i];
            double absolute = Math.abs(error);
            sumActual += a;
            sumError += error;
            sumSquared += error * error;
            sumAbsolute += absolute;
            sumPercentage += absolute / Math.max(Math.abs(a), MAPE_EPS);
            maxError = Math.max(maxError, absolute);
            constant &= a == actual[0];
        }
        double meanActual = sumActual / n;
        double meanError = sumError / n;
        double totalSquares = 0;
        double errorVariance = 0;
        for (int i = 0; i < n; i++) {
            double deviation = actual[i] - meanActual;
            double centred = actual[i] - predicted[i] - meanError;
            totalSquares += deviation * deviation;
            errorVariance += centred * centred;
        }
        if (constant) {
            // The mean of equal values can be off by an ulp; the variance is zero by definition.
            totalSquares = 0;
        }
        double mse = sumSquared / n;
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("rmse", Math.sqrt(mse));
        map.put("mse", mse);
        map.put("mae", sumAbsolute / n);
        map.put("r2", n < 2 ? Double.NaN : forceFinite(sumSquared, totalSquares));
        map.put("explained_variance", forceFinite(errorVariance / n, totalSquares / n));
        map.put("max_error", maxError);
        map.put("mape", sumPercentage / n);
        return Collections.unmodifiableMap(map);
    }

    /** 1 - numerator / denominator, with scikit-learn's force_finite rule for a zero denominator or numerator. */
    private static double forceFinite(double numerator, double denominator) {
        if (numerator == 0) {
            return 1.0;
        }
        return denominator == 0 ? 0.0 : 1.0 - numerator / denominator;
    }

    private static void checkFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + values[i]
                        + " is not a finite number; regression metrics need finite actual and predicted values");
            }
        }
    }
}
