package dev.mlops.report;

import static dev.mlops.report.Html.coord;
import static dev.mlops.report.Html.escape;
import static dev.mlops.report.Html.number;

import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's charts, each an HTML {@code <figure>} holding an inline SVG with a fixed id, its
 * legend and notes. Curves are computed by {@link Curves}; drawing is done by {@link Plot}.
 */
final class Charts {

    /** Bins of the reliability curves, as scikit-learn's {@code calibration_curve} default. */
    static final int CALIBRATION_BINS = 10;
    /** The most points a residual scatter plot draws; larger evaluations are sampled evenly. */
    static final int MAX_SCATTER_POINTS = 2500;
    /** The longest bar label drawn in full; longer ones are shortened, with the full text as tooltip. */
    private static final int MAX_BAR_LABEL = 40;
    /** ColorBrewer's sequential "Blues", light to dark: readable for colour-blind readers and in grey. */
    private static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};

    private Charts() {
    }

    /**
     * The curves of one label against the rest.
     *
     * @param index       the label's index
     * @param label       the label
     * @param roc         its ROC curve, null when undefined
     * @param pr          its precision-recall curve, null when undefined
     * @param calibration its reliability curve
     */
    record ClassCurves(int index, String label, Curves.Roc roc, Curves.PrecisionRecall pr, Curves.Calibration calibration) {
    }

    /**
     * Computes the curves of the labels that get one: the positive (last) label of a binary task,
     * else every label. Each label's scores are sorted once for both ROC and precision-recall.
     *
     * @param e an evaluation with probabilities
     * @return the curves, in label order
     */
    static List<ClassCurves> curves(ClassificationEvaluation e) {
        int k = e.labels().size();
        double[][] p = e.probabilities();
        int[] actual = e.actual();
        List<ClassCurves> curves = new ArrayList<>();
        for (int c = k == 2 ? 1 : 0; c < k; c++) {
            double[] scores = new double[p.length];
            boolean[] positive = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                scores[i] = p[i][c];
                positive[i] = actual[i] == c;
            }
            Curves.Counts counts = Curves.counts(scores, positive);
            curves.add(new ClassCurves(c, e.labels().get(c), Curves.roc(counts), Curves.precisionRecall(counts),
                    Curves.calibration(scores, positive, CALIBRATION_BINS)));
        }
        return curves;
    }

    /** The confusion matrix as a heat map: counts in the cells, colour by share of the actual row. */
    static String confusion(ClassificationEvaluation e) {
        List<String> labels = e.labels();
        int k = labels.size();
        int[][] m = e.confusionMatrix();
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, Math.min(16, l.codePointCount(0, l.length())));
        }
        // labels at 12px take about 7px a character; cells fill the width of a standard chart
        double labelWidth = 7 * longest + 10;
        double cell = Math.max(22, Math.min(90, (Plot.WIDTH - 40 - labelWidth) / k));
        double gridSize = cell * k;
        double width = Math.max(Plot.WIDTH, 40 + labelWidth + gridSize);
        double left = 28 + labelWidth + (width - 40 - labelWidth - gridSize) / 2;
        double top = 10;
        boolean rotate = 7 * longest + 8 > cell;
        double labelBand = rotate ? 7 * longest * 0.58 + 18 : 22;
        double height = top + gridSize + labelBand + 26;
        StringBuilder sb = new StringBuilder();
        Plot.open(sb, "chart-confusion", "Confusion matrix",
                "Rows are actual labels, columns predicted labels; each cell shows the number of rows and is"
                        + " shaded by its share of the actual label's rows.", width, height);
        sb.append("<g class=\"data\">\n");
        for (int i = 0; i < k; i++) {
            int rowTotal = 0;
            for (int j = 0; j < k; j++) {
                rowTotal += m[i][j];
            }
            for (int j = 0; j < k; j++) {
                double share = rowTotal == 0 ? 0 : (double) m[i][j] / rowTotal;
                double x = left + j * cell;
                double y = top + i * cell;
                sb.append("<rect class=\"cell\" data-count=\"").append(m[i][j]).append("\" x=\"").append(coord(x))
                        .append("\" y=\"").append(coord(y)).append("\" width=\"").append(coord(cell)).append("\" height=\"")
                        .append(coord(cell)).append("\" fill=\"").append(blue(share)).append("\" stroke=\"")
                        .append(i == j ? "#111827" : "#fff").append("\" stroke-width=\"").append(i == j ? "1.5" : "1")
                        .append("\"><title>").append(escape("actual " + labels.get(i) + ", predicted " + labels.get(j) + ": "
                                + m[i][j] + " rows" + (rowTotal == 0 ? "" : " (" + Html.percent(share) + " of actual "
                                + labels.get(i) + ")"))).append("</title></rect>\n");
                String ink = share > 0.5 ? "#fff" : "#111827";
                double fontSize = Math.max(9, Math.min(16, cell / 3.2));
                boolean showShare = cell >= 44 && rowTotal > 0;
                sb.append("<text x=\"").append(coord(x + cell / 2)).append("\" y=\"")
                        .append(coord(y + cell / 2 + (showShare ? -1 : fontSize / 3))).append("\" text-anchor=\"middle\" fill=\"")
                        .append(ink).append("\" style=\"fill:").append(ink).append(";font-size:").append(coord(fontSize))
                        .append("px;font-weight:600\">").append(m[i][j]).append("</text>\n");
                if (showShare) {
                    sb.append("<text x=\"").append(coord(x + cell / 2)).append("\" y=\"").append(coord(y + cell / 2 + 14))
                            .append("\" text-anchor=\"middle\" style=\"fill:").append(ink).append(";font-size:10px\">")
                            .append(Html.percent(share)).append("</text>\n");
                }
            }
        }
        sb.append("</g>\n<g class=\"axes\">\n");
        for (int i = 0; i < k; i++) {
            String label = labels.get(i);
            sb.append("<text x=\"").append(coord(left - 6)).append("\" y=\"").append(coord(top + i * cell + cell / 2 + 4))
                    .append("\" text-anchor=\"end\">").append(escape(Html.shorten(label, 16))).append("<title>")
                    .append(escape(label)).append("</title></text>\n");
            double cx = left + i * cell + cell / 2;
            double cy = top + gridSize + 14;
            sb.append("<text x=\"").append(coord(cx)).append("\" y=\"").append(coord(cy)).append('"');
            if (rotate) {
                sb.append(" transform=\"rotate(-35 ").append(coord(cx)).append(' ').append(coord(cy)).append(")\" text-anchor=\"end\"");
            } else {
                sb.append(" text-anchor=\"middle\"");
            }
            sb.append('>').append(escape(Html.shorten(label, 16))).append("<title>").append(escape(label))
                    .append("</title></text>\n");
        }
        sb.append("<text class=\"axis-title\" x=\"").append(coord(left + gridSize / 2)).append("\" y=\"")
                .append(coord(height - 8)).append("\" text-anchor=\"middle\">Predicted label</text>\n");
        sb.append("<text class=\"axis-title\" transform=\"translate(").append(coord(left - labelWidth - 8)).append(' ')
                .append(coord(top + gridSize / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">Actual label</text>\n</g>\n</svg>\n");
        StringBuilder scale = new StringBuilder("<ul class=\"legend\" aria-label=\"colour scale\">");
        for (int s = 0; s <= 4; s++) {
            scale.append("<li><span class=\"swatch\" style=\"background:").append(blue(s / 4.0)).append("\"></span>")
                    .append(s * 25).append("%</li>");
        }
        scale.append("<li>of the actual label&#39;s rows</li></ul>\n");
        return figure("fig-confusion", "Confusion matrix", sb.toString(), scale.toString(), "");
    }

    /** ROC curves, one per class against the rest, with AUC in the legend. */
    static String roc(ClassificationEvaluation e, List<ClassCurves> curves) {
        Plot plot = new Plot("chart-roc", "ROC curve", curveDescription(e, "ROC curves"),
                Plot.Axis.unit("False positive rate"), Plot.Axis.unit("True positive rate"));
        plot.reference(0, 0, 1, 1, "chance");
        List<String> undefined = new ArrayList<>();
        for (ClassCurves c : curves) {
            if (c.roc() == null) {
                undefined.add(c.label());
            } else {
                plot.line(c.index(), c.label() + " (AUC " + number(c.roc().auc()) + ")", c.roc().fpr(), c.roc().tpr(), false);
            }
        }
        return figure("fig-roc", "ROC curve" + (e.labels().size() == 2 ? "" : " (one vs rest)"), plot.svg(),
                plot.legendHtml(), undefinedNote(undefined, "no actual rows of the class, or only such rows"));
    }

    /** Precision-recall curves, one per class against the rest, with average precision in the legend. */
    static String precisionRecall(ClassificationEvaluation e, List<ClassCurves> curves) {
        Plot plot = new Plot("chart-pr", "Precision-recall curve", curveDescription(e, "Precision-recall curves"),
                Plot.Axis.unit("Recall"), Plot.Axis.unit("Precision"));
        List<String> undefined = new ArrayList<>();
        for (ClassCurves c : curves) {
            if (c.pr() == null) {
                undefined.add(c.label());
            } else {
                // drawn as scikit-learn's display draws it: steps after each point, recall descending
                plot.line(c.index(), c.label() + " (AP " + number(c.pr().averagePrecision()) + ")", c.pr().recall(),
                        c.pr().precision(), true);
            }
        }
        return figure("fig-pr", "Precision-recall curve" + (e.labels().size() == 2 ? "" : " (one vs rest)"), plot.svg(),
                plot.legendHtml(), undefinedNote(undefined, "no actual rows of the class"));
    }

    /** Reliability curves: observed share of the class against mean predicted probability, per bin. */
    static String calibration(List<ClassCurves> curves) {
        Plot plot = new Plot("chart-calibration", "Calibration curve",
                "Reliability of the predicted probabilities: rows are put into " + CALIBRATION_BINS + " equal-width bins by"
                        + " predicted probability of a class; each marker shows the bin's mean predicted probability and the"
                        + " share of its rows that belong to the class.",
                Plot.Axis.unit("Mean predicted probability"), Plot.Axis.unit("Fraction of positives"));
        plot.reference(0, 0, 1, 1, "perfectly calibrated");
        for (ClassCurves c : curves) {
            Curves.Calibration cal = c.calibration();
            plot.line(c.index(), c.label(), cal.meanPredicted(), cal.fractionPositive(), false);
            for (int b = 0; b < cal.counts().length; b++) {
                plot.point(c.index(), cal.meanPredicted()[b], cal.fractionPositive()[b], 3.5, c.label() + ": mean predicted "
                        + number(cal.meanPredicted()[b]) + ", observed " + number(cal.fractionPositive()[b]) + " over "
                        + cal.counts()[b] + " rows");
            }
        }
        return figure("fig-calibration", "Calibration (reliability) curve", plot.svg(), plot.legendHtml(),
                "<p class=\"note\">" + CALIBRATION_BINS + " equal-width bins; empty bins are left out. Hover a marker for"
                        + " its number of rows.</p>\n");
    }

    /** Residuals (actual minus predicted) against predicted values, sampled evenly above a limit. */
    static String residuals(RegressionEvaluation r) {
        double[] predicted = r.predicted();
        double[] actual = r.actual();
        int n = predicted.length;
        double[] residuals = new double[n];
        double xlo = Double.POSITIVE_INFINITY;
        double xhi = Double.NEGATIVE_INFINITY;
        double ylo = 0;
        double yhi = 0;
        for (int i = 0; i < n; i++) {
            residuals[i] = actual[i] - predicted[i];
            xlo = Math.min(xlo, predicted[i]);
            xhi = Math.max(xhi, predicted[i]);
            ylo = Math.min(ylo, residuals[i]);
            yhi = Math.max(yhi, residuals[i]);
        }
        int[] rows = Curves.evenSample(n, MAX_SCATTER_POINTS);
        double[] xs = new double[rows.length];
        double[] ys = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            xs[i] = predicted[rows[i]];
            ys[i] = residuals[rows[i]];
        }
        Plot.Axis x = Plot.Axis.nice("Predicted value", xlo, xhi);
        Plot plot = new Plot("chart-residuals", "Residuals against predicted values",
                "Each marker is a row: its predicted value across, its residual (actual minus predicted) up."
                        + (rows.length < n ? " " + rows.length + " of " + n + " rows are shown, evenly spaced." : ""),
                x, Plot.Axis.nice("Residual (actual \u2212 predicted)", ylo, yhi));
        plot.scatter(xs, ys, Plot.COLOURS.get(0));
        plot.reference(x.min(), 0, x.max(), 0, "zero residual");
        String note = rows.length < n
                ? "<p class=\"note\">Showing " + rows.length + " of " + n + " rows, evenly spaced; the axes cover all rows.</p>\n"
                : "";
        return figure("fig-residuals", "Residuals vs predicted", plot.svg(), plot.legendHtml(), note);
    }

    /** The distribution of the residuals as a histogram. */
    static String residualHistogram(RegressionEvaluation r) {
        double[] actual = r.actual();
        double[] predicted = r.predicted();
        double[] residuals = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            residuals[i] = actual[i] - predicted[i];
        }
        Curves.Histogram h = Curves.histogram(residuals, Curves.histogramBins(residuals.length));
        int bins = h.counts().length;
        int most = 0;
        for (int c : h.counts()) {
            most = Math.max(most, c);
        }
        Plot plot = new Plot("chart-residual-histogram", "Distribution of residuals",
                "Histogram of the residuals (actual minus predicted) of " + residuals.length + " rows in " + bins
                        + " equal-width bins.",
                Plot.Axis.nice("Residual (actual \u2212 predicted)", h.edges()[0], h.edges()[bins]),
                Plot.Axis.nice("Rows", 0, Math.max(1, most)));
        for (int b = 0; b < bins; b++) {
            double lo = h.edges()[b];
            double hi = h.edges()[b + 1];
            plot.bar(lo, hi, 0, h.counts()[b], h.counts()[b], "[" + number(lo) + ", " + number(hi)
                    + (b == bins - 1 ? "]" : ")") + ": " + h.counts()[b] + " rows");
        }
        return figure("fig-residual-histogram", "Residual distribution", plot.svg(), "",
                "<p class=\"note\">" + bins + " equal-width bins between the smallest and largest residual.</p>\n");
    }

    /**
     * Horizontal bars, one per named value, with the value written beside each bar; NaN values get
     * no bar. Used for per-slice metrics and sweep scores.
     *
     * @param id         the SVG id
     * @param title      the chart title
     * @param description what the chart shows, in a sentence
     * @param axisLabel  the value axis title
     * @param names      one name per bar
     * @param values     one value per bar
     * @param notes      text after each value (e.g. the number of rows), or null
     * @param highlight  the index of a bar to highlight, or -1
     * @param reference  a value to mark with a dashed line, or NaN
     * @param refName    the name of the reference line
     */
    static String bars(String id, String title, String description, String axisLabel, List<String> names,
                       double[] values, List<String> notes, int highlight, double reference, String refName) {
        double lo = 0;
        double hi = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!Double.isNaN(reference)) {
            lo = Math.min(lo, reference);
            hi = Math.max(hi, reference);
        }
        boolean unit = lo >= 0 && hi <= 1 && hi > 0.2;
        Plot.Axis axis = unit ? Plot.Axis.unit(axisLabel) : Plot.Axis.nice(axisLabel, lo, hi);
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, Math.min(MAX_BAR_LABEL, name.codePointCount(0, name.length())));
        }
        double left = 18 + 7.4 * longest; // bold 12px text is about 7.4px a character
        double right = 190;
        double rowHeight = 26;
        double top = 10;
        double width = left + 280 + right;
        double plotWidth = width - left - right;
        double height = top + rowHeight * names.size() + 44;
        StringBuilder sb = new StringBuilder();
        Plot.open(sb, id, title, description, width, height);
        double bottom = top + rowHeight * names.size();
        sb.append("<g class=\"grid\" stroke=\"#e5e7eb\">\n");
        for (double t : axis.ticks()) {
            double x = left + (t - axis.min()) / (axis.max() - axis.min()) * plotWidth;
            sb.append("<line x1=\"").append(coord(x)).append("\" y1=\"").append(coord(top)).append("\" x2=\"")
                    .append(coord(x)).append("\" y2=\"").append(coord(bottom)).append("\"/>\n");
        }
        sb.append("</g>\n<g class=\"axes\">\n");
        for (int i = 0; i < axis.ticks().length; i++) {
            double x = left + (axis.ticks()[i] - axis.min()) / (axis.max() - axis.min()) * plotWidth;
            sb.append("<text x=\"").append(coord(x)).append("\" y=\"").append(coord(bottom + 16))
                    .append("\" text-anchor=\"middle\">").append(escape(axis.tickLabels()[i])).append("</text>\n");
        }
        sb.append("<text class=\"axis-title\" x=\"").append(coord(left + plotWidth / 2)).append("\" y=\"")
                .append(coord(bottom + 36)).append("\" text-anchor=\"middle\">").append(escape(axisLabel)).append("</text>\n");
        sb.append("</g>\n<g class=\"data\">\n");
        double zero = left + (Math.max(axis.min(), 0) - axis.min()) / (axis.max() - axis.min()) * plotWidth;
        double referenceX = Double.isNaN(reference) ? Double.NEGATIVE_INFINITY
                : left + (reference - axis.min()) / (axis.max() - axis.min()) * plotWidth;
        for (int i = 0; i < names.size(); i++) {
            double y = top + i * rowHeight;
            String name = names.get(i);
            String note = notes == null ? "" : notes.get(i);
            boolean chosen = i == highlight;
            sb.append("<text x=\"").append(coord(left - 8)).append("\" y=\"").append(coord(y + rowHeight / 2 + 4))
                    .append("\" text-anchor=\"end\"").append(chosen ? " style=\"font-weight:700\"" : "").append('>')
                    .append(escape(Html.shorten(name, MAX_BAR_LABEL))).append("<title>").append(escape(name)).append("</title></text>\n");
            double v = values[i];
            String text = number(v) + (note.isEmpty() ? "" : " " + note) + (chosen ? " \u2605 chosen" : "");
            double end = zero;
            if (!Double.isNaN(v)) {
                double x = left + (v - axis.min()) / (axis.max() - axis.min()) * plotWidth;
                double x0 = Math.min(x, zero);
                end = Math.max(x, zero);
                sb.append("<rect class=\"bar\" data-value=\"").append(v).append("\" x=\"").append(coord(x0))
                        .append("\" y=\"").append(coord(y + 4)).append("\" width=\"").append(coord(Math.max(0.5, Math.abs(x - zero))))
                        .append("\" height=\"").append(coord(rowHeight - 8)).append("\" fill=\"")
                        .append(chosen ? Plot.COLOURS.get(1) : Plot.COLOURS.get(0)).append("\"><title>")
                        .append(escape(name + ": " + text)).append("</title></rect>\n");
            }
            // the value goes after the bar, or after the reference line when that is further right
            sb.append("<text x=\"").append(coord(Math.max(end, referenceX + 2) + 6)).append("\" y=\"").append(coord(y + rowHeight / 2 + 4))
                    .append('"').append(chosen ? " style=\"font-weight:700\"" : "").append('>').append(escape(text))
                    .append("</text>\n");
        }
        String legend = "";
        if (!Double.isNaN(reference)) {
            double x = referenceX;
            sb.append("<line class=\"reference\" x1=\"").append(coord(x)).append("\" y1=\"").append(coord(top - 4))
                    .append("\" x2=\"").append(coord(x)).append("\" y2=\"").append(coord(bottom))
                    .append("\" stroke=\"#111827\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>")
                    .append(escape(refName + ": " + number(reference))).append("</title></line>\n");
            legend = "<ul class=\"legend\"><li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\""
                    + " x2=\"28\" y2=\"5\" stroke=\"#111827\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/></svg>"
                    + escape(refName + " (" + number(reference) + ")") + "</li></ul>\n";
        }
        sb.append("</g>\n</svg>\n");
        return figure("fig-" + id.substring("chart-".length()), title, sb.toString(), legend, "");
    }

    /**
     * One metric across the recorded runs, oldest first, with the current run marked.
     *
     * @param index   the chart's number, for its id
     * @param metric  the metric
     * @param runs    run labels, in time order
     * @param values  the metric in each run, NaN where the run lacks it
     * @param tips    a tooltip per run
     * @param current the index of this report's run, or -1
     */
    static String history(int index, String metric, List<String> runs, double[] values, List<String> tips, int current) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int finite = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                finite++;
            }
        }
        Plot plot = new Plot("chart-history-" + index, metric + " across runs",
                "The metric " + metric + " in each of " + finite + " recorded runs, oldest first.",
                Plot.Axis.positions("Run (oldest first)", runs), Plot.Axis.nice(metric, lo, hi), 360, 250);
        double[] xs = new double[finite];
        double[] ys = new double[finite];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                xs[j] = i + 1;
                ys[j] = values[i];
                j++;
            }
        }
        plot.line(0, metric, xs, ys, false);
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                boolean now = i == current;
                plot.point(now ? 4 : 0, i + 1, values[i], now ? 6 : 3.5, tips.get(i) + ": " + metric + " = "
                        + number(values[i]) + (now ? " (this run)" : ""));
            }
        }
        String legend = plot.legendHtml();
        if (current >= 0) {
            legend = legend.replace("</ul>", "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\""
                    + " cy=\"7\" r=\"6\" fill=\"" + Plot.COLOURS.get(4) + "\"/></svg>this run</li></ul>");
        }
        return figure("fig-history-" + index, metric, plot.svg(), legend, "");
    }

    static String figure(String id, String caption, String svg, String legend, String note) {
        return "<figure id=\"" + id + "\">\n<figcaption>" + escape(caption) + "</figcaption>\n" + svg + legend + note
                + "</figure>\n";
    }

    private static String curveDescription(ClassificationEvaluation e, String what) {
        return e.labels().size() == 2
                ? what + " of the positive label '" + e.labels().get(1) + "', scored by its predicted probability."
                : what + " of each label against all others, scored by the label's predicted probability.";
    }

    private static String undefinedNote(List<String> labels, String why) {
        if (labels.isEmpty()) {
            return "";
        }
        return "<p class=\"note\">No curve for " + escape(String.join(", ", labels)) + ": " + why + ".</p>\n";
    }

    /** The "Blues" colour of a share in [0, 1], interpolated between the scale's stops. */
    static String blue(double share) {
        double pos = Math.max(0, Math.min(1, share)) * (BLUES.length - 1);
        int i = Math.min(BLUES.length - 2, (int) pos);
        double f = pos - i;
        int a = BLUES[i];
        int b = BLUES[i + 1];
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (a >> shift) & 0xff;
            int cb = (b >> shift) & 0xff;
            rgb |= (int) Math.round(ca + (cb - ca) * f) << shift;
        }
        return String.format(java.util.Locale.ROOT, "#%06x", rgb);
    }
}
