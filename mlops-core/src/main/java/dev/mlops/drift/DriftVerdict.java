package dev.mlops.drift;

import java.util.List;

/**
 * The outcome of a drift gate: a boolean verdict, a one-paragraph explanation, one line per
 * violation, and the full report behind them. A gate engine or a test wraps this; drift is a
 * result, never an exception.
 *
 * @param passed      true when the data did not drift
 * @param explanation what was compared and why the gate passed or failed
 * @param violations  one line per reason for failing (empty when passed)
 * @param report      the drift report
 */
public record DriftVerdict(boolean passed, String explanation, List<String> violations, DriftReport report) {

    /** Copies the list. */
    public DriftVerdict {
        violations = List.copyOf(violations);
    }

    /**
     * The message for a failed build or test: the violations, then one line per drifted feature
     * (and the predictions, when they drifted) with its method, score and threshold, e.g.
     * {@code "  sentence: jensenshannon distance=0.1408 >= 0.1000, low"}.
     *
     * @return several lines, no trailing newline
     */
    public String failureMessage() {
        StringBuilder sb = new StringBuilder(passed ? "No drift" : "Drift");
        sb.append(violations.isEmpty() ? "" : ": " + String.join("; ", violations));
        List<FeatureDrift> drifted = new java.util.ArrayList<>(report.driftedFeatures());
        if (report.prediction() != null && report.prediction().drifted()) {
            drifted.add(report.prediction());
        }
        for (FeatureDrift f : drifted) {
            sb.append("\n  ").append(f.feature()).append(": ").append(DriftGate.describe(f));
            if (f.method().isPValue()) {
                sb.append(" (statistic ").append(DriftReport.number(f.statistic())).append(')');
            }
        }
        return sb.toString();
    }
}
