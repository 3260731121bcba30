package dev.mlops.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method parameter that receives the baseline instead of the candidate:
 * {@code @Baseline GateSubject}, {@code @Baseline TrainedModel}, {@code @Baseline Evaluation} (on
 * the candidate's rows) or {@code @Baseline ModelUnderTest}. Requires {@link ModelGate#baseline()}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Baseline {
}
