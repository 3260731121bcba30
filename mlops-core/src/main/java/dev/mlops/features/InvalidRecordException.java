package dev.mlops.features;

import dev.mlops.MlopsException;

/**
 * A record given for prediction does not fit the model's inputs: a missing or unknown field, a
 * value of the wrong type, NaN or infinity. Carries the field so that a server can report it.
 */
public final class InvalidRecordException extends MlopsException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the offending field (may be {@code null} when the record as a whole is wrong)
     * @param message what is wrong and what would be valid
     */
    public InvalidRecordException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the offending field, or {@code null} */
    public String field() {
        return field;
    }
}
