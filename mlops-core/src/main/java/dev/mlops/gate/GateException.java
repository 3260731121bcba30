package dev.mlops.gate;

import dev.mlops.MlopsException;

/**
 * A gate cannot be evaluated because it is used wrongly: an unknown metric, class, column or check,
 * a comparison without a baseline, a data check without data. Never thrown for a model that merely
 * fails a gate: that is a {@link GateResult} with verdict {@link Verdict#FAIL}.
 */
public final class GateException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the gate and what would be valid
     */
    public GateException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the gate and what would be valid
     * @param cause   the underlying failure
     */
    public GateException(String message, Throwable cause) {
        super(message, cause);
    }
}
