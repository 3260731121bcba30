package dev.mlops;

/**
 * Base of the library's unchecked exceptions: a misuse or bad input the caller can fix. The message
 * always names what was wrong (file and line, spec key, field), the bad value and what is valid.
 */
public class MlopsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a complete, user-facing message.
     *
     * @param message what was wrong, where, and what would be valid
     */
    public MlopsException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a complete, user-facing message and its cause.
     *
     * @param message what was wrong, where, and what would be valid
     * @param cause   the underlying failure
     */
    public MlopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
