package dev.mlops.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The curves agree with scikit-learn 1.2 and numpy 1.24 point for point, on the cases of
 * {@code src/test/python/report_reference.py} (inputs and outputs in curves-reference.json).
 */
class CurvesTest {

    /** Relative tolerance for sums that numpy adds pairwise; single divisions match exactly. */
    private static final double TOLERANCE = 1e-12;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = CurvesTest.class.getResourceAsStream("curves-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    static Stream<String> curveCases() throws IOException {
        load();
        List<String> names = new ArrayList<>();
        reference.get("curves").forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    static Stream<String> histogramCases() throws IOException {
        load();
        List<String> names = new ArrayList<>();
        reference.get("histograms").forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("curveCases")
    void roc_matchesScikitLearn(String name) {
        JsonNode c = find("curves", name);
        Curves.Roc roc = Curves.roc(doubles(c.get("score")), booleans(c.get("positive")));
        assertArrayEquals(doubles(c.get("fpr")), roc.fpr(), name);
        assertArrayEquals(doubles(c.get("tpr")), roc.tpr(), name);
        assertClose(c.get("auc").asDouble(), roc.auc(), name + " auc");
    }

    @ParameterizedTest
    @MethodSource("curveCases")
    void precisionRecall_matchesScikitLearn(String name) {
        JsonNode c = find("curves", name);
        Curves.PrecisionRecall pr = Curves.precisionRecall(doubles(c.get("score")), booleans(c.get("positive")));
        assertArrayEquals(doubles(c.get("precision")), pr.precision(), name);
        assertArrayEquals(doubles(c.get("recall")), pr.recall(), name);
        assertClose(c.get("average_precision").asDouble(), pr.averagePrecision(), name + " average precision");
    }

    @ParameterizedTest
    @MethodSource("curveCases")
    void calibration_matchesScikitLearn(String name) {
        JsonNode c = find("curves", name);
        Curves.Calibration cal = Curves.calibration(doubles(c.get("score")), booleans(c.get("positive")), 10);
        assertArrayEquals(ints(c.get("calibration_counts")), cal.counts(), name + " bin counts");
        assertArrayEquals(doubles(c.get("calibration_true")), cal.fractionPositive(), name);
        double[] expected = doubles(c.get("calibration_pred"));
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], cal.meanPredicted()[i], name + " bin " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("histogramCases")
    void histogram_matchesNumpy(String name) {
        JsonNode h = find("histograms", name);
        Curves.Histogram hist = Curves.histogram(doubles(h.get("values")), h.get("bins").asInt());
        assertArrayEquals(ints(h.get("counts")), hist.counts(), name);
        assertArrayEquals(doubles(h.get("edges")), hist.edges(), name);
    }

    @Test
    void pinnedNumbers_areTheOnesScikitLearnPrinted() {
        // a few of the numbers report_reference.py prints, so a regenerated file cannot drift unnoticed
        assertEquals(0.7714285714285714, find("curves", "binary with ties").get("auc").asDouble());
        assertEquals(8, find("curves", "binary with ties").get("fpr").size());
        assertEquals(0.8523809523809522, find("curves", "binary with ties").get("average_precision").asDouble());
        assertEquals(56, find("curves", "iris versicolor vs rest").get("fpr").size());
        assertEquals(0.8828, find("curves", "iris versicolor vs rest").get("auc").asDouble());
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 11},
                ints(find("histograms", "values on the bin edges").get("counts")));
    }

    @Test
    void roc_withoutNegativesOrPositives_isUndefined() {
        double[] scores = {0.2, 0.7, 0.9};
        assertNull(Curves.roc(scores, new boolean[] {true, true, true}));
        assertNull(Curves.roc(scores, new boolean[] {false, false, false}));
        assertNull(Curves.precisionRecall(scores, new boolean[] {false, false, false}));
    }

    @Test
    void roc_negativeZeroTiesWithZero() {
        Curves.Roc roc = Curves.roc(new double[] {-0.0, 0.0, 0.5}, new boolean[] {true, false, true});
        assertArrayEquals(new double[] {0, 0, 1}, roc.fpr());
        assertArrayEquals(new double[] {0, 0.5, 1}, roc.tpr());
        assertEquals(0.75, roc.auc());
    }

    @Test
    void histogramBins_followTheRiceRuleWithinLimits() {
        assertEquals(10, Curves.histogramBins(1));
        assertEquals(10, Curves.histogramBins(30));
        assertEquals(33, Curves.histogramBins(4128)); // 2 * 4128^(1/3) = 32.08
        assertEquals(50, Curves.histogramBins(1_000_000));
    }

    @Test
    void evenSample_keepsAllRowsUpToTheLimitElseSpreadsEvenly() {
        assertArrayEquals(new int[] {0, 1, 2}, Curves.evenSample(3, 5));
        assertArrayEquals(new int[] {0, 2, 5, 7}, Curves.evenSample(10, 4));
        int[] big = Curves.evenSample(4128, 2500);
        assertEquals(2500, big.length);
        assertEquals(0, big[0]);
        assertEquals(4126, big[2499]); // floor(2499 * 4128 / 2500)
        for (int i = 1; i < big.length; i++) {
            assertEquals(true, big[i] > big[i - 1], "strictly ascending at " + i);
        }
    }

    private static JsonNode find(String kind, String name) {
        for (JsonNode c : reference.get(kind)) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no " + kind + " case " + name);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    private static double[] doubles(JsonNode array) {
        double[] a = new double[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asDouble();
        }
        return a;
    }

    private static int[] ints(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }

    private static boolean[] booleans(JsonNode array) {
        boolean[] a = new boolean[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asBoolean();
        }
        return a;
    }
}
