package dev.mlops.tracking;

/**
 * A named thing (experiment, run, registered model, model version, alias) does not exist. The
 * message names what was asked for and, where possible, the nearest existing name.
 */
public class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was not found, and where
     */
    public NotFoundException(String message) {
        super(message);
    }
}
