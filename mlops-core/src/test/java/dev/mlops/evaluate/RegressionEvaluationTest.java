package dev.mlops.evaluate;

import static dev.mlops.evaluate.SklearnReference.assertMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins every metric against scikit-learn 1.2.1; the text blocks are the verbatim output of
 * {@code src/test/python/evaluation_reference.py}.
 */
class RegressionEvaluationTest {

    static final double[] ACTUAL = {3.0, -0.5, 2.0, 7.0, 0.0, 4.25, 1.5, 10.0};
    static final double[] PREDICTED = {2.5, 0.0, 2.125, 7.75, 0.25, 3.875, 1.5, 9.0};

    @Test
    void of_withZeroActual_matchesScikitLearnIncludingHugeMape() {
        assertMatches(RegressionEvaluation.of(ACTUAL, PREDICTED), """
                rmse = 0.5340002340823456
                mse = 0.28515625
                mae = 0.4375
                r2 = 0.9745799599547315
                explained_variance = 0.9746670148863933
                max_error = 1.0
                mape = 140737488355328.16
                """);
    }

    @Test
    void restrictTo_firstFourRows_matchesScikitLearnWithoutZero() {
        RegressionEvaluation e = RegressionEvaluation.of(ACTUAL, PREDICTED).restrictTo(new int[] {0, 1, 2, 3});
        assertEquals(4, e.size());
        assertMatches(e, """
                rmse = 0.5191639914323797
                mse = 0.26953125
                mae = 0.46875
                r2 = 0.9630620985010707
                explained_variance = 0.9696199143468951
                max_error = 0.75
                mape = 0.334077380952381
                """);
    }

    @Test
    void of_constantActual_forceFiniteLikeScikitLearn() {
        assertMatches(RegressionEvaluation.of(new double[] {2, 2, 2}, new double[] {2, 2, 2}), """
                rmse = 0.0
                mse = 0.0
                mae = 0.0
                r2 = 1.0
                explained_variance = 1.0
                max_error = 0.0
                mape = 0.0
                """);
        assertMatches(RegressionEvaluation.of(new double[] {2, 2, 2}, new double[] {2, 2, 3}), """
                rmse = 0.5773502691896257
                mse = 0.3333333333333333
                mae = 0.3333333333333333
                r2 = 0.0
                explained_variance = 0.0
                max_error = 1.0
                mape = 0.16666666666666666
                """);
    }

    @Test
    void of_constantActualWithInexactMean_isStillConstant() {
        // the mean of 0.1, 0.1, 0.1 is 0.10000000000000002; scikit-learn then reports r2 = -5.19e31
        RegressionEvaluation e = RegressionEvaluation.of(new double[] {0.1, 0.1, 0.1}, new double[] {0.2, 0.2, 0.2});
        assertEquals(0.0, e.metric("r2"));
        assertEquals(0.0, e.metric("explained_variance"));
    }

    @Test
    void of_singleRow_r2IsNaN() {
        assertMatches(RegressionEvaluation.of(new double[] {5}, new double[] {4}), """
                rmse = 1.0
                mse = 1.0
                mae = 1.0
                r2 = nan
                explained_variance = 1.0
                max_error = 1.0
                mape = 0.2
                """);
    }

    @Test
    void asMap_namesInDocumentedOrder() {
        assertEquals(List.of("rmse", "mse", "mae", "r2", "explained_variance", "max_error", "mape"),
                List.copyOf(RegressionEvaluation.of(ACTUAL, PREDICTED).asMap().keySet()));
    }

    @Test
    void restrictTo_repeats_sameAsGatheredRows() {
        int[] rows = {7, 7, 0, 4, 4, 4};
        double[] a = Arrays.stream(rows).mapToDouble(r -> ACTUAL[r]).toArray();
        double[] p = Arrays.stream(rows).mapToDouble(r -> PREDICTED[r]).toArray();
        RegressionEvaluation restricted = RegressionEvaluation.of(ACTUAL, PREDICTED).restrictTo(rows);
        assertEquals(RegressionEvaluation.of(a, p).asMap(), restricted.asMap());
        assertArrayEquals(a, restricted.actual());
        assertArrayEquals(p, restricted.predicted());
        assertEquals("rows[0] = 8 is out of range; this evaluation has 8 rows (valid 0..7)",
                assertThrows(IllegalArgumentException.class,
                        () -> RegressionEvaluation.of(ACTUAL, PREDICTED).restrictTo(new int[] {8})).getMessage());
    }

    @Test
    void metric_unknownName_suggestsNearest() {
        assertEquals("unknown regression metric 'rsme'; did you mean 'rmse'? Valid: rmse, mse, mae, r2,"
                        + " explained_variance, max_error, mape",
                assertThrows(IllegalArgumentException.class,
                        () -> RegressionEvaluation.of(ACTUAL, PREDICTED).metric("rsme")).getMessage());
    }

    @Test
    void of_badInput_namesIndexAndValue() {
        assertEquals("actual has 2 rows but predicted has 1; they must have the same length",
                assertThrows(IllegalArgumentException.class,
                        () -> RegressionEvaluation.of(new double[] {1, 2}, new double[] {1})).getMessage());
        assertEquals("predicted[1] = NaN is not a finite number; regression metrics need finite actual and predicted values",
                assertThrows(IllegalArgumentException.class,
                        () -> RegressionEvaluation.of(new double[] {1, 2}, new double[] {1, Double.NaN})).getMessage());
        assertEquals("actual[0] = -Infinity is not a finite number; regression metrics need finite actual and predicted values",
                assertThrows(IllegalArgumentException.class, () -> RegressionEvaluation.of(
                        new double[] {Double.NEGATIVE_INFINITY}, new double[] {1})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegressionEvaluation.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> RegressionEvaluation.of(null, new double[0]));
    }

    @Test
    void of_copiesInputs() {
        double[] actual = ACTUAL.clone();
        RegressionEvaluation e = RegressionEvaluation.of(actual, PREDICTED);
        actual[0] = 100;
        e.actual()[1] = 100;
        assertArrayEquals(ACTUAL, e.actual());
        assertTrue(e.toString().startsWith("RegressionEvaluation[rows=8, rmse=0.534"), e.toString());
    }
}
