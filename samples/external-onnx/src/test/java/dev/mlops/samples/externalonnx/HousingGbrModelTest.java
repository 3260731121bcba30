package dev.mlops.samples.externalonnx;

import static dev.mlops.junit.ModelAssertions.assertThatModel;

import dev.mlops.gate.GateSubject;
import dev.mlops.junit.Baseline;
import dev.mlops.junit.DeclaredGates;
import dev.mlops.junit.ModelGate;
import dev.mlops.train.SliceSpec;
import org.junit.jupiter.api.Test;

/**
 * Gates the scikit-learn model in {@code mvn verify}: one test per gate of the spec's {@code gates:}
 * list (rmse, mae, r2, the inland slice, robustness, leakage, missing values), and the external model
 * against the in-house linear baseline ({@code baseline.yaml}, trained in Java), both evaluated on
 * the same 4,128 test rows.
 */
@ModelGate(spec = "src/main/mlops/model.yaml", baseline = "src/main/mlops/baseline.yaml")
class HousingGbrModelTest implements DeclaredGates {

    @Test
    void beatsTheLinearBaseline(GateSubject gbr, @Baseline GateSubject linear) {
        // observed: rmse 47,972 against 70,216 (gain 31.7%, 95% interval [29.6%, 33.8%]); mae 31,997 against 50,681
        assertThatModel(gbr).metric("rmse").withConfidence(0.95).isBetterThan(linear).byAtLeastRelative(0.2);
        assertThatModel(gbr).metric("mae").isBetterThan(linear).atAll();
    }

    @Test
    void expensiveDistrictsStayBounded(GateSubject gbr) {
        // Incomes of 60,000 dollars and more (452 test rows): prices are high and capped at 500,001 in the
        // census data, so absolute errors are largest there (observed mae 38,204).
        assertThatModel(gbr).metric("mae").onSlice(SliceSpec.range("median_income", 6.0, null)).isAtMost(42000);
    }
}
