package dev.mlops.report;

import static dev.mlops.report.Html.coord;
import static dev.mlops.report.Html.escape;

import java.util.ArrayList;
import java.util.List;

/**
 * An x-y chart drawn as inline SVG: linear axes with grid lines, tick labels and axis titles,
 * and data layers added in order. Data coordinates are mapped into a fixed view box; the SVG
 * scales to its container's width. Every plotted element carries a class ({@code series},
 * {@code point}, {@code bar}, {@code reference}) so that tests can count them.
 */
final class Plot {

    /** Width of the view box of a full-size chart. */
    static final double WIDTH = 480;
    /** Height of the view box of a full-size chart. */
    static final double HEIGHT = 340;
    private static final double LEFT = 66;
    private static final double RIGHT = 18;
    private static final double TOP = 14;
    private static final double BOTTOM = 50;

    /** The smallest move, in view box units, between two drawn points of a line. */
    static final double MIN_STEP = 0.5;
    /** Okabe and Ito's colour-blind safe palette, without its yellow (too pale on white). */
    static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9");
    /** Dash patterns, so that series stay apart in grey-scale print and for colour-blind readers. */
    static final List<String> DASHES = List.of("", "7 3", "2 3", "9 3 2 3");

    /**
     * A linear axis.
     *
     * @param label      the axis title
     * @param min        the value at the axis start
     * @param max        the value at the axis end, greater than {@code min}
     * @param ticks      the tick positions
     * @param tickLabels the tick labels, parallel to {@code ticks}
     */
    record Axis(String label, double min, double max, double[] ticks, String[] tickLabels) {

        /** An axis from 0 to 1 with ticks every 0.2. */
        static Axis unit(String label) {
            double[] ticks = {0, 0.2, 0.4, 0.6, 0.8, 1};
            return new Axis(label, 0, 1, ticks, labels(ticks, 0.2));
        }

        /**
         * An axis covering {@code [lo, hi]} with about five ticks at round numbers (1, 2 or 5
         * times a power of ten), extended to the ticks around the data.
         */
        static Axis nice(String label, double lo, double hi) {
            if (!(hi > lo)) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double raw = (hi - lo) / 5;
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / power;
            double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
            long first = (long) Math.floor(lo / step + 1e-9);
            long last = (long) Math.ceil(hi / step - 1e-9);
            double[] ticks = new double[(int) (last - first + 1)];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = (first + i) * step;
            }
            return new Axis(label, ticks[0], ticks[ticks.length - 1], ticks, labels(ticks, step));
        }

