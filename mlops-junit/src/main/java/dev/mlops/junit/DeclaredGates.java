package dev.mlops.junit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Implement on a {@link ModelGate} test class to get one test per declared gate, so that the test
 * report lists each gate with its verdict.
 *
 * <pre>{@code
 * @ModelGate(spec = "src/main/mlops/model.yaml")
 * class IrisGatesTest implements DeclaredGates {
 * }
 * }</pre>
 */
public interface DeclaredGates {

    /**
     * @param gates the declared gates, injected by the extension
     * @return one test per gate
     */
    @TestFactory
    @DisplayName("quality gates:")
    default Stream<DynamicTest> gates(ModelGates gates) {
        return gates.dynamicTests();
    }
}
