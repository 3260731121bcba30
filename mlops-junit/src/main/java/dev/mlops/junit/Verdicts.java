package dev.mlops.junit;

import dev.mlops.gate.GateResult;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a gate's verdict into a test outcome: pass, failure, abort (skipped) or a logged warning. */
final class Verdicts {

    private static final Logger LOG = LoggerFactory.getLogger("dev.mlops.junit");

    private Verdicts() {
    }

    /** The error a blocking failure raises: the gate and its full explanation. */
    static AssertionFailedError failure(GateResult result) {
        return new AssertionFailedError("Gate failed: " + result.name() + ": " + result.explanation());
    }

    static void apply(GateResult result) {
        switch (result.verdict()) {
            case PASS -> LOG.debug("PASS {}: {}", result.name(), result.explanation());
            case INCONCLUSIVE -> throw new TestAbortedException("INCONCLUSIVE " + result.name() + ": " + result.explanation());
            case FAIL -> {
                if (result.isWarning()) {
                    LOG.warn("Gate failed (severity warn, not failing the test) {}: {}", result.name(), result.explanation());
                } else {
                    throw failure(result);
                }
            }
        }
    }
}
