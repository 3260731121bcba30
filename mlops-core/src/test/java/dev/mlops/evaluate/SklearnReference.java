package dev.mlops.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares an evaluation with a block printed by {@code src/test/python/evaluation_reference.py},
 * pasted verbatim into the test, so the pinned numbers stay exactly what scikit-learn printed.
 */
final class SklearnReference {

    /** Relative tolerance; scikit-learn sums pairwise, Java left to right. */
    static final double TOLERANCE = 1e-12;

    private static final Pattern METRIC = Pattern.compile("(\\w+) = (\\S+)");
    private static final Pattern CLASS = Pattern.compile(
            "class (\\d+): precision=(\\S+) recall=(\\S+) f1=(\\S+) support=(\\d+)");
    private static final Pattern AUC_ERROR = Pattern.compile("roc_auc: ValueError: .*");

    private SklearnReference() {
    }

    /** Asserts every line of {@code printed}, and that it covers every aggregate metric of {@code e}. */
    static void assertMatches(Evaluation e, String printed) {
        Set<String> covered = new HashSet<>();
        for (String line : printed.strip().split("\n")) {
            line = line.strip();
            Matcher m;
            if ((m = METRIC.matcher(line)).matches()) {
                String name = m.group(1);
                covered.add(name);
                assertClose(parse(m.group(2)), e.metric(name), name);
            } else if ((m = CLASS.matcher(line)).matches()) {
                ClassificationEvaluation c = (ClassificationEvaluation) e;
                String label = c.labels().get(Integer.parseInt(m.group(1)));
                ClassMetrics actual = c.perClass().get(label);
                assertClose(parse(m.group(2)), actual.precision(), "precision." + label);
                assertClose(parse(m.group(3)), actual.recall(), "recall." + label);
                assertClose(parse(m.group(4)), actual.f1(), "f1." + label);
                assertEquals(Integer.parseInt(m.group(5)), actual.support(), "support." + label);
                assertEquals(actual.f1(), e.metric(ClassificationEvaluation.perClassMetricName("f1", label)));
                assertEquals(actual.support(), e.metric("support." + label));
            } else if (line.startsWith("confusion ")) {
                assertArrayEquals(matrix(line.substring("confusion ".length())),
                        ((ClassificationEvaluation) e).confusionMatrix());
            } else if (AUC_ERROR.matcher(line).matches()) {
                // scikit-learn refuses; we report NaN under the name the evaluation uses
                String name = ((ClassificationEvaluation) e).labels().size() == 2 ? "roc_auc" : "roc_auc_ovr";
                covered.add(name);
                assertTrue(Double.isNaN(e.metric(name)), name + " should be NaN but is " + e.metric(name));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                fail("unrecognised reference line: " + line);
            }
        }
        for (Map.Entry<String, Double> entry : e.asMap().entrySet()) {
            if (entry.getKey().indexOf('.') < 0) {
                assertTrue(covered.contains(entry.getKey()), "reference does not pin " + entry.getKey());
            }
        }
    }

    static void assertClose(double expected, double actual, String name) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), name + ": expected NaN but was " + actual);
            return;
        }
        double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected));
        assertEquals(expected, actual, allowed, name);
    }

    private static double parse(String python) {
        return "nan".equals(python) ? Double.NaN : Double.parseDouble(python);
    }

    private static int[][] matrix(String python) {
        List<int[]> rows = new ArrayList<>();
        Matcher row = Pattern.compile("\\[([\\d, ]+)]").matcher(python);
        while (row.find()) {
            String[] cells = row.group(1).split(", ");
            int[] r = new int[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = Integer.parseInt(cells[i]);
            }
            rows.add(r);
        }
        return rows.toArray(new int[0][]);
    }
}
