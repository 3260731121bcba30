package dev.mlops.samples.iris;

import static dev.mlops.junit.ModelAssertions.assertThatModel;

import dev.mlops.gate.GateSubject;
import dev.mlops.junit.DeclaredGates;
import dev.mlops.junit.ModelGate;
import dev.mlops.train.SliceSpec;
import org.junit.jupiter.api.Test;

/**
 * Gates the iris model in {@code mvn verify}: one test per gate of the spec's {@code gates:} list
 * (accuracy, f1_weighted, the robustness checks, leakage), plus rules written in Java.
 */
@ModelGate(spec = "src/main/mlops/model.yaml")
class IrisModelTest implements DeclaredGates {

    @Test
    void everySpeciesIsRecognised(GateSubject model) {
        for (String species : new String[] {"setosa", "versicolor", "virginica"}) {
            assertThatModel(model).metric("f1").forClass(species).isAtLeast(0.8);
        }
    }

    @Test
    void longPetals(GateSubject model) {
        // setosa (short petals) is easy; versicolor and virginica overlap, which is where a model fails.
        assertThatModel(model).metric("accuracy").onSlice(SliceSpec.range("petal_length", 2.5, null)).isAtLeast(0.85);
    }
}
