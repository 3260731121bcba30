package dev.mlops.report;

import java.util.List;

import java.util.Locale;

/**
 * One gate's outcome as the report shows it: a row of the gate table. Neutral input, filled from
 * whatever evaluated the gate.
 *
 * @param name        the gate's name, e.g. {@code accuracy >= 0.9}; not blank
 * @param verdict     the outcome
 * @param observed    the observed value the rule was checked against, NaN when there was none
 *                    (for example an inconclusive gate without data)
 * @param rule        the rule in words, e.g. {@code accuracy >= 0.9 (lower bound of the 95% interval)};
 *                    may be empty
 * @param explanation why the gate ended as it did; may be empty
 * @param severity    how much a failure matters, e.g. {@code error} or {@code warning}; may be empty
 */
public record GateRow(String name, Verdict verdict, double observed, String rule, String explanation,
                      String severity) {

    /** The outcome of a gate. */
    public enum Verdict {
        /** The rule held. */
        PASS,
        /** The rule was broken. */
        FAIL,
        /** The data could not decide, e.g. too few rows or an interval straddling the threshold. */
        INCONCLUSIVE;

        /** @return the lower-case name shown in the report, e.g. {@code pass} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the required fields and turns null texts into empty ones.
     *
     * @throws IllegalArgumentException when the name is blank or the verdict is null
     */
    public GateRow {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("gate name must not be blank, was " + (name == null ? "null" : "'" + name + "'"));
        }
        if (verdict == null) {
            throw new IllegalArgumentException("gate '" + name + "' has no verdict; valid: PASS, FAIL, INCONCLUSIVE");
        }
        rule = rule == null ? "" : rule;
        explanation = explanation == null ? "" : explanation;
        severity = severity == null ? "" : severity;
    }

    /**
     * The rows of a gate report, in its order.
     *
     * @param report the gate engine's report
     * @return one row per gate
     */
    public static List<GateRow> of(dev.mlops.gate.GateReport report) {
        return report.results().stream().map(r -> new GateRow(r.name(), Verdict.valueOf(r.verdict().name()),
                r.observed() == null ? Double.NaN : r.observed(), r.rule(), r.explanation(),
                r.severity().specName())).toList();
    }
}
