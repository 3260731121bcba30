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
}
