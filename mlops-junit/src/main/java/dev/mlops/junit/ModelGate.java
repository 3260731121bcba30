package dev.mlops.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gates a model in a JUnit 5 test class. The extension resolves the candidate model and its
 * evaluation data, and the optional baseline, once per test class, and injects them into test
 * methods: {@code GateSubject} (the candidate, with the baseline attached for comparisons),
 * {@code @Baseline GateSubject}, {@code TrainedModel}, {@code Evaluation}, {@code Dataset},
 * {@code ModelUnderTest} and {@link ModelGates}. Implement {@link DeclaredGates} to get one test
 * per gate of the spec's {@code gates:} list and of {@link GateRule} annotations. Every gate
 * checked in the class is written to {@code <reportDir>/<model>/gates.json} and {@code gates.md}
 * when the class finishes.
 *
 * <pre>{@code
 * @ModelGate(spec = "src/main/mlops/model.yaml")
 * class IrisModelTest implements DeclaredGates {
 *     @Test
 *     void virginicaIsRecognised(GateSubject model) {
 *         assertThatModel(model).metric("f1").forClass("virginica").isAtLeast(0.85);
 *     }
 * }
 * }</pre>
 *
 * <p>Relative paths are resolved against the working directory, which Maven Surefire sets to the
 * module's folder; data file names in the spec are relative to that folder too, as for the
 * {@code mlops:train} goal.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ModelGateExtension.class)
public @interface ModelGate {

    /**
     * @return the candidate's model spec file; the model is trained from it (deterministically)
     *         once per test class
     */
    String spec() default "src/main/mlops/model.yaml";

    /**
     * @return the baseline to compare with, evaluated on the candidate's test rows: a model spec file
     *         (trained), {@code bundle:<path>} (a bundle directory or .mlbundle), {@code alias:champion}
     *         (the candidate's registered model under that alias), a registry URI such as
     *         {@code models:/iris@champion} or {@code models:/iris/3}; empty for none
     */
    String baseline() default "";

    /** @return the model registry for {@code alias:} and {@code models:/} baselines, relative to the project folder */
    String registry() default "mlruns";

    /** @return the folder under which {@code <model>/gates.json} and {@code gates.md} are written */
    String reportDir() default "target/mlops";
}
