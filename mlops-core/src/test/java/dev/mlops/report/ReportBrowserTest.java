package dev.mlops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.train.SweepTrial;
import dev.mlops.train.TrainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renders reports in headless Chromium and checks what a reader would see: every chart is in
 * the rendered page, the number of drawn elements matches the data, everything drawn lies inside
 * its chart, and the page raised no script error, logged no error and requested nothing.
 *
 * <p>Skipped (loudly) only when no Chromium is installed: {@code apt-get install -y chromium}.
 * With {@code -Dmlops.report.screenshots=DIR} it also saves {@code report-iris.png} and
 * {@code report-housing.png} there (the ones in docs/images).
 */
class ReportBrowserTest {

    private static final int WIDTH = 1280;
    private static final Path OUT = Path.of("target/report-test");
    private static Chromium browser;

    private static final String NO_BROWSER = "SKIPPED: no Chromium found (set MLOPS_CHROMIUM or apt-get install -y"
            + " chromium); the report pages are NOT checked in a browser";

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<Path> chromium = Chromium.find();
        if (chromium.isEmpty()) {
            System.err.println("\n*** " + NO_BROWSER + " ***\n");
            return;
        }
        browser = Chromium.start(chromium.get());
    }

    @BeforeEach
    void needsBrowser() {
        // skipped one by one (not the whole class at once) so that every skipped check is counted
        Assumptions.assumeTrue(browser != null, NO_BROWSER);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void irisReport_rendersEveryChartWithoutErrors() throws Exception {
        SampleReports.Sample iris = SampleReports.iris(3);
        ClassificationEvaluation e = (ClassificationEvaluation) iris.model().evaluation();
        Chromium.Page page = render("iris", iris.report());
        try {
            assertEquals(List.of(), page.problems());
            assertCharts(page, "chart-confusion", "chart-roc", "chart-pr", "chart-calibration", "chart-slices-0",
                    "chart-slices-1", "chart-history-0", "chart-sweep");
            int k = e.labels().size();
            assertEquals(k * k, count(page, "#chart-confusion rect.cell"));
            assertEquals(e.size(), page.eval(sum("#chart-confusion rect.cell", "count")).asInt());
            assertEquals(k, count(page, "#chart-roc path.series"));
            assertEquals(k, count(page, "#chart-pr path.series"));
            for (int c = 0; c < k; c++) {
                Curves.Roc roc = Curves.roc(column(e, c), positives(e, c));
                assertEquals(roc.fpr().length, vertices(page, "#chart-roc path.series[data-series='" + c + "']"));
                Curves.PrecisionRecall pr = Curves.precisionRecall(column(e, c), positives(e, c));
                assertEquals(2 * pr.recall().length - 1, vertices(page, "#chart-pr path.series[data-series='" + c + "']"),
                        "a step line has two vertices per point but the first");
            }
            int bins = 0;
            for (int c = 0; c < k; c++) {
                bins += Curves.calibration(column(e, c), positives(e, c), 10).counts().length;
            }
            assertEquals(bins, count(page, "#chart-calibration circle.point"));
            assertTrue(page.eval("document.querySelector('#fig-roc .legend').textContent").asText().contains("AUC"));
            assertEquals(5, count(page, "#gate-table tbody tr"));
            assertEquals(iris.model().sweep().size(), count(page, "#chart-sweep rect.bar"));
            assertEquals(4, count(page, "#chart-history-0 circle.point"), "3 earlier runs and this one");
            assertEquals(1, count(page, "#chart-history-0 circle.point[r='6']"), "this run is marked");
            assertEquals(k, count(page, "#class-table tbody tr"));
        } finally {
            page.close();
        }
    }

    @Test
    void housingReport_rendersEveryChartWithoutErrors() throws Exception {
        SampleReports.Sample housing = SampleReports.housing(2);
        RegressionEvaluation e = (RegressionEvaluation) housing.model().evaluation();
        Chromium.Page page = render("housing", housing.report());
        try {
            assertEquals(List.of(), page.problems());
            assertCharts(page, "chart-residuals", "chart-residual-histogram", "chart-slices-0", "chart-slices-1",
                    "chart-history-0", "chart-history-1", "chart-history-2", "chart-history-3");
            assertEquals(Math.min(e.size(), Charts.MAX_SCATTER_POINTS), count(page, "#chart-residuals circle.point"));
            assertEquals(Curves.histogramBins(e.size()), count(page, "#chart-residual-histogram rect.bar"));
            assertEquals(e.size(), page.eval(sum("#chart-residual-histogram rect.bar", "count")).asInt());
            assertEquals(5, count(page, "#chart-slices-0 rect.bar"), "five ocean_proximity values");
            assertEquals(9, count(page, "#drift-table tbody tr"), "one row per feature");
            assertEquals(0, count(page, "#chart-roc"), "no classification charts");
        } finally {
            page.close();
        }
    }

    @Test
    void hostileTexts_renderAsTextAndNarrowScreensDoNotScroll() throws Exception {
        String label = "neg" + ModelReportTest.HOSTILE;
        ModelReport report = ModelReport.builder("m" + ModelReportTest.HOSTILE)
                .evaluation(ModelReportTest.binary(List.of(label, "pos" + ModelReportTest.HOSTILE)))
                .gates(List.of(new GateRow(ModelReportTest.HOSTILE, GateRow.Verdict.INCONCLUSIVE, Double.NaN, "r", "e", "s")))
                .slices(List.of(new SliceMetric("a very long slice name that needs shortening in the chart", "accuracy", 0.7, 12)))
                .history(ModelReportTest.history(12)).runId("run-11")
                .sweep(List.of(new SweepTrial(TrainerSpec.of("cart", Map.of("max_depth", 3)), Map.of("max_depth", 3),
                        "f1_weighted", 0.91, 0.2, true)))
                .hyperparameters(Map.of("max_depth", 3)).build();
        Path file = OUT.resolve("hostile").resolve(ModelReport.FILE_NAME);
        report.write(file);
        Chromium.Page page = browser.open(file, 400);
        try {
            assertEquals(List.of(), page.problems());
            assertEquals(0, page.eval("document.getElementsByTagName('script').length + document.getElementsByTagName('x').length").asInt());
            String shown = label.replace('\u0007', '\uFFFD');
            assertEquals(shown, page.eval("document.querySelector('#class-table tbody td').textContent").asText());
            assertEquals("m" + ModelReportTest.HOSTILE.replace('\u0007', '\uFFFD') + " \u2014 model report",
                    page.eval("document.title").asText());
            assertEquals(12, count(page, "#chart-history-0 circle.point"));
            assertTrue(page.eval("document.documentElement.scrollWidth").asInt() <= 400,
                    "the page scrolls sideways at 400px: " + page.eval("document.documentElement.scrollWidth"));
            assertTrue(page.eval("Array.from(document.querySelectorAll('svg.chart')).every(s => s.getBoundingClientRect().right <= 400)")
                    .asBoolean(), "a chart sticks out of a 400px screen");
        } finally {
            page.close();
        }
    }

    @Test
    void problems_reportScriptErrorsAndRequests() throws Exception {
        // The check must be able to fail: a page with a script error, a console error and a fetch.
        Path bad = OUT.resolve("bad.html");
        Files.createDirectories(OUT);
        Files.writeString(bad, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\">"
                + "<script>console.error('boom'); undefinedFunction();</script></body></html>");
        Chromium.Page page = browser.open(bad, WIDTH);
        try {
            List<String> problems = page.problems();
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("exception:") && p.contains("undefinedFunction")), problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("console.error:") && p.contains("boom")), problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.equals("request: http://127.0.0.1:9/x.png")), problems::toString);
        } finally {
            page.close();
        }
    }

    private static Chromium.Page render(String name, ModelReport report) throws Exception {
        Path file = OUT.resolve(name).resolve(ModelReport.FILE_NAME);
        report.write(file);
        Chromium.Page page = browser.open(file, WIDTH);
        String screenshots = System.getProperty("mlops.report.screenshots");
        if (screenshots != null && !screenshots.isBlank()) {
            page.screenshot(Path.of(screenshots).resolve("report-" + name + ".png"), WIDTH);
        }
        return page;
    }

    /** Each chart is in the rendered page, laid out at a readable size, with all its marks inside it. */
    private static void assertCharts(Chromium.Page page, String... ids) {
        for (String id : ids) {
            JsonNode box = page.eval("(() => { const r = document.getElementById('" + id + "').getBoundingClientRect();"
                    + " return {w: r.width, h: r.height}; })()");
            assertTrue(box.get("w").asDouble() >= 300 && box.get("h").asDouble() >= 100, id + " is laid out at " + box);
            JsonNode outside = page.eval("(() => { const svg = document.getElementById('" + id + "');"
                    + " const s = svg.getBoundingClientRect(); const bad = [];"
                    + " svg.querySelectorAll('.series, .point, .bar, .cell').forEach(el => { const r = el.getBoundingClientRect();"
                    + " if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1)"
                    + " bad.push(el.outerHTML.slice(0, 120)); });"
                    + " return {marks: svg.querySelectorAll('.series, .point, .bar, .cell').length, bad: bad}; })()");
            assertTrue(outside.get("marks").asInt() > 0, id + " draws nothing");
            assertEquals(0, outside.get("bad").size(), id + " draws outside its box: " + outside.get("bad"));
        }
    }

    private static int count(Chromium.Page page, String selector) {
        return page.eval("document.querySelectorAll(\"" + selector + "\").length").asInt();
    }

    private static String sum(String selector, String data) {
        return "Array.from(document.querySelectorAll(\"" + selector + "\")).reduce((s, el) => s + Number(el.dataset."
                + data + "), 0)";
    }

    /** The number of points in a path's outline, from its M and L commands. */
    private static int vertices(Chromium.Page page, String selector) {
        return page.eval("(document.querySelector(\"" + selector + "\").getAttribute('d').match(/[ML]/g) || []).length").asInt();
    }

    static double[] column(ClassificationEvaluation e, int c) {
        double[][] p = e.probabilities();
        double[] col = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            col[i] = p[i][c];
        }
        return col;
    }

    static boolean[] positives(ClassificationEvaluation e, int c) {
        int[] actual = e.actual();
        boolean[] pos = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            pos[i] = actual[i] == c;
        }
        return pos;
    }
}
