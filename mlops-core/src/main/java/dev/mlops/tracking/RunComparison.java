package dev.mlops.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Two runs side by side: every param and every metric (latest value) of either run, one row each.
 *
 * @param left  the first run
 * @param right the second run
 * @param rows  params first, then metrics, each sorted by key
 */
public record RunComparison(Run left, Run right, List<Row> rows) {

    /**
     * Copies the rows.
     *
     * @param left the first run
     * @param right the second run
     * @param rows params first, then metrics, each sorted by key
     */
    public RunComparison {
        rows = List.copyOf(rows);
    }

    /** What a row compares. */
    public enum Kind {
        /** A param. */
        PARAM,
        /** The latest value of a metric. */
        METRIC
    }

    /**
     * One compared key.
     *
     * @param kind  param or metric
     * @param key   the key
     * @param left  the left value as text, or null when the left run lacks it
     * @param right the right value as text, or null when the right run lacks it
     * @param delta right minus left for metrics present in both, else null
     */
    public record Row(Kind kind, String key, String left, String right, Double delta) {

        /**
         * Whether the two sides differ (including one side missing).
         *
         * @return true when the values differ
         */
        public boolean differs() {
            return !Objects.equals(left, right);
        }
    }

    /**
     * Compares two runs.
     *
     * @param left  the first run
     * @param right the second run
     * @return the comparison
     */
    public static RunComparison of(Run left, Run right) {
        List<Row> rows = new ArrayList<>();
        TreeSet<String> params = new TreeSet<>(left.params().keySet());
        params.addAll(right.params().keySet());
        for (String key : params) {
            rows.add(new Row(Kind.PARAM, key, left.params().get(key), right.params().get(key), null));
        }
        TreeSet<String> metrics = new TreeSet<>(left.metrics().keySet());
        metrics.addAll(right.metrics().keySet());
        for (String key : metrics) {
            Metric l = left.metrics().get(key);
            Metric r = right.metrics().get(key);
            Double delta = l != null && r != null ? r.value() - l.value() : null;
            rows.add(new Row(Kind.METRIC, key, l == null ? null : format(l.value()),
                    r == null ? null : format(r.value()), delta));
        }
        return new RunComparison(left, right, rows);
    }

    /**
     * Only the rows whose values differ.
     *
     * @return the differing rows
     */
    public List<Row> differences() {
        return rows.stream().filter(Row::differs).toList();
    }

    /**
     * A plain-text table: kind, key, left value, right value, delta; "-" marks a missing value and
     * "*" a difference.
     *
     * @return the table, one row per line
     */
    public String toTable() {
        String leftHeader = label(left);
        String rightHeader = label(right);
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"", "kind", "key", leftHeader, rightHeader, "delta"});
        for (Row row : rows) {
            cells.add(new String[] {row.differs() ? "*" : "", row.kind().name().toLowerCase(Locale.ROOT), row.key(),
                    row.left() == null ? "-" : row.left(), row.right() == null ? "-" : row.right(),
                    row.delta() == null ? "" : String.format(Locale.ROOT, "%+.6g", row.delta())});
        }
        int[] widths = new int[6];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                l.append(String.format(Locale.ROOT, "%-" + Math.max(1, widths[i]) + "s", line[i]));
                if (i < line.length - 1) {
                    l.append("  ");
                }
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String label(Run run) {
        String name = run.info().runName();
        String id = run.id().length() > 8 ? run.id().substring(0, 8) : run.id();
        return name == null || name.isEmpty() ? id : name + " (" + id + ")";
    }

    private static String format(double v) {
        return PythonFloat.repr(v);
    }
}
