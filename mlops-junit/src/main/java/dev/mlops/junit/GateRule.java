package dev.mlops.junit;

import dev.mlops.gate.Severity;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a gate on a {@link ModelGate} test class, in addition to the spec's {@code gates:}
 * list. The attributes mirror the spec keys ({@code docs/gates.md}); unset numbers are NaN, unset
 * texts empty. A class implementing {@link DeclaredGates} gets one test per gate.
 *
 * <pre>{@code
 * @GateRule(metric = "accuracy", min = 0.9)
 * @GateRule(metric = "f1", forClass = "virginica", min = 0.8, severity = Severity.WARN)
 * @GateRule(check = "robustness")
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(GateRules.class)
public @interface GateRule {

    /** @return a metric name as in the evaluation, or empty for a check */
    String metric() default "";

    /** @return a built-in check ({@code robustness}, {@code leakage}, ...), or empty for a metric */
    String check() default "";

    /** @return the class of a per-class metric ({@code class} in a spec file) */
    String forClass() default "";

    /** @return the feature whose value or range selects the slice */
    String sliceFeature() default "";

    /** @return the value the slice's rows have */
    String sliceEquals() default "";

    /** @return the slice's inclusive lower bound */
    double sliceMin() default Double.NaN;

    /** @return the slice's exclusive upper bound */
    double sliceMax() default Double.NaN;

    /** @return the smallest acceptable value */
    double min() default Double.NaN;

    /** @return the largest acceptable value */
    double max() default Double.NaN;

    /** @return the largest acceptable regression against the baseline */
    double maxDrop() default Double.NaN;

    /** @return the smallest acceptable improvement over the baseline */
    double minGain() default Double.NaN;

    /** @return whether maxDrop / minGain are fractions of the baseline's value */
    boolean relative() default false;

    /** @return a confidence level to decide on an interval, e.g. 0.95 */
    double confidence() default Double.NaN;

    /** @return fewer rows than this make the verdict inconclusive; 0 for the default (10) */
    int minRows() default 0;

    /** @return block (a failure fails the test) or warn (reported only) */
    Severity severity() default Severity.BLOCK;

    /** @return data checks: the column */
    String column() default "";

    /** @return data check values: the allowed values */
    String[] values() default {};

    /** @return checks probabilities, parity, range and values: the allowed deviation */
    double tolerance() default Double.NaN;

    /** @return a display name, or empty to derive one from the rule */
    String name() default "";
}
