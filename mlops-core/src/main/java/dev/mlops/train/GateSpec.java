package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a spec's {@code gates:} list: a rule one metric or check of the model must meet.
 * This record only holds and shape-checks what the file says; {@code dev.mlops.gate.Gate} gives it
 * meaning and {@code docs/gates.md} documents every key. Either {@code metric} or {@code check} is set.
 *
 * <pre>{@code
 * gates:
 *   - {metric: f1_weighted, min: 0.88}
 *   - {metric: f1, class: virginica, min: 0.8, min_rows: 10}
 *   - {metric: rmse, slice: {feature: ocean_proximity, equals: INLAND}, max: 90000}
 *   - {metric: accuracy, max_drop: 0.01, confidence: 0.95}
 *   - {check: robustness}
 *   - {check: missing, column: total_bedrooms, max: 0.02, severity: warn}
 * }</pre>
 *
 * @param name       a display name; {@code null} to derive one from the rule
 * @param severity   {@code block} (default: a failure fails the build) or {@code warn}
 * @param metric     a metric name as in the evaluation ({@code accuracy}, {@code rmse}, {@code f1.virginica})
 * @param label      with a per-class metric ({@code precision}, {@code recall}, {@code f1}, {@code support}):
 *                   the class ({@code class} in a spec file)
 * @param slice      restricts the metric to rows selected by a feature value or range
 * @param minRows    fewer evaluated rows (slice rows, class support) than this make the verdict
 *                   inconclusive (default 10)
 * @param min        the smallest acceptable value (for checks: see docs/gates.md)
 * @param max        the largest acceptable value (for checks: see docs/gates.md)
 * @param maxDrop    against the baseline: the largest acceptable regression (non-inferiority margin)
 * @param minGain    against the baseline: the smallest acceptable improvement
 * @param relative   whether {@code max_drop}/{@code min_gain} are fractions of the baseline's value
 * @param confidence decide on a confidence interval at this level (e.g. 0.95) instead of the point value
 * @param resamples  bootstrap resamples for the interval (default 1000)
 * @param seed       bootstrap seed (default 42)
 * @param check      a built-in check instead of a metric: a robustness check, a data check, or
 *                   {@code robustness} for all robustness checks
 * @param column     data checks: the column to check
 * @param values     data check {@code values}: the allowed values
 * @param tolerance  checks {@code probabilities}, {@code parity}, {@code range}, {@code values}: the allowed deviation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateSpec(
        @JsonProperty("name") String name,
        @JsonProperty("severity") String severity,
        @JsonProperty("metric") String metric,
        @JsonProperty("class") String label,
        @JsonProperty("slice") SliceSpec slice,
        @JsonProperty("min_rows") Integer minRows,
        @JsonProperty("min") Double min,
        @JsonProperty("max") Double max,
        @JsonProperty("max_drop") Double maxDrop,
        @JsonProperty("min_gain") Double minGain,
        @JsonProperty("relative") Boolean relative,
        @JsonProperty("confidence") Double confidence,
        @JsonProperty("resamples") Integer resamples,
        @JsonProperty("seed") Long seed,
        @JsonProperty("check") String check,
        @JsonProperty("column") String column,
        @JsonProperty("values") List<String> values,
        @JsonProperty("tolerance") Double tolerance) {

    /** Checks the combination of keys; metric names and check names are checked when the gate is built. */
    @JsonCreator
    public GateSpec {
        if ((metric == null) == (check == null)) {
            throw new IllegalArgumentException("a gate needs exactly one of 'metric' (e.g. metric: accuracy) or 'check'"
                    + " (e.g. check: robustness)" + (metric != null ? ", not both" : ""));
        }
        if (severity != null && !severity.equals("block") && !severity.equals("warn")) {
            throw new IllegalArgumentException("severity must be 'block' or 'warn', was '" + severity + "'");
        }
        finite("min", min);
        finite("max", max);
        finite("max_drop", maxDrop);
        finite("min_gain", minGain);
        finite("tolerance", tolerance);
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
        if (maxDrop != null && maxDrop < 0) {
            throw new IllegalArgumentException("max_drop must be at least 0 (the allowed regression), was " + maxDrop);
        }
        if (tolerance != null && tolerance < 0) {
            throw new IllegalArgumentException("tolerance must be at least 0, was " + tolerance);
        }
        if (minRows != null && minRows < 1) {
            throw new IllegalArgumentException("min_rows must be at least 1, was " + minRows);
        }
        if (confidence != null && !(confidence >= 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be at least 0.5 and below 1 (e.g. 0.95), was " + confidence);
        }
        if (resamples != null && (resamples < 100 || resamples > 100_000)) {
            throw new IllegalArgumentException("resamples must be between 100 and 100000, was " + resamples);
        }
        if (metric != null) {
            int rules = (min != null || max != null ? 1 : 0) + (maxDrop != null ? 1 : 0) + (minGain != null ? 1 : 0);
            if (rules != 1) {
                throw new IllegalArgumentException("gate on metric '" + metric + "' needs exactly one rule: min and/or max"
                        + " (absolute), max_drop or min_gain (against the baseline)" + (rules > 1 ? "; it has several" : ""));
            }
            if (relative != null && maxDrop == null && minGain == null) {
                throw new IllegalArgumentException("gate on metric '" + metric + "': 'relative' applies to max_drop and min_gain only");
            }
            rejectPresent("metric '" + metric + "'", List.of("column", "values", "tolerance"), column, values, tolerance);
        } else {
            rejectPresent("check '" + check + "'", List.of("class", "slice", "max_drop", "min_gain", "relative",
                    "confidence", "resamples", "seed", "min_rows"), label, slice, maxDrop, minGain, relative, confidence,
                    resamples, seed, minRows);
        }
        values = values == null ? null : List.copyOf(values);
    }

    /**
     * A gate on a metric with absolute bounds; {@code dev.mlops.gate.Gate} builds the other kinds.
     *
     * @param metric a metric name
     * @param min    the smallest acceptable value, or {@code null}
     * @param max    the largest acceptable value, or {@code null}
     * @return the spec
     */
    public static GateSpec metric(String metric, Double min, Double max) {
        return new GateSpec(null, null, metric, null, null, null, min, max, null, null, null, null, null, null, null,
                null, null, null);
    }

    /**
     * A gate on a built-in check.
     *
     * @param check the check name
     * @return the spec, without parameters
     */
    public static GateSpec check(String check) {
        return new GateSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, check,
                null, null, null);
    }

    private static void finite(String key, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number, was " + value);
        }
    }

    private static void rejectPresent(String what, List<String> keys, Object... values) {
        List<String> present = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                present.add(keys.get(i));
            }
        }
        if (!present.isEmpty()) {
            throw new IllegalArgumentException("gate on " + what + " does not take " + String.join(", ", present));
        }
    }
}
