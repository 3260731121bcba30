package dev.mlops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Task;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReportTest {

    /** Text that breaks out of an element, an attribute or a comment if it is not escaped. */
    static final String HOSTILE = "</title><script>alert(1)</script><x y=\"1\" z='2'>&amp;\u0007";

    static ClassificationEvaluation binary(List<String> labels) {
        int n = 40;
        int[] actual = new int[n];
        int[] predicted = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double score = ((i * 37) % 41) / 40.0;
            actual[i] = (i * 7) % 3 == 0 ? 1 : 0;
            predicted[i] = score >= 0.5 ? 1 : 0;
            p[i] = new double[] {1 - score, score};
        }
        return ClassificationEvaluation.of(labels, actual, predicted, p);
    }

    static RegressionEvaluation regression(int n) {
        double[] actual = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = 1000 + (i * 7919 % 1000);
            actual[i] = predicted[i] + ((i * 104729) % 401) - 200;
        }
        return RegressionEvaluation.of(actual, predicted);
    }

    static List<HistoryPoint> history(int runs) {
        List<HistoryPoint> points = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            points.add(new HistoryPoint("run-" + i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86400L * i),
                    Map.of("accuracy", 0.8 + i / 100.0, "roc_auc", 0.9 - i / 200.0, "precision.b", 0.5)));
        }
        return points;
    }

    @Test
    void toHtml_sameInputs_sameBytes() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("trees", 50);
        ordered.put("max_depth", 8);
        Map<String, Object> hashed = new HashMap<>();
        hashed.put("max_depth", 8);
        hashed.put("trees", 50);
        List<HistoryPoint> shuffled = new ArrayList<>(history(5));
        java.util.Collections.reverse(shuffled);
        String a = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).hyperparameters(ordered)
                .history(history(5)).runId("run-4").build().toHtml();
        String b = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).hyperparameters(hashed)
                .history(shuffled).runId("run-4").build().toHtml();
        assertEquals(a, b);
    }

    @Test
    void toHtml_escapesEveryInputText() {
        ClassificationEvaluation e = binary(List.of("neg" + HOSTILE, "pos" + HOSTILE));
        String html = ModelReport.builder("model" + HOSTILE).description(HOSTILE).version(HOSTILE).runId(HOSTILE)
                .trainer(HOSTILE).datasetFingerprint(HOSTILE).evaluation(e)
                .gates(List.of(new GateRow(HOSTILE, GateRow.Verdict.FAIL, 0.5, HOSTILE, HOSTILE, HOSTILE)))
                .slices(List.of(new SliceMetric(HOSTILE, "accuracy", 0.5, 3), new SliceMetric("x", HOSTILE, 0.5, 3)))
                .history(List.of(new HistoryPoint(HOSTILE, Instant.EPOCH, Map.of(HOSTILE, 1.0, "accuracy", 0.5))))
                .historyMetrics(List.of(HOSTILE, "accuracy"))
                .hyperparameters(Map.of(HOSTILE, HOSTILE)).build().toHtml();
        assertFalse(html.contains("<script"), "a script element got through");
        assertFalse(html.contains("<x "), "an element got through");
        assertFalse(html.contains("\u0007"), "a control character got through");
        assertTrue(html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x y=&quot;1&quot; z=&#39;2&#39;&gt;&amp;amp;\uFFFD"));
        // every tag the page opens is one of ours
        Matcher tags = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
        List<String> allowed = List.of("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "span", "p",
                "dl", "div", "dt", "dd", "code", "nav", "ul", "li", "a", "main", "section", "table", "thead", "tbody", "tr",
                "th", "td", "caption", "figure", "figcaption", "svg", "desc", "g", "line", "rect", "text", "path", "circle",
                "footer", "strong", "details", "summary");
        while (tags.find()) {
            assertTrue(allowed.contains(tags.group(1)), "unexpected element <" + tags.group(1) + ">");
        }
    }

    @Test
    void toHtml_onlyTheSectionsThatHaveData() {
        String bare = ModelReport.builder("m").build().toHtml();
        assertFalse(bare.contains("<section"), "no data, no sections");
        assertFalse(bare.contains("<nav"), "nothing to navigate");
        String evaluated = ModelReport.builder("m").evaluation(regression(50)).build().toHtml();
        assertEquals(List.of("metrics", "charts"), sections(evaluated));
        String full = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).history(history(2))
                .gates(List.of(new GateRow("g", GateRow.Verdict.PASS, 1, "", "", "")))
                .slices(List.of(new SliceMetric("s", "accuracy", 0.5, 3))).hyperparameters(Map.of("k", 1)).build().toHtml();
        assertEquals(List.of("gates", "metrics", "charts", "slices", "history", "parameters"), sections(full));
    }

    @Test
    void toHtml_isSelfContained() {
        String html = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).build().toHtml();
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""), "CSP forbids fetches and scripts");
        assertFalse(html.contains("<script"));
        assertFalse(Pattern.compile("(src|href)=\"(?!#)").matcher(html).find(), "only in-page links");
        assertFalse(html.contains("url("), "no CSS resources");
    }

    @Test
    void binaryClassification_drawsThePositiveLabelOnly() {
        ClassificationEvaluation e = binary(List.of("no", "yes"));
        String html = ModelReport.builder("m").evaluation(e).build().toHtml();
        assertEquals(4, count(svg(html, "chart-confusion"), "class=\"cell\""));
        assertEquals(1, count(svg(html, "chart-roc"), "class=\"series\""));
        assertEquals(1, count(svg(html, "chart-pr"), "class=\"series\""));
        String auc = Html.number(e.metric("roc_auc"));
        assertTrue(svg(html, "chart-roc").contains("yes (AUC " + auc + ")"), "the legend's AUC is the evaluation's roc_auc");
    }

    @Test
    void curvesOverManyDistinctScores_drawAtMostOnePointPerHalfUnit() {
        int n = 200_000;
        int[] actual = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double score = ((i * 2654435761L) % 1_000_003) / 1_000_003.0;
            actual[i] = (i % 7 < 3) == (score > 0.4) ? 1 : 0;
            p[i] = new double[] {1 - score, score};
        }
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("a", "b"), actual, actual, p);
        String html = ModelReport.builder("m").evaluation(e).build().toHtml();
        Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(svg(html, "chart-pr"));
        assertTrue(points.find());
        assertTrue(Integer.parseInt(points.group(1)) > 100_000, "the curve itself has every threshold");
        // a line can move at most (396 + 276) / 0.5 times by half a unit across a monotone curve
        assertTrue(count(svg(html, "chart-roc"), " L") < 1400, "ROC path vertices: " + count(svg(html, "chart-roc"), " L"));
        assertTrue(count(svg(html, "chart-pr"), " L") < 2 * 1400 + 800, "PR path vertices: " + count(svg(html, "chart-pr"), " L"));
        assertTrue(html.length() < 200_000, "page size " + html.length());
    }

    @Test
    void classificationWithoutProbabilities_hasConfusionMatrixButNoCurves() {
        ClassificationEvaluation e = ClassificationEvaluation.of(List.of("a", "b", "c"), new int[] {0, 1, 2, 2},
                new int[] {0, 2, 2, 1}, null);
        String html = ModelReport.builder("m").evaluation(e).build().toHtml();
        assertEquals(9, count(svg(html, "chart-confusion"), "class=\"cell\""));
        assertFalse(html.contains("id=\"chart-roc\""));
        assertTrue(html.contains("The model gave no probabilities"));
    }

    @Test
    void regression_samplesTheScatterAndBinsEveryResidual() {
        RegressionEvaluation r = regression(6000);
        String html = ModelReport.builder("m").evaluation(r).build().toHtml();
        assertEquals(Charts.MAX_SCATTER_POINTS, count(svg(html, "chart-residuals"), "class=\"point\""));
        String histogram = svg(html, "chart-residual-histogram");
        assertEquals(Curves.histogramBins(6000), count(histogram, "class=\"bar\""));
        Matcher m = Pattern.compile("data-count=\"(\\d+)\"").matcher(histogram);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        assertEquals(6000, total);
        assertTrue(html.contains("Showing 2500 of 6000 rows"));
        String small = ModelReport.builder("m").evaluation(regression(100)).build().toHtml();
        assertEquals(100, count(svg(small, "chart-residuals"), "class=\"point\""));
    }

    @Test
    void slices_oneChartPerMetricOneBarPerFiniteValue() {
        String html = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).slices(List.of(
                new SliceMetric("s1", "accuracy", 0.5, 10), new SliceMetric("s2", "accuracy", Double.NaN, 0),
                new SliceMetric("s1", "f1_macro", 0.4, 10))).build().toHtml();
        assertEquals(1, count(svg(html, "chart-slices-0"), "class=\"bar\""));
        assertTrue(svg(html, "chart-slices-0").contains("n/a (n=0)"));
        assertEquals(1, count(svg(html, "chart-slices-0"), "class=\"reference\""), "overall accuracy line");
        assertEquals(1, count(svg(html, "chart-slices-1"), "class=\"bar\""));
    }

    @Test
    void history_marksThisRunAndSkipsRunsWithoutTheMetric() {
        List<HistoryPoint> runs = new ArrayList<>(history(3));
        runs.add(new HistoryPoint("other", Instant.parse("2026-06-01T00:00:00Z"), Map.of("roc_auc", 0.7)));
        String html = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).history(runs).runId("run-1")
                .build().toHtml();
        String accuracy = svg(html, "chart-history-0");
        assertTrue(accuracy.contains("accuracy across runs"));
        assertEquals(3, count(accuracy, "class=\"point\""));
        assertEquals(1, count(accuracy, "r=\"6\""), "this run's marker");
        assertEquals(4, count(svg(html, "chart-history-1"), "class=\"point\""), "roc_auc in all four runs");
    }

    @Test
    void historyMetricNames_defaultToRecordedHeadlines() {
        ModelReport withEvaluation = ModelReport.builder("m").evaluation(binary(List.of("a", "b"))).history(history(2)).build();
        assertEquals(List.of("accuracy", "roc_auc"), withEvaluation.historyMetricNames());
        ModelReport without = ModelReport.builder("m").history(List.of(new HistoryPoint("r", Instant.EPOCH,
                Map.of("z", 1.0, "b", 2.0, "a.x", 3.0, "c", 1.0, "d", 1.0, "e", 1.0, "f", 1.0, "g", 1.0)))).build();
        assertEquals(List.of("b", "c", "d", "e", "f", "g"), without.historyMetricNames(), "no dotted names, six at most");
        ModelReport chosen = ModelReport.builder("m").history(history(2)).historyMetrics(List.of("precision.b")).build();
        assertEquals(List.of("precision.b"), chosen.historyMetricNames());
    }

    @Test
    void gates_headerSummarisesTheWorstVerdict() {
        String html = ModelReport.builder("m").gates(List.of(
                new GateRow("a", GateRow.Verdict.PASS, 0.9, "x >= 0.8", "", "error"),
                new GateRow("b", GateRow.Verdict.INCONCLUSIVE, Double.NaN, "y >= 0.8", "too few rows", "warning"))).build().toHtml();
        assertTrue(html.contains("title=\"1 of 2 gates inconclusive\">? inconclusive</span>"));
        assertTrue(html.contains("1 passed, 0 failed, 1 inconclusive."));
        assertTrue(html.contains("<td class=\"num\">\u2013</td>"), "no observed value");
    }

    @Test
    void build_taskContradictingTheEvaluation_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelReport.builder("m").task(Task.CLASSIFICATION).evaluation(regression(5)).build());
        assertEquals("task is classification but the evaluation is a regression evaluation; give the matching task"
                + " or leave it out", e.getMessage());
        assertTrue(ModelReport.builder("m").evaluation(regression(5)).build().toHtml().contains("<dd>regression</dd>"));
    }

    @Test
    void inputs_badValues_failWithTheValue() {
        assertEquals("model name must not be blank, was ' '",
                assertThrows(IllegalArgumentException.class, () -> ModelReport.builder(" ")).getMessage());
        assertEquals("gate 'g' has no verdict; valid: PASS, FAIL, INCONCLUSIVE",
                assertThrows(IllegalArgumentException.class, () -> new GateRow("g", null, 1, "", "", "")).getMessage());
        assertEquals("slice 's' metric rmse = Infinity is infinite; give a finite value or NaN for undefined",
                assertThrows(IllegalArgumentException.class,
                        () -> new SliceMetric("s", "rmse", Double.POSITIVE_INFINITY, 1)).getMessage());
        assertEquals("slice 's' has -1 rows; must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> new SliceMetric("s", "rmse", 1, -1)).getMessage());
        assertEquals("history run 'r' has no time",
                assertThrows(IllegalArgumentException.class, () -> new HistoryPoint("r", null, Map.of())).getMessage());
        assertEquals("history metric names must not be blank: [a, ]", assertThrows(IllegalArgumentException.class,
                () -> ModelReport.builder("m").historyMetrics(List.of("a", ""))).getMessage());
        assertEquals("training rows must be >= 0, was -3",
                assertThrows(IllegalArgumentException.class, () -> ModelReport.builder("m").trainRows(-3)).getMessage());
    }

    @Test
    void write_replacesTheFileWithThePage(@TempDir Path dir) throws Exception {
        ModelReport report = ModelReport.builder("m").evaluation(regression(20)).build();
        Path file = dir.resolve("target/mlops/m").resolve(ModelReport.FILE_NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        report.write(file);
        assertEquals(report.toHtml(), Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    /** The ids of the page's sections, in order. */
    static List<String> sections(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<section id=\"([a-z-]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The SVG element with the given id. */
    static String svg(String html, String id) {
        int start = html.indexOf("<svg id=\"" + id + "\"");
        assertTrue(start >= 0, "no chart " + id);
        return html.substring(start, html.indexOf("</svg>", start));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
