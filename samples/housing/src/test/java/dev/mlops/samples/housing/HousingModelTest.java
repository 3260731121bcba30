package dev.mlops.samples.housing;

import static dev.mlops.junit.ModelAssertions.assertThatModel;

import dev.mlops.gate.GateSubject;
import dev.mlops.junit.DeclaredGates;
import dev.mlops.junit.ModelGate;
import dev.mlops.train.SliceSpec;
import org.junit.jupiter.api.Test;

/**
 * Gates the housing model in {@code mvn verify}: one test per gate of the spec's {@code gates:} list
 * (rmse, mae, r2, the inland and near-bay slices, robustness), plus rules written in Java.
 */
@ModelGate(spec = "src/main/mlops/model.yaml")
class HousingModelTest implements DeclaredGates {

    @Test
    void coastalErrorsStayBounded(GateSubject model) {
        // Inland houses are cheap and easy; the coast is where a linear model strains (mae about 61,000
        // near the ocean). Hold that line so a worse model cannot slip through.
        assertThatModel(model).metric("mae").onSlice(SliceSpec.equalTo("ocean_proximity", "<1H OCEAN")).isAtMost(65000);
        assertThatModel(model).metric("mae").onSlice(SliceSpec.equalTo("ocean_proximity", "NEAR OCEAN")).isAtMost(65000);
    }

    @Test
    void incomeExplainsPrices(GateSubject model) {
        // Within the middle income band the model must still explain a useful share of the variance.
        assertThatModel(model).metric("r2").onSlice(SliceSpec.range("median_income", 3.0, 6.0)).isAtLeast(0.3);
    }
}
