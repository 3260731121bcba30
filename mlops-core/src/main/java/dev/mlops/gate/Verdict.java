package dev.mlops.gate;

import java.util.Locale;

/** The outcome of one gate. */
public enum Verdict {
    /** The model meets the rule. */
    PASS,
    /** The model breaks the rule. */
    FAIL,
    /**
     * The data cannot decide: too few rows, a metric undefined on these rows, a confidence interval
     * that contains the threshold, or a check that does not apply to this model.
     */
    INCONCLUSIVE;

    /** @return the lower-case name used in reports, e.g. {@code pass} */
    public String reportName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
