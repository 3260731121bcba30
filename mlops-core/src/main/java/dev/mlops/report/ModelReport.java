package dev.mlops.report;

import static dev.mlops.report.Html.escape;
import static dev.mlops.report.Html.number;

import dev.mlops.data.Task;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.evaluate.ClassMetrics;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.train.SweepTrial;
import dev.mlops.train.TrainedModel;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model's report: one self-contained HTML page with the gate table, the metrics, the charts of
 * the evaluation (confusion heat map, ROC, precision-recall and calibration curves for a
 * classification; residuals against predicted values and their histogram for a regression),
 * per-slice bars, the drift table, the metric history across recorded runs, the sweep and the
 * hyperparameters. Sections without data are left out.
 *
 * <p>The page has no scripts and fetches nothing: charts are inline SVG computed here, styles
 * are inline, and a Content-Security-Policy forbids everything else. The same inputs give the
 * same bytes (no clock is read unless {@link Builder#generatedAt(Instant)} is given). Every text
 * from the inputs (labels, feature and gate names) is escaped.
 *
 * <pre>{@code
 * TrainedModel iris = new ModelTrainer().train(spec, baseDir);
 * ModelReport.builder("iris").from(iris).gates(rows).build()
 *         .write(Path.of("target/mlops/iris", ModelReport.FILE_NAME));
 * }</pre>
 */
public final class ModelReport {

    /** The report's file name in a model's output folder. */
    public static final String FILE_NAME = "report.html";
    /** How many metric history charts are drawn when none are chosen. */
    private static final int DEFAULT_HISTORY_CHARTS = 6;
    private static final List<String> CLASSIFICATION_HEADLINES =
            List.of("accuracy", "balanced_accuracy", "f1_macro", "f1_weighted", "roc_auc", "roc_auc_ovr", "log_loss");
    private static final List<String> REGRESSION_HEADLINES = List.of("rmse", "mae", "r2", "mape");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String model;
    private final String version;
    private final String runId;
    private final String description;
    private final Task task;
    private final String trainer;
    private final Evaluation evaluation;
    private final List<GateRow> gates;
    private final List<SliceMetric> slices;
    private final DriftReport drift;
    private final List<HistoryPoint> history;
    private final List<String> historyMetrics;
    private final List<SweepTrial> sweep;
    private final Map<String, String> hyperparameters;
    private final String datasetFingerprint;
    private final int trainRows;
    private final Instant generatedAt;

    private ModelReport(Builder b, Task task) {
        this.model = b.model;
        this.version = b.version;
        this.runId = b.runId;
        this.description = b.description;
        this.task = task;
        this.trainer = b.trainer;
        this.evaluation = b.evaluation;
        this.gates = List.copyOf(b.gates);
        this.slices = List.copyOf(b.slices);
        this.drift = b.drift;
        List<HistoryPoint> sorted = new ArrayList<>(b.history);
        sorted.sort(Comparator.comparing(HistoryPoint::time).thenComparing(HistoryPoint::runId));
        this.history = List.copyOf(sorted);
        this.historyMetrics = b.historyMetrics == null ? null : List.copyOf(b.historyMetrics);
        this.sweep = List.copyOf(b.sweep);
        this.hyperparameters = Collections.unmodifiableMap(new TreeMap<>(b.hyperparameters));
        this.datasetFingerprint = b.datasetFingerprint;
        this.trainRows = b.trainRows;
        this.generatedAt = b.generatedAt;
    }

    /**
     * Starts a report of a model.
     *
     * @param model the model's name, not blank
     * @return a builder
     * @throws IllegalArgumentException when the name is blank
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** @return the model's name */
    public String model() {
        return model;
    }

    /**
     * Writes the page atomically (UTF-8), creating parent folders.
     *
     * @param file the target, usually {@code target/mlops/<model>/}{@value #FILE_NAME}
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toHtml());
    }

    /**
     * Renders the page.
     *
     * @return a complete HTML document
     */
    public String toHtml() {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>").append(escape(model)).append(" \u2014 model report</title>\n<style>\n").append(Style.CSS)
                .append("</style>\n</head>\n<body>\n");
        List<String[]> sections = new ArrayList<>();
        StringBuilder main = new StringBuilder();
        section(main, sections, "gates", "Gates", gatesSection());
        section(main, sections, "metrics", "Metrics", metricsSection());
        section(main, sections, "charts", "Charts", chartsSection());
        section(main, sections, "slices", "Slices", slicesSection());
        section(main, sections, "drift", "Data drift", driftSection());
        section(main, sections, "history", "History", historySection());
        section(main, sections, "sweep", "Sweep", sweepSection());
        section(main, sections, "parameters", "Hyperparameters", parametersSection());
        header(sb, sections);
        sb.append("<main>\n").append(main).append("</main>\n<footer>Generated by mlops-java").append(generatedAt == null ? ""
                : " at " + TIME.format(generatedAt)).append(". Self-contained: no scripts, no network requests.</footer>\n")
                .append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void section(StringBuilder main, List<String[]> toc, String id, String title, String content) {
        if (content.isEmpty()) {
            return;
        }
        toc.add(new String[] {id, title});
        main.append("<section id=\"").append(id).append("\" aria-labelledby=\"").append(id).append("-h\">\n<h2 id=\"")
                .append(id).append("-h\">").append(title).append("</h2>\n").append(content).append("</section>\n");
    }

    private void header(StringBuilder sb, List<String[]> sections) {
        sb.append("<header>\n<h1>").append(escape(model));
        if (!gates.isEmpty()) {
            long failed = gates.stream().filter(g -> g.verdict() == GateRow.Verdict.FAIL).count();
            long inconclusive = gates.stream().filter(g -> g.verdict() == GateRow.Verdict.INCONCLUSIVE).count();
            GateRow.Verdict overall = failed > 0 ? GateRow.Verdict.FAIL
                    : inconclusive > 0 ? GateRow.Verdict.INCONCLUSIVE : GateRow.Verdict.PASS;
            sb.append(' ').append(badge(overall, failed > 0 ? failed + " of " + gates.size() + " gates failed"
                    : inconclusive > 0 ? inconclusive + " of " + gates.size() + " gates inconclusive"
                    : "all " + gates.size() + " gates passed"));
        }
        sb.append("</h1>\n");
        if (description != null) {
            sb.append("<p class=\"subtitle\">").append(escape(description)).append("</p>\n");
        }
        sb.append("<dl class=\"facts\">\n");
        fact(sb, "Task", task == null ? null : task.specName());
        fact(sb, "Version", version);
        fact(sb, "Run", runId);
        fact(sb, "Trainer", trainer);
        fact(sb, "Training rows", trainRows < 0 ? null : Integer.toString(trainRows));
        fact(sb, "Evaluated rows", evaluation == null ? null : Integer.toString(evaluation.size()));
        if (datasetFingerprint != null) {
            sb.append("<div><dt>Dataset</dt><dd><code title=\"").append(escape(datasetFingerprint)).append("\">")
                    .append(escape(Html.shorten(datasetFingerprint, 17))).append("</code></dd></div>\n");
        }
        sb.append("</dl>\n");
        if (!sections.isEmpty()) {
            sb.append("<nav aria-label=\"sections\"><ul>");
            for (String[] s : sections) {
                sb.append("<li><a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a></li>");
            }
            sb.append("</ul></nav>\n");
        }
        sb.append("</header>\n");
    }

    private static void fact(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append("<div><dt>").append(name).append("</dt><dd>").append(escape(value)).append("</dd></div>\n");
        }
    }

    private static String badge(GateRow.Verdict verdict, String title) {
        String symbol = switch (verdict) {
            case PASS -> "\u2713";
            case FAIL -> "\u2717";
            case INCONCLUSIVE -> "?";
        };
        return "<span class=\"badge " + verdict.label() + "\" title=\"" + escape(title) + "\">" + symbol + " "
                + verdict.label() + "</span>";
    }

    private String gatesSection() {
        if (gates.isEmpty()) {
            return "";
        }
        Map<GateRow.Verdict, Integer> counts = new LinkedHashMap<>();
        for (GateRow.Verdict v : GateRow.Verdict.values()) {
            counts.put(v, 0);
        }
        gates.forEach(g -> counts.merge(g.verdict(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder("<p>").append(counts.get(GateRow.Verdict.PASS)).append(" passed, ")
                .append(counts.get(GateRow.Verdict.FAIL)).append(" failed, ").append(counts.get(GateRow.Verdict.INCONCLUSIVE))
                .append(" inconclusive.</p>\n<div class=\"table-wrap\"><table id=\"gate-table\">\n<thead><tr><th>Verdict</th>")
                .append("<th>Gate</th><th class=\"num\">Observed</th><th>Rule</th><th>Severity</th><th>Explanation</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (GateRow g : gates) {
            sb.append("<tr class=\"gate ").append(g.verdict().label()).append("\"><td>").append(badge(g.verdict(), g.verdict().label()))
                    .append("</td><td>").append(escape(g.name())).append("</td><td class=\"num\">")
                    .append(Double.isNaN(g.observed()) ? "\u2013" : number(g.observed())).append("</td><td>")
                    .append(escape(g.rule())).append("</td><td>").append(escape(g.severity())).append("</td><td>")
                    .append(escape(g.explanation())).append("</td></tr>\n");
        }
        return sb.append("</tbody>\n</table></div>\n").toString();
    }

    private List<String> headlines() {
        if (evaluation == null) {
            return List.of();
        }
        List<String> names = evaluation instanceof ClassificationEvaluation ? CLASSIFICATION_HEADLINES
                : evaluation instanceof RegressionEvaluation ? REGRESSION_HEADLINES : List.of();
        return names.stream().filter(evaluation.asMap()::containsKey).toList();
    }

    private String metricsSection() {
        if (evaluation == null) {
            return "";
        }
        Map<String, Double> all = evaluation.asMap();
        StringBuilder sb = new StringBuilder("<div class=\"cards\">\n");
        for (String name : headlines()) {
            sb.append("<div class=\"card\"><div class=\"k\">").append(escape(name)).append("</div><div class=\"v\">")
                    .append(number(all.get(name))).append("</div></div>\n");
        }
        sb.append("</div>\n<div class=\"tables\">\n<div class=\"table-wrap\"><table id=\"metric-table\">\n")
                .append("<caption>All metrics on ").append(evaluation.size())
                .append(" evaluated rows</caption>\n<thead><tr><th>Metric</th><th class=\"num\">Value</th></tr></thead>\n<tbody>\n");
        all.forEach((name, value) -> {
            if (name.indexOf('.') < 0 || !(evaluation instanceof ClassificationEvaluation)) {
                sb.append("<tr><td>").append(escape(name)).append("</td><td class=\"num\">").append(number(value)).append("</td></tr>\n");
            }
        });
        sb.append("</tbody>\n</table></div>\n");
        if (evaluation instanceof ClassificationEvaluation c) {
            sb.append("<div class=\"table-wrap\"><table id=\"class-table\">\n<caption>Per label</caption>\n<thead><tr><th>Label</th>")
                    .append("<th class=\"num\">Precision</th><th class=\"num\">Recall</th><th class=\"num\">F1</th>")
                    .append("<th class=\"num\">Support</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, ClassMetrics> e : c.perClass().entrySet()) {
                ClassMetrics m = e.getValue();
                sb.append("<tr><td>").append(escape(e.getKey())).append("</td><td class=\"num\">").append(number(m.precision()))
                        .append("</td><td class=\"num\">").append(number(m.recall())).append("</td><td class=\"num\">")
                        .append(number(m.f1())).append("</td><td class=\"num\">").append(m.support()).append("</td></tr>\n");
            }
            sb.append("</tbody>\n</table></div>\n");
        }
        return sb.append("</div>\n").toString();
    }

    private String chartsSection() {
        StringBuilder sb = new StringBuilder();
        if (evaluation instanceof ClassificationEvaluation c) {
            sb.append(Charts.confusion(c));
            if (c.hasProbabilities()) {
                List<Charts.ClassCurves> curves = Charts.curves(c);
                sb.append(Charts.roc(c, curves)).append(Charts.precisionRecall(c, curves)).append(Charts.calibration(curves));
            }
        } else if (evaluation instanceof RegressionEvaluation r) {
            sb.append(Charts.residuals(r)).append(Charts.residualHistogram(r));
        }
        if (sb.length() == 0) {
            return "";
        }
        String note = evaluation instanceof ClassificationEvaluation c && !c.hasProbabilities()
                ? "<p class=\"note\">The model gave no probabilities, so there are no ROC, precision-recall or calibration curves.</p>\n"
                : "";
        return "<div class=\"grid\">\n" + sb + "</div>\n" + note;
    }

    private String slicesSection() {
        if (slices.isEmpty()) {
            return "";
        }
        Map<String, List<SliceMetric>> byMetric = new LinkedHashMap<>();
        slices.forEach(s -> byMetric.computeIfAbsent(s.metric(), m -> new ArrayList<>()).add(s));
        StringBuilder sb = new StringBuilder("<div class=\"grid wide\">\n");
        int index = 0;
        for (Map.Entry<String, List<SliceMetric>> e : byMetric.entrySet()) {
            String metric = e.getKey();
            List<SliceMetric> rows = e.getValue();
            double overall = overall(metric);
            double[] values = rows.stream().mapToDouble(SliceMetric::value).toArray();
            sb.append(Charts.bars("chart-slices-" + index++, metric + " by slice",
                    "Bars show " + metric + " on each of " + rows.size() + " slices of the evaluated rows"
                            + (Double.isNaN(overall) ? "." : "; the dashed line is its value on all rows."),
                    metric, rows.stream().map(SliceMetric::slice).toList(), values,
                    rows.stream().map(s -> "(n=" + s.rows() + ")").toList(), -1, overall, "all rows"));
        }
        return sb.append("</div>\n").toString();
    }

    private double overall(String metric) {
        if (evaluation == null) {
            return Double.NaN;
        }
        Double v = evaluation.asMap().get(metric);
        return v == null ? Double.NaN : v;
    }

    private String driftSection() {
        if (drift == null) {
            return "";
        }
        var d = drift.dataset();
        StringBuilder sb = new StringBuilder("<p>Dataset drift <strong>").append(d.datasetDrift() ? "detected" : "not detected")
                .append("</strong>: ").append(d.drifted()).append(" of ").append(d.features()).append(" features drifted (")
                .append(Html.percent(d.share())).append("; threshold ").append(Html.percent(d.driftShare()))
                .append("). Reference rows: ").append(drift.referenceRows()).append("; current rows: ")
                .append(drift.currentRows()).append(".</p>\n<div class=\"table-wrap\"><table id=\"drift-table\">\n<thead><tr>")
                .append("<th>Feature</th><th>Kind</th><th>Method</th><th class=\"num\">Statistic</th>")
                .append("<th class=\"num\">p-value / distance</th><th class=\"num\">Threshold</th><th>Drifted</th>")
                .append("<th>Severity</th><th class=\"num\">Missing (ref / cur)</th></tr></thead>\n<tbody>\n");
        for (FeatureDrift f : drift.features()) {
            driftRow(sb, f.feature(), f);
        }
        if (drift.prediction() != null) {
            driftRow(sb, drift.prediction().feature() + " (prediction)", drift.prediction());
        }
        return sb.append("</tbody>\n</table></div>\n").toString();
    }

    private static void driftRow(StringBuilder sb, String name, FeatureDrift f) {
        sb.append("<tr class=\"").append(f.drifted() ? "drifted" : "stable").append("\"><td>").append(escape(name))
                .append("</td><td>").append(f.kind().specName()).append("</td>");
        if (!f.tested()) {
            sb.append("<td colspan=\"6\">not compared: ").append(escape(f.detail())).append("</td>");
        } else {
            String score = f.pValue() != null ? "p = " + number(f.pValue()) : "d = " + number(f.distance());
            String severity = f.severity().name().toLowerCase(Locale.ROOT);
            sb.append("<td>").append(f.method().id()).append("</td><td class=\"num\">").append(number(f.statistic()))
                    .append("</td><td class=\"num\">").append(score).append("</td><td class=\"num\">").append(number(f.threshold()))
                    .append("</td><td>").append(f.drifted() ? "<strong>yes</strong>" : "no").append("</td><td><span class=\"sev ")
                    .append(severity).append("\">").append(severity).append("</span></td>");
        }
        sb.append("<td class=\"num\">").append(Html.percent(f.referenceMissingShare())).append(" / ")
                .append(Html.percent(f.currentMissingShare())).append("</td></tr>\n");
    }

    /** The metrics drawn in the history: those chosen, else the headline metrics the runs recorded. */
    List<String> historyMetricNames() {
        if (historyMetrics != null) {
            return historyMetrics;
        }
        Set<String> recorded = new LinkedHashSet<>();
        history.forEach(h -> recorded.addAll(h.metrics().keySet()));
        List<String> names = new ArrayList<>(headlines().stream().filter(recorded::contains).toList());
        if (names.isEmpty()) {
            recorded.stream().filter(n -> n.indexOf('.') < 0).sorted().limit(DEFAULT_HISTORY_CHARTS).forEach(names::add);
        }
        return names;
    }

    private String historySection() {
        if (history.isEmpty()) {
            return "";
        }
        List<String> runs = new ArrayList<>();
        List<String> tips = new ArrayList<>();
        int current = -1;
        for (int i = 0; i < history.size(); i++) {
            HistoryPoint h = history.get(i);
            runs.add(Html.shorten(h.runId(), 8));
            tips.add("run " + h.runId() + " at " + TIME.format(h.time()));
            if (h.runId().equals(runId)) {
                current = i;
            }
        }
        StringBuilder sb = new StringBuilder("<p>").append(history.size()).append(" recorded runs of ").append(escape(model))
                .append(", oldest first").append(current >= 0 ? "; the larger marker is this run" : "").append(".</p>\n")
                .append("<div class=\"grid small\">\n");
        int index = 0;
        List<String> missing = new ArrayList<>();
        for (String metric : historyMetricNames()) {
            double[] values = new double[history.size()];
            boolean any = false;
            for (int i = 0; i < values.length; i++) {
                Double v = history.get(i).metrics().get(metric);
                values[i] = v == null ? Double.NaN : v;
                any |= v != null && Double.isFinite(v);
            }
            if (!any) {
                missing.add(metric);
                continue;
            }
            sb.append(Charts.history(index++, metric, runs, values, tips, current));
        }
        sb.append("</div>\n");
        if (!missing.isEmpty()) {
            sb.append("<p class=\"note\">No run recorded ").append(escape(String.join(", ", missing))).append(".</p>\n");
        }
        return sb.toString();
    }

    private String sweepSection() {
        if (sweep.isEmpty()) {
            return "";
        }
        String metric = sweep.get(0).metric();
        int chosen = -1;
        List<String> names = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double[] scores = new double[sweep.size()];
        for (int i = 0; i < sweep.size(); i++) {
            SweepTrial t = sweep.get(i);
            names.add(t.trainer().describe());
            notes.add(String.format(Locale.ROOT, "(%.2f s)", t.seconds()));
            scores[i] = t.score();
            if (t.chosen()) {
                chosen = i;
            }
        }
        StringBuilder sb = new StringBuilder("<p>").append(sweep.size()).append(" configurations compared by validation ")
                .append(escape(metric)).append(".</p>\n");
        sb.append(Charts.bars("chart-sweep", "Sweep: validation " + metric,
                "Validation " + metric + " of each configuration the sweep tried; the chosen one is highlighted.",
                "validation " + metric, names, scores, notes, chosen, Double.NaN, ""));
        sb.append("<details><summary>Hyperparameters of every configuration</summary>\n<div class=\"table-wrap\">")
                .append("<table id=\"sweep-table\">\n<thead><tr><th>#</th><th>Configuration</th><th class=\"num\">")
                .append(escape(metric)).append("</th><th>Hyperparameters</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < sweep.size(); i++) {
            SweepTrial t = sweep.get(i);
            sb.append("<tr").append(t.chosen() ? " class=\"chosen\"" : "").append("><td>").append(i + 1).append("</td><td>")
                    .append(escape(t.trainer().describe())).append(t.chosen() ? " \u2605" : "").append("</td><td class=\"num\">")
                    .append(number(t.score())).append("</td><td><code>").append(escape(new TreeMap<>(t.hyperparameters()).toString()))
                    .append("</code></td></tr>\n");
        }
        return sb.append("</tbody>\n</table></div>\n</details>\n").toString();
    }

    private String parametersSection() {
        if (hyperparameters.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"table-wrap\"><table id=\"parameter-table\">\n<thead><tr><th>Name</th>")
                .append("<th>Value</th></tr></thead>\n<tbody>\n");
        hyperparameters.forEach((k, v) -> sb.append("<tr><td>").append(escape(k)).append("</td><td><code>").append(escape(v))
                .append("</code></td></tr>\n"));
        return sb.append("</tbody>\n</table></div>\n").toString();
    }

    /**
     * Collects a report's parts. Everything but the model name is optional; sections without data
     * are left out of the page.
     */
    public static final class Builder {

        private final String model;
        private String version;
        private String runId;
        private String description;
        private Task task;
        private String trainer;
        private Evaluation evaluation;
        private List<GateRow> gates = List.of();
        private List<SliceMetric> slices = List.of();
        private DriftReport drift;
        private List<HistoryPoint> history = List.of();
        private List<String> historyMetrics;
        private List<SweepTrial> sweep = List.of();
        private Map<String, String> hyperparameters = Map.of();
        private String datasetFingerprint;
        private int trainRows = -1;
        private Instant generatedAt;

        private Builder(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model name must not be blank, was " + (model == null ? "null" : "'" + model + "'"));
            }
            this.model = model;
        }

        /**
         * Takes what training produced: description, task, chosen trainer, evaluation, sweep,
         * hyperparameters, dataset fingerprint and number of training rows.
         *
         * @param trained the trained model
         * @return this builder
         */
        public Builder from(TrainedModel trained) {
            Objects.requireNonNull(trained, "trained model");
            description(trained.spec().description());
            task(trained.task());
            trainer(trained.trainer().describe());
            evaluation(trained.evaluation());
            sweep(trained.sweep());
            hyperparameters(trained.hyperparameters());
            datasetFingerprint(trained.datasetFingerprint());
            return trainRows(trained.trainRows());
        }

        /**
         * @param version the model version shown in the header, or null
         * @return this builder
         */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /**
         * @param runId the id of the run this report belongs to, or null; its point is marked in
         *              the history charts
         * @return this builder
         */
        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /**
         * @param description a sentence about the model, or null
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @param task the task; when an evaluation is given it must be of this task
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = task;
            return this;
        }

        /**
         * @param trainer the trainer configuration in words, e.g. {@code random-forest{trees=50}}, or null
         * @return this builder
         */
        public Builder trainer(String trainer) {
            this.trainer = trainer;
            return this;
        }

        /**
         * @param evaluation the evaluation on the test rows, or null; its kind sets the task and the charts
         * @return this builder
         */
        public Builder evaluation(Evaluation evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        /**
         * @param gates the gate outcomes, in the order to show them
         * @return this builder
         */
        public Builder gates(List<GateRow> gates) {
            this.gates = List.copyOf(Objects.requireNonNull(gates, "gates"));
            return this;
        }

        /**
         * @param slices per-slice metrics; one chart per metric, one bar per slice, in this order
         * @return this builder
         */
        public Builder slices(List<SliceMetric> slices) {
            this.slices = List.copyOf(Objects.requireNonNull(slices, "slices"));
            return this;
        }

        /**
         * @param drift the drift report, or null
         * @return this builder
         */
        public Builder drift(DriftReport drift) {
            this.drift = drift;
            return this;
        }

        /**
         * @param history the recorded runs of this model (including this run, if recorded); drawn
         *                in time order
         * @return this builder
         */
        public Builder history(List<HistoryPoint> history) {
            this.history = List.copyOf(Objects.requireNonNull(history, "history"));
            return this;
        }

        /**
         * Chooses the metrics drawn across the history. By default those of the evaluation's
         * headline metrics (accuracy, F1, ROC AUC... or RMSE, MAE, R2, MAPE) that the runs recorded,
         * or without an evaluation the first {@value #DEFAULT_HISTORY_CHARTS} recorded metric names
         * without a dot, alphabetically.
         *
         * @param metrics metric names, not blank
         * @return this builder
         */
        public Builder historyMetrics(List<String> metrics) {
            for (String m : Objects.requireNonNull(metrics, "history metrics")) {
                if (m == null || m.isBlank()) {
                    throw new IllegalArgumentException("history metric names must not be blank: " + metrics);
                }
            }
            this.historyMetrics = List.copyOf(metrics);
            return this;
        }

        /**
         * @param sweep the configurations a sweep tried, empty when there was no sweep
         * @return this builder
         */
        public Builder sweep(List<SweepTrial> sweep) {
            this.sweep = List.copyOf(Objects.requireNonNull(sweep, "sweep"));
            return this;
        }

        /**
         * @param hyperparameters the chosen configuration's hyperparameters; shown sorted by name
         * @return this builder
         */
        public Builder hyperparameters(Map<String, ?> hyperparameters) {
            Map<String, String> copy = new TreeMap<>();
            Objects.requireNonNull(hyperparameters, "hyperparameters")
                    .forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
            this.hyperparameters = copy;
            return this;
        }

        /**
         * @param fingerprint the dataset's fingerprint (e.g. sha256), or null
         * @return this builder
         */
        public Builder datasetFingerprint(String fingerprint) {
            this.datasetFingerprint = fingerprint;
            return this;
        }

        /**
         * @param rows the number of rows the model was trained on, at least 0
         * @return this builder
         */
        public Builder trainRows(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("training rows must be >= 0, was " + rows);
            }
            this.trainRows = rows;
            return this;
        }

        /**
         * Stamps the page with a time. Off by default, so that the page depends only on its inputs.
         *
         * @param time the time to show, or null
         * @return this builder
         */
        public Builder generatedAt(Instant time) {
            this.generatedAt = time;
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report
         * @throws IllegalArgumentException when the task contradicts the evaluation's kind
         */
        public ModelReport build() {
            Task kind = evaluation instanceof ClassificationEvaluation ? Task.CLASSIFICATION
                    : evaluation instanceof RegressionEvaluation ? Task.REGRESSION : null;
            if (task != null && kind != null && task != kind) {
                throw new IllegalArgumentException("task is " + task.specName() + " but the evaluation is a "
                        + kind.specName() + " evaluation; give the matching task or leave it out");
            }
            return new ModelReport(this, task != null ? task : kind);
        }
    }
}
