package dev.mlops.gate;

import dev.mlops.util.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in checks a gate can run instead of a metric rule: robustness checks on the model and
 * data checks on the evaluation rows. {@code docs/gates.md} describes what each one measures.
 */
public enum Check {
    /** Every evaluation row gets a prediction: a known label, or a finite value. Observed: rows without one. */
    PREDICTIONS(true, "predictions for every row"),
    /** Every predicted label is one of the model's classes. Observed: rows with another label. */
    KNOWN_LABELS(true, "labels within the known classes"),
    /** Probabilities are in [0, 1] and sum to 1 within the tolerance (default 1e-6). Observed: rows that do not. */
    PROBABILITIES(true, "probabilities in [0, 1] summing to 1"),
    /** Predicting one record at a time works and agrees with batch prediction. Observed: rows that do not. */
    SINGLE_RECORD(true, "single-record prediction"),
    /** All-zero, huge, tiny and unseen-category inputs give a valid prediction. Observed: inputs that do not. */
    EXTREME_INPUTS(true, "extreme and zero inputs"),
    /** Two runs over the evaluation rows give identical outputs. Observed: rows that differ. */
    DETERMINISM(true, "determinism (two runs identical)"),
    /** The model agrees with its second runtime (e.g. ONNX). Observed: the largest difference. */
    PARITY(true, "parity with the second runtime"),
    /** Single-record prediction latency after warm-up. Observed: p99 in milliseconds; reported unless {@code max} is set. */
    LATENCY(true, "prediction latency"),
    /** Observed: the number of evaluation rows. */
    ROWS(false, "row count"),
    /** Observed: the share of missing values in a column (the worst column when none is named). */
    MISSING(false, "missing share"),
    /** Observed: the share of a numeric column's values outside [min, max]. */
    RANGE(false, "values within range"),
    /** Observed: the share of a column's values outside the allowed set. */
    VALUES(false, "values within the allowed set"),
    /** Observed: the share of the rarest class among the evaluation rows. */
    CLASS_BALANCE(false, "class balance"),
    /** Observed: evaluation rows identical (features and target) to a training row. */
    LEAKAGE(false, "no train/test duplicates");

    /** The name of the group that expands to every robustness check. */
    public static final String ROBUSTNESS = "robustness";

    private final boolean robustness;
    private final String description;

    Check(boolean robustness, String description) {
        this.robustness = robustness;
        this.description = description;
    }

    /** @return the name used in spec files, e.g. {@code known_labels} */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether this check runs the model (a robustness check) rather than inspecting data */
    public boolean isRobustness() {
        return robustness;
    }

    /** @return a short human description, e.g. {@code labels within the known classes} */
    public String description() {
        return description;
    }

    /** @return every robustness check, in the order they run */
    public static List<Check> robustnessChecks() {
        List<Check> all = new ArrayList<>();
        for (Check c : values()) {
            if (c.robustness) {
                all.add(c);
            }
        }
        return all;
    }

    /**
     * @param name a check name as written in a spec file
     * @return the check
     * @throws GateException naming the valid checks and the nearest one
     */
    public static Check fromSpec(String name) {
        for (Check c : values()) {
            if (c.specName().equals(name)) {
                return c;
            }
        }
        List<String> valid = new ArrayList<>();
        valid.add(ROBUSTNESS);
        for (Check c : values()) {
            valid.add(c.specName());
        }
        throw new GateException("unknown check '" + name + "'" + Names.suggestion(String.valueOf(name), valid));
    }
}
