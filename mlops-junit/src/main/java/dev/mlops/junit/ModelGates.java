package dev.mlops.junit;

import dev.mlops.gate.Gate;
import dev.mlops.gate.GateEngine;
import dev.mlops.gate.GateException;
import dev.mlops.gate.GateResult;
import dev.mlops.gate.GateSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * The gates declared for a {@link ModelGate} test class (the spec's {@code gates:} list, then
 * {@link GateRule} annotations) and the subject they apply to. Inject it into a
 * {@code @TestFactory}, or implement {@link DeclaredGates}, which does.
 */
public final class ModelGates {

    private final GateRun run;

    ModelGates(GateRun run) {
        this.run = run;
    }

    /** @return the declared gates, in order */
    public List<Gate> gates() {
        return run.gates;
    }

    /** @return the candidate, with the baseline attached when one is configured */
    public GateSubject subject() {
        return run.subject;
    }

    /**
     * Evaluates every declared gate now and returns one test per gate, named like
     * {@code f1_weighted >= 0.88 (observed 0.9533)}: it passes, fails with the explanation, is
     * aborted (reported as skipped) with the reason when inconclusive, or passes with a logged
     * warning when a gate of severity warn fails. A gate that cannot be evaluated (unknown metric,
     * missing baseline) becomes a failing test that says what to change.
     *
     * @return the tests
     */
    public Stream<DynamicTest> dynamicTests() {
        List<DynamicTest> tests = new ArrayList<>();
        if (run.gates.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("no gates declared", () -> {
                throw new AssertionFailedError(run.where + ": model " + run.spec.name() + " declares no gates; add a"
                        + " gates: list to its spec or @GateRule annotations to the test class");
            }));
        }
        for (Gate gate : run.gates) {
            GateResult result;
            try {
                result = GateEngine.evaluate(gate, run.subject);
            } catch (GateException e) {
                String message = e.getMessage() + hint(gate);
                tests.add(DynamicTest.dynamicTest(gate.name() + " (cannot evaluate)", () -> {
                    throw new AssertionFailedError(message, e);
                }));
                continue;
            }
            run.record(result);
            String name = result.displayName() + (result.isWarning() ? " [warn: failed]" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> Verdicts.apply(result)));
        }
        return tests.stream();
    }

    private String hint(Gate gate) {
        if (gate.comparesWithBaseline() && run.subject.baseline() == null) {
            return "; set @ModelGate(baseline = \"path/to/baseline-model.yaml\") on the test class, or remove the gate";
        }
        return "; fix the gate in " + run.spec.name() + "'s spec or in the @GateRule annotation";
    }
}
