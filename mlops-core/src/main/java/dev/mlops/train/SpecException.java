package dev.mlops.train;

import dev.mlops.MlopsException;

/** A model spec file that cannot be used; the message starts with {@code file:line:column}. */
public final class SpecException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message, starting with the location
     * @param cause   the parser's exception
     */
    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
