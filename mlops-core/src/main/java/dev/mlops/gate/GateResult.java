package dev.mlops.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The verdict of one gate, with everything needed to understand it without rerunning anything.
 *
 * @param name        the gate's name, e.g. {@code f1_weighted >= 0.88}
 * @param kind        {@code metric}, {@code comparison}, {@code robustness} or {@code data}
 * @param metric      what was measured, e.g. {@code f1.virginica} or {@code missing_share.total_bedrooms}
 * @param rule        the rule, e.g. {@code >= 0.88}
 * @param severity    block or warn
 * @param verdict     pass, fail or inconclusive
 * @param observed    the measured value (the candidate's, for comparisons); {@code null} when there is none
 * @param baseline    the baseline's value for comparisons, else {@code null}
 * @param lower       the lower end of the confidence interval the decision was made on, else {@code null}
 *                    (for comparisons: of the gain over the baseline)
 * @param upper       the upper end of that interval, else {@code null}
 * @param confidence  the interval's confidence level, else {@code null}
 * @param pValue      McNemar's exact p-value for accuracy comparisons at a confidence level, else {@code null}
 * @param rows        the number of rows the value was measured on, else {@code null}
 * @param explanation one line saying what was observed and why that gives the verdict
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GateResult(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("metric") String metric,
        @JsonProperty("rule") String rule,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("verdict") Verdict verdict,
        @JsonProperty("observed") Double observed,
        @JsonProperty("baseline") Double baseline,
        @JsonProperty("lower") Double lower,
        @JsonProperty("upper") Double upper,
        @JsonProperty("confidence") Double confidence,
        @JsonProperty("p_value") Double pValue,
        @JsonProperty("rows") Integer rows,
        @JsonProperty("explanation") String explanation) {

    /** Checks the required fields; NaN values become {@code null} (JSON has no NaN). */
    public GateResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
        observed = finiteOrNull(observed);
        baseline = finiteOrNull(baseline);
        lower = finiteOrNull(lower);
        upper = finiteOrNull(upper);
    }

    /** @return whether this result fails the build: a failure with severity block */
    public boolean blocks() {
        return verdict == Verdict.FAIL && severity == Severity.BLOCK;
    }

    /** @return whether this is a failure that is only reported: severity warn */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isWarning() {
        return verdict == Verdict.FAIL && severity == Severity.WARN;
    }

    /**
     * @return the name with the observed value, as a test is named: {@code f1_weighted >= 0.88 (observed 0.9533)}
     */
    public String displayName() {
        if (observed == null) {
            return name;
        }
        return name + " (observed " + Format.number(observed)
                + (baseline != null ? " vs baseline " + Format.number(baseline) : "") + ")";
    }

    /** @return a one-line summary: verdict, name and explanation */
    public String summary() {
        return verdict + (isWarning() ? " (warn)" : "") + " " + name + ": " + explanation;
    }

    private static Double finiteOrNull(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