        /** An axis of positions 1..n with one label each (labels thinned out when many). */
        static Axis positions(String label, List<String> names) {
            int n = names.size();
            int every = Math.max(1, (int) Math.ceil(n / 10.0));
            List<Double> ticks = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % every == 0 || i == n - 1) {
                    ticks.add(i + 1.0);
                    texts.add(names.get(i));
                }
            }
            return new Axis(label, 0.5, n + 0.5, ticks.stream().mapToDouble(Double::doubleValue).toArray(),
                    texts.toArray(String[]::new));
        }

        private static String[] labels(double[] ticks, double step) {
            String[] labels = new String[ticks.length];
            for (int i = 0; i < ticks.length; i++) {
                labels[i] = Html.tick(ticks[i], step);
            }
            return labels;
        }
    }

    private final String id;
    private final String title;
    private final String description;
    private final Axis x;
    private final Axis y;
    private final double width;
    private final double height;
    private final StringBuilder body = new StringBuilder();
    private final List<String> legend = new ArrayList<>();

    /**
     * @param id          the SVG element's id, unique in the page
     * @param title       the chart title (SVG title, read by screen readers)
     * @param description what the chart shows, in a sentence (SVG desc)
     * @param x           the horizontal axis
     * @param y           the vertical axis
     */
    Plot(String id, String title, String description, Axis x, Axis y) {
        this(id, title, description, x, y, WIDTH, HEIGHT);
    }

    /**
     * A chart of a given size, e.g. a small multiple. Text keeps its size in view box units, so
     * a smaller view box shown at a smaller width keeps text legible.
     *
     * @param width  the view box width, at least 240
     * @param height the view box height, at least 150
     */
    Plot(String id, String title, String description, Axis x, Axis y, double width, double height) {
        this.width = width;
        this.height = height;
        this.id = id;
        this.title = title;
        this.description = description;
        this.x = x;
        this.y = y;
    }

    double px(double v) {
        return LEFT + (v - x.min()) / (x.max() - x.min()) * (width - LEFT - RIGHT);
    }

    double py(double v) {
        return height - BOTTOM - (v - y.min()) / (y.max() - y.min()) * (height - TOP - BOTTOM);
    }

    /**
     * Adds a line through the points, or a step line (horizontal, then vertical) when
     * {@code steps}; the series also gets a legend entry. Points closer than {@value #MIN_STEP}
     * view box units to the last drawn point in both directions are skipped (the last point never
     * is), so a curve over a million distinct scores stays a few kilobytes and looks the same.
     */
    Plot line(int series, String name, double[] xs, double[] ys, boolean steps) {
        body.append("<path class=\"series\" data-series=\"").append(series).append("\" data-points=\"").append(xs.length)
                .append("\" fill=\"none\" stroke-width=\"2\"").append(stroke(series)).append(" d=\"");
        double lastX = 0;
        double lastY = 0;
        for (int i = 0; i < xs.length; i++) {
            double x = px(xs[i]);
            double y = py(ys[i]);
            if (i > 0 && i < xs.length - 1 && Math.abs(x - lastX) < MIN_STEP && Math.abs(y - lastY) < MIN_STEP) {
                continue;
            }
            if (steps && i > 0) {
                body.append(" L").append(coord(x)).append(' ').append(coord(lastY));
            }
            body.append(i == 0 ? "M" : " L").append(coord(x)).append(' ').append(coord(y));
            lastX = x;
            lastY = y;
        }
        body.append("\"><title>").append(escape(name)).append("</title></path>\n");
        legend.add(entry(series, name));
        return this;
    }

    /** Adds a marker at a point, with a tooltip. */
    Plot point(int series, double vx, double vy, double radius, String tooltip) {
        body.append("<circle class=\"point\" data-series=\"").append(series).append("\" cx=\"").append(coord(px(vx)))
                .append("\" cy=\"").append(coord(py(vy))).append("\" r=\"").append(coord(radius)).append("\" fill=\"")
                .append(COLOURS.get(series % COLOURS.size())).append("\" stroke=\"#fff\" stroke-width=\"0.8\">");
        if (tooltip != null) {
            body.append("<title>").append(escape(tooltip)).append("</title>");
        }
        body.append("</circle>\n");
        return this;
    }

    /** Adds many small translucent markers without tooltips, for scatter plots. */
    Plot scatter(double[] xs, double[] ys, String colour) {
        body.append("<g fill=\"").append(colour).append("\" fill-opacity=\"0.45\">\n");
        for (int i = 0; i < xs.length; i++) {
            body.append("<circle class=\"point\" cx=\"").append(coord(px(xs[i]))).append("\" cy=\"")
                    .append(coord(py(ys[i]))).append("\" r=\"2\"/>\n");
        }
        body.append("</g>\n");
        return this;
    }

    /** Adds a bar spanning {@code [x0, x1]} horizontally and {@code [y0, y1]} vertically. */
    Plot bar(double x0, double x1, double y0, double y1, int count, String tooltip) {
        double left = px(x0);
        double top = py(y1);
        body.append("<rect class=\"bar\" data-count=\"").append(count).append("\" x=\"").append(coord(left))
                .append("\" y=\"").append(coord(top)).append("\" width=\"").append(coord(px(x1) - left))
                .append("\" height=\"").append(coord(py(y0) - top)).append("\" fill=\"").append(COLOURS.get(0))
                .append("\" fill-opacity=\"0.75\" stroke=\"#fff\" stroke-width=\"0.5\"><title>").append(escape(tooltip))
                .append("</title></rect>\n");
        return this;
    }

    /** Adds a dashed grey reference line (the chance diagonal, perfect calibration, zero residual). */
    Plot reference(double x0, double y0, double x1, double y1, String name) {
        body.append("<line class=\"reference\" x1=\"").append(coord(px(x0))).append("\" y1=\"").append(coord(py(y0)))
                .append("\" x2=\"").append(coord(px(x1))).append("\" y2=\"").append(coord(py(y1)))
                .append("\" stroke=\"#6b7280\" stroke-width=\"1.2\" stroke-dasharray=\"4 4\"><title>").append(escape(name))
                .append("</title></line>\n");
        legend.add("<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\""
                + " stroke=\"#6b7280\" stroke-width=\"1.5\" stroke-dasharray=\"4 4\"/></svg>" + escape(name) + "</li>");
        return this;
    }

    /** Returns the SVG element. */
    String svg() {
        StringBuilder sb = new StringBuilder(body.length() + 2048);
        open(sb, id, title, description, width, height);
        sb.append("<g class=\"grid\" stroke=\"#e5e7eb\" stroke-width=\"1\">\n");
        for (double t : x.ticks()) {
            sb.append("<line x1=\"").append(coord(px(t))).append("\" y1=\"").append(coord(TOP)).append("\" x2=\"")
                    .append(coord(px(t))).append("\" y2=\"").append(coord(height - BOTTOM)).append("\"/>\n");
        }
        for (double t : y.ticks()) {
            sb.append("<line x1=\"").append(coord(LEFT)).append("\" y1=\"").append(coord(py(t))).append("\" x2=\"")
                    .append(coord(width - RIGHT)).append("\" y2=\"").append(coord(py(t))).append("\"/>\n");
        }
        sb.append("</g>\n<g class=\"axes\">\n");
        sb.append("<rect x=\"").append(coord(LEFT)).append("\" y=\"").append(coord(TOP)).append("\" width=\"")
                .append(coord(width - LEFT - RIGHT)).append("\" height=\"").append(coord(height - TOP - BOTTOM))
                .append("\" fill=\"none\" stroke=\"#9ca3af\"/>\n");
        for (int i = 0; i < x.ticks().length; i++) {
            sb.append("<text x=\"").append(coord(px(x.ticks()[i]))).append("\" y=\"").append(coord(height - BOTTOM + 16))
                    .append("\" text-anchor=\"middle\">").append(escape(Html.shorten(x.tickLabels()[i], 12))).append("</text>\n");
        }
        for (int i = 0; i < y.ticks().length; i++) {
            sb.append("<text x=\"").append(coord(LEFT - 6)).append("\" y=\"").append(coord(py(y.ticks()[i]) + 4))
                    .append("\" text-anchor=\"end\">").append(escape(y.tickLabels()[i])).append("</text>\n");
        }
        sb.append("<text class=\"axis-title\" x=\"").append(coord(LEFT + (width - LEFT - RIGHT) / 2)).append("\" y=\"")
                .append(coord(height - 10)).append("\" text-anchor=\"middle\">").append(escape(x.label())).append("</text>\n");
        double midY = TOP + (height - TOP - BOTTOM) / 2;
        sb.append("<text class=\"axis-title\" transform=\"translate(16 ").append(coord(midY))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(escape(y.label())).append("</text>\n");
        sb.append("</g>\n<g class=\"data\">\n").append(body).append("</g>\n</svg>\n");
        return sb.toString();
    }

    /** Returns the legend as an HTML list, empty when no series was named. */
    String legendHtml() {
        if (legend.isEmpty()) {
            return "";
        }
        return "<ul class=\"legend\">" + String.join("", legend) + "</ul>\n";
    }

    /** Opens an accessible SVG element: role img, labelled by its title and description. */
    static void open(StringBuilder sb, String id, String title, String description, double width, double height) {
        sb.append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(coord(width)).append(' ')
                .append(coord(height)).append("\" style=\"max-width:").append(coord(width * 1.3))
                .append("px\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id)
                .append("-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"").append(id).append("-title\">")
                .append(escape(title)).append("</title>\n<desc id=\"").append(id).append("-desc\">").append(escape(description))
                .append("</desc>\n");
    }

    /** The stroke attributes of a series: its colour and dash pattern. */
    static String stroke(int series) {
        String dash = DASHES.get(series % DASHES.size());
        return " stroke=\"" + COLOURS.get(series % COLOURS.size()) + "\"" + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    /** A legend entry: a short sample of the series' line, then its name. */
    static String entry(int series, String name) {
        return "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\""
                + " stroke-width=\"2.5\"" + stroke(series) + "/></svg>" + escape(name) + "</li>";
    }
}
