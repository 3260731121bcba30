package dev.mlops.evaluate;

import static dev.mlops.evaluate.SklearnReference.assertMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins every metric against scikit-learn 1.2.1; the text blocks are the verbatim output of
 * {@code src/test/python/evaluation_reference.py}.
 */
class ClassificationEvaluationTest {

    static final List<String> IRIS_LABELS = List.of("setosa", "versicolor", "virginica");

    /** Logistic regression on iris' sepal features, probabilities rounded to hundredths (many ties). */
    static ClassificationEvaluation iris() throws IOException {
        List<int[]> labels = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ClassificationEvaluationTest.class.getResourceAsStream("iris_predictions.csv"), StandardCharsets.UTF_8))) {
            assertEquals("actual,predicted,p_setosa,p_versicolor,p_virginica", in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                labels.add(new int[] {IRIS_LABELS.indexOf(f[0]), IRIS_LABELS.indexOf(f[1])});
                probabilities.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
            }
        }
        return ClassificationEvaluation.of(IRIS_LABELS,
                labels.stream().mapToInt(r -> r[0]).toArray(),
                labels.stream().mapToInt(r -> r[1]).toArray(),
                probabilities.toArray(new double[0][]));
    }

    /** Labels negative, positive; ties across classes at 0.4 and 0.7; p = 0 and p = 1 on the actual class. */
    static ClassificationEvaluation binary() {
        int[] actual = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1};
        double[] positive = {0.9, 0.4, 0.4, 0.7, 0.7, 0.1, 0.0, 0.35, 1.0, 0.2, 0.8, 0.55};
        int[] predicted = new int[actual.length];
        double[][] probabilities = new double[actual.length][];
        for (int i = 0; i < actual.length; i++) {
            predicted[i] = positive[i] >= 0.5 ? 1 : 0;
            probabilities[i] = new double[] {1 - positive[i], positive[i]};
        }
        return ClassificationEvaluation.of(List.of("negative", "positive"), actual, predicted, probabilities);
    }

    @Test
    void of_irisWithTies_matchesScikitLearn() throws IOException {
        ClassificationEvaluation e = iris();
        assertEquals(150, e.size());
        assertMatches(e, """
                accuracy = 0.82
                balanced_accuracy = 0.82
                precision_macro = 0.8200613578764839
                precision_weighted = 0.820061357876484
                precision_micro = 0.82
                recall_macro = 0.82
                recall_weighted = 0.82
                recall_micro = 0.82
                f1_macro = 0.81998199819982
                f1_weighted = 0.81998199819982
                f1_micro = 0.82
                class 0: precision=1.0 recall=1.0 f1=1.0 support=50
                class 1: precision=0.7254901960784313 recall=0.74 f1=0.7326732673267328 support=50
                class 2: precision=0.7346938775510204 recall=0.72 f1=0.7272727272727272 support=50
                confusion [[50, 0, 0], [0, 37, 13], [0, 14, 36]]
                log_loss = 0.44692537052434433
                roc_auc_ovr = 0.9264333333333333
                """);
    }

    @Test
    void restrictTo_bootstrapRowsWithRepeats_matchesScikitLearnOnThoseRows() throws IOException {
        ClassificationEvaluation e = iris().restrictTo(new int[] {0, 0, 51, 52, 52, 100, 101, 149, 149, 149, 75, 20, 120, 70, 70});
        assertEquals(15, e.size());
        assertMatches(e, """
                accuracy = 0.4666666666666667
                balanced_accuracy = 0.5555555555555555
                precision_macro = 0.5555555555555555
                precision_weighted = 0.4666666666666667
                precision_micro = 0.4666666666666667
                recall_macro = 0.5555555555555555
                recall_weighted = 0.4666666666666667
                recall_micro = 0.4666666666666667
                f1_macro = 0.5555555555555555
                f1_weighted = 0.4666666666666667
                f1_micro = 0.4666666666666667
                class 0: precision=1.0 recall=1.0 f1=1.0 support=3
                class 1: precision=0.3333333333333333 recall=0.3333333333333333 f1=0.3333333333333333 support=6
                class 2: precision=0.3333333333333333 recall=0.3333333333333333 f1=0.3333333333333333 support=6
                confusion [[3, 0, 0], [0, 2, 4], [0, 4, 2]]
                log_loss = 0.7932487957578442
                roc_auc_ovr = 0.6759259259259259
                """);
    }

    @Test
    void restrictTo_classAbsentFromActual_aucIsNaNAndMacroSkipsTheClass() throws IOException {
        ClassificationEvaluation all = iris();
        int[] rows = java.util.stream.IntStream.range(0, 150).filter(i -> all.actual()[i] != 0).toArray();
        ClassificationEvaluation e = all.restrictTo(rows);
        // scikit-learn raises for roc_auc here; the macro averages run over versicolor and virginica only
        assertMatches(e, """
                accuracy = 0.73
                balanced_accuracy = 0.73
                precision_macro = 0.7300920368147259
                precision_weighted = 0.730092036814726
                precision_micro = 0.73
                recall_macro = 0.73
                recall_weighted = 0.73
                recall_micro = 0.73
                f1_macro = 0.72997299729973
                f1_weighted = 0.7299729972997301
                f1_micro = 0.7299999999999999
                class 0: precision=0.0 recall=0.0 f1=0.0 support=0
                class 1: precision=0.7254901960784313 recall=0.74 f1=0.7326732673267328 support=50
                class 2: precision=0.7346938775510204 recall=0.72 f1=0.7272727272727272 support=50
                confusion [[0, 0, 0], [0, 37, 13], [0, 14, 36]]
                log_loss = 0.6127061334979207
                roc_auc: ValueError: Only one class present in y_true. ROC AUC score is not defined in that case.
                """);
    }

    @Test
    void of_binaryWithTiesAndClippedProbabilities_matchesScikitLearn() {
        assertMatches(binary(), """
                accuracy = 0.75
                balanced_accuracy = 0.7571428571428571
                precision_macro = 0.75
                precision_weighted = 0.763888888888889
                precision_micro = 0.75
                recall_macro = 0.7571428571428571
                recall_weighted = 0.75
                recall_micro = 0.75
                f1_macro = 0.7482517482517481
                f1_weighted = 0.7517482517482517
                f1_micro = 0.75
                class 0: precision=0.6666666666666666 recall=0.8 f1=0.7272727272727272 support=5
                class 1: precision=0.8333333333333334 recall=0.7142857142857143 f1=0.7692307692307692 support=7
                confusion [[4, 1], [2, 5]]
                log_loss = 3.393087128651176
                roc_auc = 0.7714285714285714
                """);
    }

    @Test
    void of_synthetic5000Rows4Classes_matchesScikitLearn() {
        // the same integer recipe as synthetic() in evaluation_reference.py, so the doubles are identical
        int n = 5000;
        int k = 4;
        int[] actual = new int[n];
        int[] predicted = new int[n];
        double[][] probabilities = new double[n][k];
        for (int i = 0; i < n; i++) {
            long[] weights = new long[k];
            long total = 0;
            int best = 0;
            for (int c = 0; c < k; c++) {
                weights[c] = 1 + (i * (c + 3L) * 2654435761L + c * 40503L) % 1000;
                total += weights[c];
                if (weights[c] > weights[best]) {
                    best = c;
                }
            }
            for (int c = 0; c < k; c++) {
                probabilities[i][c] = (double) weights[c] / total;
            }
            predicted[i] = best;
            actual[i] = i % 3 != 0 ? best : (i * 7) % k;
        }
        assertMatches(ClassificationEvaluation.of(List.of("w", "x", "y", "z"), actual, predicted, probabilities), """
                accuracy = 0.7504
                balanced_accuracy = 0.7344923071661521
                precision_macro = 0.7511280231921844
                precision_weighted = 0.7506582643353007
                precision_micro = 0.7504
                recall_macro = 0.7344923071661521
                recall_weighted = 0.7504
                recall_micro = 0.7504
                f1_macro = 0.7405140113810853
                f1_weighted = 0.7483954928044676
                f1_micro = 0.7504
                class 0: precision=0.7527397260273972 recall=0.7883787661406025 f1=0.7701471618780659 support=1394
                class 1: precision=0.7473118279569892 recall=0.6727976766698935 f1=0.7080998471726949 support=1033
                class 2: precision=0.7578313253012048 recall=0.6451282051282051 f1=0.6969529085872577 support=975
                class 3: precision=0.746629213483146 recall=0.8316645807259074 f1=0.7868561278863232 support=1598
                confusion [[1099, 77, 68, 150], [119, 695, 65, 154], [118, 81, 629, 147], [124, 77, 68, 1329]]
                log_loss = 1.1492267990783354
                roc_auc_ovr = 0.8040468032331065
                """);
    }

    @Test
    void of_imbalancedWithNeverPredictedAndAbsentClasses_matchesScikitLearn() {
        // c is never predicted, d is predicted but never actual, e occurs nowhere
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("a", "b", "c", "d", "e"),
                new int[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2},
                new int[] {0, 0, 0, 0, 0, 1, 3, 1, 1, 0, 0, 1}, null);
        assertFalse(e.hasProbabilities());
        assertMatches(e, """
                accuracy = 0.5833333333333334
                balanced_accuracy = 0.4603174603174603
                precision_macro = 0.3035714285714286
                precision_weighted = 0.5416666666666666
                precision_micro = 0.5833333333333334
                recall_macro = 0.34523809523809523
                recall_weighted = 0.5833333333333334
                recall_micro = 0.5833333333333334
                f1_macro = 0.32142857142857145
                f1_weighted = 0.5595238095238095
                f1_micro = 0.5833333333333334
                class 0: precision=0.7142857142857143 recall=0.7142857142857143 f1=0.7142857142857143 support=7
                class 1: precision=0.5 recall=0.6666666666666666 f1=0.5714285714285715 support=3
                class 2: precision=0.0 recall=0.0 f1=0.0 support=2
                class 3: precision=0.0 recall=0.0 f1=0.0 support=0
                class 4: precision=0.0 recall=0.0 f1=0.0 support=0
                confusion [[5, 1, 0, 1, 0], [1, 2, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
                """);
    }

    @Test
    void asMap_binary_namesInDocumentedOrder() {
        assertEquals(List.of("accuracy", "balanced_accuracy",
                        "precision_macro", "precision_weighted", "precision_micro",
                        "recall_macro", "recall_weighted", "recall_micro",
                        "f1_macro", "f1_weighted", "f1_micro", "log_loss", "roc_auc",
                        "precision.negative", "recall.negative", "f1.negative", "support.negative",
                        "precision.positive", "recall.positive", "f1.positive", "support.positive"),
                List.copyOf(binary().asMap().keySet()));
    }

    @Test
    void asMap_withoutProbabilities_hasNoProbabilityMetrics() {
        Map<String, Double> map = ClassificationEvaluation.of(IRIS_LABELS, new int[] {0, 1, 2}, new int[] {0, 2, 2}, null).asMap();
        assertFalse(map.containsKey("log_loss"));
        assertFalse(map.containsKey("roc_auc_ovr"));
        assertEquals(11 + 3 * 4, map.size());
        assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1.0));
    }

    @Test
    void rocAuc_singleClassInActual_isNaN() {
        ClassificationEvaluation e = binary().restrictTo(new int[] {0, 2, 3});
        assertTrue(Double.isNaN(e.metric("roc_auc")));
        assertTrue(Double.isNaN(e.asMap().get("roc_auc")));
    }

    @Test
    void rocAuc_perfectInvertedAndAllTied_areOneZeroAndHalf() {
        List<String> labels = List.of("no", "yes");
        int[] actual = {0, 0, 1, 1};
        assertEquals(1.0, ClassificationEvaluation.of(labels, actual, actual,
                new double[][] {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.1, 0.9}}).metric("roc_auc"));
        assertEquals(0.0, ClassificationEvaluation.of(labels, actual, actual,
                new double[][] {{0.1, 0.9}, {0.3, 0.7}, {0.8, 0.2}, {0.9, 0.1}}).metric("roc_auc"));
        assertEquals(0.5, ClassificationEvaluation.of(labels, actual, actual,
                new double[][] {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}).metric("roc_auc"));
    }

    @Test
    void rocAuc_negativeZeroTiesWithZero() {
        // scikit-learn treats -0.0 == 0.0 as a tie: AUC 0.5, not 1.0
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("no", "yes"), new int[] {0, 1}, new int[] {0, 0},
                new double[][] {{1.0, -0.0}, {1.0, 0.0}});
        assertEquals(0.5, e.metric("roc_auc"));
    }

    @Test
    void logLoss_confidentMiss_isClippedNotInfinite() {
        // scikit-learn 1.2: clip to [eps, 1-eps], renormalise: -log(eps / (1 + eps))
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("no", "yes"), new int[] {1}, new int[] {0},
                new double[][] {{1.0, 0.0}});
        double eps = Math.ulp(1.0);
        assertEquals(-Math.log(eps / (1.0 - eps + eps)), e.metric("log_loss"));
        assertEquals(36.04365338911715, e.metric("log_loss"), 1e-12);
    }

    @Test
    void metric_unknownName_suggestsNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> binary().metric("f1_macor"));
        assertTrue(e.getMessage().startsWith("unknown classification metric 'f1_macor'; did you mean 'f1_macro'? Valid: accuracy,"),
                e.getMessage());
    }

    @Test
    void metric_probabilityMetricWithoutProbabilities_saysWhy() {
        ClassificationEvaluation e = ClassificationEvaluation.of(IRIS_LABELS, new int[] {0, 1}, new int[] {0, 1}, null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.metric("log_loss"));
        assertEquals("metric 'log_loss' needs predicted probabilities, but this evaluation has none"
                + " (the model gave no probabilities)", ex.getMessage());
    }

    @Test
    void metric_rocAucOnThreeLabels_pointsToOvr() throws IOException {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> iris().metric("roc_auc"));
        assertEquals("metric 'roc_auc' does not apply to 3 labels; use 'roc_auc_ovr'"
                + " ('roc_auc' is for 2 labels, 'roc_auc_ovr' for more)", ex.getMessage());
    }

    @Test
    void perClassMetricName_labelWithDots_joinsAtFirstDot() {
        assertEquals("f1.v1.2", ClassificationEvaluation.perClassMetricName("f1", "v1.2"));
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("v1.2", "v1.3"), new int[] {0, 1}, new int[] {0, 0}, null);
        assertEquals(2.0 / 3.0, e.metric("f1.v1.2"));
        assertEquals(1.0, e.metric("support.v1.3"));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ClassificationEvaluation.perClassMetricName("recal", "x"));
        assertEquals("'recal' is not a per-class metric; did you mean 'recall'? Valid: precision, recall, f1, support",
                ex.getMessage());
    }

    @Test
    void of_copiesInputsAndAccessorsReturnCopies() {
        int[] actual = {0, 1, 1};
        int[] predicted = {0, 1, 0};
        double[][] probabilities = {{0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}};
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("a", "b"), actual, predicted, probabilities);
        actual[2] = 0;
        probabilities[0][0] = 0.0;
        assertEquals(2.0 / 3.0, e.metric("accuracy"));
        e.actual()[0] = 1;
        e.predicted()[0] = 1;
        e.probabilities()[0][0] = 0.5;
        e.confusionMatrix()[0][0] = 9;
        assertArrayEquals(new int[] {0, 1, 1}, e.actual());
        assertArrayEquals(new int[] {0, 1, 0}, e.predicted());
        assertArrayEquals(new double[][] {{0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}}, e.probabilities());
        assertArrayEquals(new int[][] {{1, 0}, {1, 1}}, e.confusionMatrix());
        assertNotSame(e.probabilities(), e.probabilities());
    }

    @Test
    void probabilities_whenNone_throwsIllegalState() {
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("a", "b"), new int[] {0}, new int[] {0}, null);
        assertThrows(IllegalStateException.class, e::probabilities);
    }

    @Test
    void restrictTo_sameAsEvaluatingGatheredRows() throws IOException {
        ClassificationEvaluation all = iris();
        int[] rows = {149, 3, 3, 77, 120, 60, 60, 60, 0};
        ClassificationEvaluation restricted = all.restrictTo(rows);
        int[] actual = new int[rows.length];
        int[] predicted = new int[rows.length];
        double[][] probabilities = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            actual[i] = all.actual()[rows[i]];
            predicted[i] = all.predicted()[rows[i]];
            probabilities[i] = all.probabilities()[rows[i]];
        }
        assertEquals(ClassificationEvaluation.of(IRIS_LABELS, actual, predicted, probabilities).asMap(), restricted.asMap());
        assertArrayEquals(probabilities, restricted.probabilities());
    }

    @Test
    void restrictTo_badRows_nameTheIndex() {
        ClassificationEvaluation e = binary();
        assertEquals("rows[1] = 12 is out of range; this evaluation has 12 rows (valid 0..11)",
                assertThrows(IllegalArgumentException.class, () -> e.restrictTo(new int[] {0, 12})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.restrictTo(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> e.restrictTo(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> e.restrictTo(null));
    }

    @Test
    void of_lengthMismatch_namesBothLengths() {
        assertEquals("actual has 2 rows but predicted has 3; they must have the same length",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(
                        IRIS_LABELS, new int[] {0, 1}, new int[] {0, 1, 2}, null)).getMessage());
        assertEquals("probabilities has 1 rows but actual has 2; they must have the same length",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(
                        List.of("a", "b"), new int[] {0, 1}, new int[] {0, 1}, new double[][] {{0.5, 0.5}})).getMessage());
        assertEquals("cannot evaluate zero rows", assertThrows(IllegalArgumentException.class,
                () -> ClassificationEvaluation.of(IRIS_LABELS, new int[0], new int[0], null)).getMessage());
    }

    @Test
    void of_labelIndexOutOfRange_namesIndexAndLabels() {
        assertEquals("predicted[1] = 3 is not a label index; valid are 0..2 for labels [setosa, versicolor, virginica]",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(
                        IRIS_LABELS, new int[] {0, 1}, new int[] {0, 3}, null)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationEvaluation.of(IRIS_LABELS, new int[] {-1}, new int[] {0}, null));
    }

    @Test
    void of_badLabels_rejected() {
        assertEquals("label 'a' appears twice in [a, b, a]; labels must be distinct",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(
                        List.of("a", "b", "a"), new int[] {0}, new int[] {0}, null)).getMessage());
        assertEquals("a classification needs at least 2 labels, got [a]",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(
                        List.of("a"), new int[] {0}, new int[] {0}, null)).getMessage());
    }

    @Test
    void of_probabilityRowOfWrongWidth_namesRowAndLabels() {
        assertEquals("probabilities[1] has 2 columns but there are 3 labels [setosa, versicolor, virginica];"
                        + " give one probability per label",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(IRIS_LABELS,
                        new int[] {0, 1}, new int[] {0, 1}, new double[][] {{1, 0, 0}, {0.5, 0.5}})).getMessage());
    }

    @Test
    void of_nonFiniteOrOutOfRangeProbability_namesCell() {
        assertEquals("probabilities[0][1] (label 'b') = NaN is not a probability; it must be a finite number in [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(List.of("a", "b"),
                        new int[] {0}, new int[] {0}, new double[][] {{1, Double.NaN}})).getMessage());
        assertEquals("probabilities[0][0] (label 'a') = Infinity is not a probability; it must be a finite number in [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(List.of("a", "b"),
                        new int[] {0}, new int[] {0}, new double[][] {{Double.POSITIVE_INFINITY, 0}})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(List.of("a", "b"),
                new int[] {0}, new int[] {0}, new double[][] {{1.5, -0.5}}));
    }

    @Test
    void of_rowNotSummingToOne_rejectedButRoundingAccepted() {
        assertEquals("probabilities[0] sums to 0.9, not 1 (tolerance 1e-5); give probabilities, not raw scores",
                assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluation.of(List.of("a", "b"),
                        new int[] {0}, new int[] {0}, new double[][] {{0.5, 0.4}})).getMessage());
        // float32 rounding from an ONNX model is fine
        ClassificationEvaluation.of(IRIS_LABELS, new int[] {0}, new int[] {0},
                new double[][] {{(double) 0.1f, (double) 0.2f, (double) 0.7f}});
    }

    @Test
    void toString_summarises() {
        assertEquals("ClassificationEvaluation[rows=12, labels=[negative, positive], accuracy=0.75]", binary().toString());
    }
}
